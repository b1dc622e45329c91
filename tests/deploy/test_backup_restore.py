"""deploy/zeroharm-backup.sh and the restore steps of docs/deployment.md, run for real on PostgreSQL.

A database with ZeroHarm's schema, a login and an uploaded file is backed up, lost (database dropped, uploads
deleted) and restored with the guide's commands; the restored site has its login, its file and no missing
migration. Needs PostgreSQL (DATABASE_URL, as CI sets it) and its client tools (pg_dump, pg_restore).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time

import pytest

from tests.deploy.postgres import recreate
from tests.deploy.processes import MIGRATED, PASSWORD, ROOT, SETUP, clean_environment, zeroharm

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not (shutil.which("pg_dump") and shutil.which("pg_restore")),
        reason="PostgreSQL's client tools (pg_dump, pg_restore) are not installed",
    ),
]
SCRIPT = ROOT / "deploy" / "zeroharm-backup.sh"


@MIGRATED
def test_backup_then_restore(tmp_path, migrated_database):
    database = migrated_database
    var, backups = tmp_path / "var", tmp_path / "backups"
    env = clean_environment(
        DATABASE_URL=database,
        ZEROHARM_VAR_DIR=str(var),
        ZEROHARM_SECRET_KEY="backup-test",
        ZEROHARM_MEDIA_STORAGE="file",
        BACKUP_DIR=str(backups),
        KEEP_DAYS="14",
    )
    # An installation's first step; the database is a copy of one it already migrated (tests/deploy/conftest.py),
    # so here it finds nothing to apply.
    zeroharm("migrate", "--noinput", "-v0", env=env)
    zeroharm("shell", "-c", SETUP, env=env)
    photo = var / "media" / "hazards" / "2026" / "11" / "press.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(b"\xff\xd8\xff a photo")
    backups.mkdir()
    stale = backups / "zeroharm-2026-01-01-023000.dump"
    stale.write_bytes(b"old")
    month_ago = time.time() - 30 * 86400
    os.utime(stale, (month_ago, month_ago))

    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    [dump] = backups.glob("zeroharm-*.dump")  # the new one; the month-old one is gone (KEEP_DAYS)
    [media] = backups.glob("media-*.tar.gz")
    assert not stale.exists() and oct(dump.stat().st_mode & 0o777) == "0o600"

    # The disaster: the database and the uploads are lost.
    recreate(database)
    shutil.rmtree(var / "media")

    # docs/deployment.md, "Restore": pg_restore into the empty database, the uploads back in place, migrate.
    subprocess.run(
        ["pg_restore", "--no-owner", "--exit-on-error", f"--dbname={database}", str(dump)],
        check=True,
        capture_output=True,
        env=env,
    )
    (var / "media").mkdir()
    subprocess.run(["tar", "--extract", "--gzip", f"--file={media}", f"--directory={var / 'media'}"], check=True)
    zeroharm("migrate", "--noinput", "-v0", env=env)

    assert photo.read_bytes() == b"\xff\xd8\xff a photo"
    assert "No planned migration operations" in zeroharm("migrate", "--plan", env=env)
    login = (
        "from zeroharm.accounts.models import User; "
        f"print(User.objects.get(username='monitor').check_password({PASSWORD!r}))"
    )
    assert zeroharm("shell", "-c", login, env=env).splitlines()[-1] == "True"


def test_the_script_refuses_a_database_it_cannot_dump(tmp_path):
    env = clean_environment(DATABASE_URL="sqlite:///var/zeroharm.sqlite3", BACKUP_DIR=str(tmp_path))
    done = subprocess.run([str(SCRIPT)], env=env, capture_output=True, text=True)
    assert done.returncode == 2 and "sqlite3" in done.stderr and not any(tmp_path.iterdir())
