"""The `zeroharm` command run as a server runs it: a separate process with its own environment."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The tests that use a migrated database (the `migrated_database` fixture) run on one worker (pytest-xdist's
# --dist loadgroup), so the template they copy is migrated once per run, not once per test.
MIGRATED = pytest.mark.xdist_group("deploy-postgresql")
BIN = Path(sys.executable).parent
PASSWORD = "Two-servers-2026"
# A team and a supervisor of it, made in the new database by `zeroharm shell`.
SETUP = f"""
from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.org.trees import build_tree
from zeroharm.org.models import OrgUnit
build_tree([("A", "Branch A", [("A1", "Workshop A1", [("A1a", "Team A1a")])])], root_code="G", root_name="Group G")
team = OrgUnit.objects.get(code="A1a")
user = User.objects.create_user("monitor", "monitor@example.com", "{PASSWORD}")
RoleAssignment.objects.create(user=user, role="supervisor", unit=team)
print("unit", team.pk)
"""


def clean_environment(**settings: str) -> dict[str, str]:
    """This process's environment without any ZeroHarm, Django or AWS setting, plus `settings`."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("ZEROHARM_", "DJANGO_", "AWS_"))}
    return {**keep, "PYTHONPATH": str(ROOT / "src"), **settings}


def zeroharm(*args: str, env: dict[str, str]) -> str:
    done = subprocess.run([str(BIN / "zeroharm"), *args], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(url: str, process: subprocess.Popen, what: str, seconds: float = 120) -> None:
    """Poll until `url` answers. The deadline only stops a hung start; no result depends on how fast it is."""
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode}")
        try:
            requests.get(url, timeout=2)
            return
        except requests.ConnectionError:
            time.sleep(0.3)
    raise RuntimeError(f"{what} did not answer within {seconds} s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
