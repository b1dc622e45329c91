"""Two app servers behind one proxy share everything: a record, a photo and a session made on one, served by the other.

Two real `zeroharm serve` processes (gunicorn) run on two ports against one PostgreSQL database, one S3-compatible
media store (moto's server, run as its own process) and the database cache, each with its own empty VAR_DIR: what
either keeps on its own disk or in its own memory cannot help the other. Needs PostgreSQL (DATABASE_URL, as CI sets
it); the test creates its own database and drops it at the end (tests/deploy/conftest.py).
"""

from __future__ import annotations

import re
import secrets
import subprocess
from pathlib import Path

import pytest

from tests.deploy.processes import (
    BIN,
    MIGRATED,
    PASSWORD,
    SETUP,
    clean_environment,
    free_port,
    stop,
    wait_for,
    zeroharm,
)
from tests.support.images import jpeg_bytes

pytestmark = [pytest.mark.slow, MIGRATED]
BUCKET = "zeroharm-media"


@pytest.fixture
def media_store():
    """An S3-compatible endpoint (moto's server in its own process) with an empty private bucket."""
    moto = BIN / "moto_server"
    if not moto.exists():
        pytest.skip("moto[server] is not installed (requirements-dev.lock has it)")
    import boto3

    port = free_port()
    process = subprocess.Popen(
        [str(moto), "-H", "127.0.0.1", "-p", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        endpoint = f"http://127.0.0.1:{port}"
        wait_for(endpoint, process, "moto_server")
        s3 = boto3.client(
            "s3", endpoint_url=endpoint, region_name="us-east-1", aws_access_key_id="test", aws_secret_access_key="test"
        )  # noqa: S106 - moto's stand-in credentials
        s3.create_bucket(Bucket=BUCKET)
        yield endpoint, s3
    finally:
        stop(process)


class Servers:
    """The shared environment and the two app servers started on it."""

    def __init__(self, tmp_path: Path, database_url: str, endpoint: str):
        self.env = clean_environment(
            **{
                "DATABASE_URL": database_url,
                "ZEROHARM_SECRET_KEY": secrets.token_urlsafe(50),  # one key for all servers, as the guide says
                "ZEROHARM_HTTPS": "false",
                "ZEROHARM_ALLOWED_HOSTS": "127.0.0.1",
                "ZEROHARM_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
                "ZEROHARM_MEDIA_STORAGE": "s3",
                "ZEROHARM_S3_ENDPOINT_URL": endpoint,
                "ZEROHARM_S3_BUCKET": BUCKET,
                "ZEROHARM_S3_REGION": "us-east-1",
                "ZEROHARM_S3_ACCESS_KEY": "test",
                "ZEROHARM_S3_SECRET_KEY": "test",
                "ZEROHARM_CACHE_URL": "db://",
                "ZEROHARM_LOG_LEVEL": "WARNING",
            }
        )
        self.tmp_path = tmp_path
        self.processes: list[subprocess.Popen] = []

    def var_dir(self, name: str) -> Path:
        return self.tmp_path / name

    def run(self, *args: str) -> str:
        return zeroharm(*args, env={**self.env, "ZEROHARM_VAR_DIR": str(self.var_dir("admin"))})

    def start(self, name: str) -> str:
        port = free_port()
        env = {**self.env, "ZEROHARM_VAR_DIR": str(self.var_dir(name))}
        process = subprocess.Popen(
            [str(BIN / "zeroharm"), "serve", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/login/", process, f"app server {name}")
        return base

    def stop_all(self) -> None:
        for process in self.processes:
            stop(process)


@pytest.fixture
def servers(tmp_path, migrated_database, media_store):
    endpoint, s3 = media_store
    group = Servers(tmp_path, migrated_database, endpoint)
    group.s3 = s3
    group.run("migrate", "--noinput", "-v0")  # nothing left to apply: a copy of a migrated database
    group.unit = re.search(r"unit (\d+)", group.run("shell", "-c", SETUP)).group(1)
    try:
        yield group
    finally:
        group.stop_all()


def _sign_in(base: str):
    import requests

    session = requests.Session()
    session.get(f"{base}/login/", timeout=30)
    answer = session.post(
        f"{base}/login/",
        timeout=30,
        allow_redirects=False,
        data={"username": "monitor", "password": PASSWORD, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
    )
    assert answer.status_code == 302 and "sessionid" in session.cookies, answer.text[:500]
    return session


def _report_with_photo(session, base: str, unit: str, photo: bytes) -> str:
    session.get(f"{base}/hazards/report/", timeout=30)
    answer = session.post(
        f"{base}/hazards/report/",
        timeout=60,
        allow_redirects=False,
        data={
            "unit": unit,
            "location": "冲压机 3 号",
            "description": "Guard of press 3 is missing (two servers)",
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        },
        files={"photos": ("press.jpg", photo, "image/jpeg")},
    )
    assert answer.status_code == 302, answer.text[:2000]
    return answer.headers["Location"]


def test_a_record_a_photo_and_a_session_made_on_one_server_are_served_by_the_other(servers):
    import requests

    first, second = servers.start("one"), servers.start("two")
    on_first = _sign_in(first)
    record = _report_with_photo(on_first, first, servers.unit, jpeg_bytes(320, 240))
    assert re.fullmatch(r"/hazards/\d+/", record)

    # The second server, given only the session cookie the first one set.
    on_second = requests.Session()
    on_second.cookies.set("sessionid", on_first.cookies["sessionid"], domain="127.0.0.1")
    page = on_second.get(f"{second}{record}", timeout=30, allow_redirects=False)
    assert page.status_code == 200  # not a redirect to the sign-in page: the session is shared
    assert "Guard of press 3 is missing (two servers)" in page.text and "冲压机 3 号" in page.text
    photo_url = re.search(r"/hazards/photos/\d+/", page.text).group(0)
    photo = on_second.get(f"{second}{photo_url}", timeout=30)
    assert photo.status_code == 200 and photo.headers["Content-Type"] == "image/jpeg"

    # The photo is the one object in the shared store, and no server kept a copy on its own disk.
    [stored] = servers.s3.list_objects_v2(Bucket=BUCKET)["Contents"]
    assert servers.s3.get_object(Bucket=BUCKET, Key=stored["Key"])["Body"].read() == photo.content
    assert photo.content[:3] == b"\xff\xd8\xff"
    for name in ("one", "two"):
        media = servers.var_dir(name) / "media"
        assert not media.exists() or not any(p.is_file() for p in media.rglob("*")), f"server {name} kept files"

    # Signing out on the second server ends the session on the first one as well.
    on_second.get(f"{second}/login/", timeout=30)
    on_second.post(f"{second}/logout/", timeout=30, data={"csrfmiddlewaretoken": on_second.cookies["csrftoken"]})
    assert on_first.get(f"{first}{record}", timeout=30, allow_redirects=False).status_code == 302
