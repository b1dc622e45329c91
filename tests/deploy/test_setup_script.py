"""scripts/setup.sh: the runtime mode keeps an existing dev install (the test tools) instead of removing them.

The script runs for real in a copy of the repository's set-up files, with stand-ins for the venv's python and
uv that only record what they are asked to install (no network, no packages).
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")

RECORDER = """#!/bin/sh
echo "$(basename "$0") $*" >> "$LOG"
"""
# A CJK font "exists" (so the font step installs nothing); apt-get and sudo refuse and the stand-in playwright only
# records, so whatever the machine has, the script changes nothing outside the temporary folder.
FC_LIST = """#!/bin/sh
echo "/usr/share/fonts/fake.ttc: Fake CJK:style=Regular"
"""
# npm ci fills node_modules; the stand-in only makes the folder and records the call.
NPM = """#!/bin/sh
echo "npm $*" >> "$LOG"
mkdir -p node_modules
"""
REFUSE = """#!/bin/sh
exit 1
"""


def _script(path: Path, text: str) -> None:
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@pytest.fixture
def checkout(tmp_path):
    repo = tmp_path / "repo"
    (repo / "scripts").mkdir(parents=True)
    shutil.copy(ROOT / "scripts" / "setup.sh", repo / "scripts" / "setup.sh")
    for name in ("requirements.lock", "requirements-dev.lock", "pyproject.toml", "package.json", "package-lock.json"):
        (repo / name).write_text(f"# {name}\n")
    venv = repo / ".venv" / "bin"
    venv.mkdir(parents=True)
    for tool in ("python", "uv", "playwright"):
        _script(venv / tool, RECORDER)
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _script(bin_dir / "fc-list", FC_LIST)
    _script(bin_dir / "npm", NPM)  # the front-end packages: recorded, never fetched
    for tool in ("apt-get", "sudo"):
        _script(bin_dir / tool, REFUSE)
    log = tmp_path / "install.log"
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "LOG": str(log),
        "PYTHON": sys.executable,
        "HOME": str(tmp_path),
    }

    def run(*args: str) -> list[str]:
        log.write_text("")
        subprocess.run(["bash", "scripts/setup.sh", *args], cwd=repo, env=env, check=True, capture_output=True)
        return [line for line in log.read_text().splitlines() if line.startswith("uv pip sync")]

    run.repo = repo
    return run


def _bump(path: Path) -> None:
    """Make a lock file newer than the install stamp (an upgrade pulled a new lock)."""
    later = path.stat().st_mtime + 10
    os.utime(path, (later, later))


def test_runtime_mode_installs_the_runtime_lock(checkout):
    assert [line.split()[-1] for line in checkout()] == ["requirements.lock"]


def test_runtime_mode_after_dev_keeps_the_test_tools(checkout):
    checkout()
    assert [line.split()[-1] for line in checkout("dev")] == ["requirements-dev.lock"]
    assert checkout() == []  # nothing re-synced: the dev install (a superset) stays
    _bump(checkout.repo / "requirements.lock")
    _bump(checkout.repo / "requirements-dev.lock")
    assert [line.split()[-1] for line in checkout()] == ["requirements-dev.lock"]  # an upgrade keeps them too


def test_a_new_runtime_lock_alone_still_updates_a_dev_install(checkout):
    checkout("dev")
    _bump(checkout.repo / "requirements.lock")
    assert [line.split()[-1] for line in checkout()] == ["requirements-dev.lock"]
