"""`make demo` serves on the port asked for: `make demo PORT=…` or `ZEROHARM_PORT=…`, else 8000."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned_demo(*args: str, **env: str) -> str:
    """What `make demo` would run (`make -n` prints the commands without running them)."""
    environ = {k: v for k, v in os.environ.items() if k not in {"PORT", "ZEROHARM_PORT", "MAKEFLAGS"}}
    result = subprocess.run(
        ["make", "-n", "demo", *args], cwd=ROOT, capture_output=True, text=True, env={**environ, **env}, check=True
    )
    return result.stdout


def served_on(plan: str) -> tuple[str, str]:
    serve = next(line for line in plan.splitlines() if " serve " in line)
    bind = serve.split("--bind ")[1].split()[0]
    site = next(word for word in serve.split() if word.startswith("ZEROHARM_SITE_URL="))
    return bind, site.split("=", 1)[1]


def test_default_port_is_8000():
    assert served_on(planned_demo()) == ("127.0.0.1:8000", "http://127.0.0.1:8000")


def test_port_on_the_command_line():
    plan = planned_demo("PORT=8001")
    assert served_on(plan) == ("127.0.0.1:8001", "http://127.0.0.1:8001")
    assert "http://127.0.0.1:8001/" in plan  # the address it prints


def test_port_from_the_environment():
    assert served_on(planned_demo(ZEROHARM_PORT="8002")) == ("127.0.0.1:8002", "http://127.0.0.1:8002")


def test_command_line_wins_over_the_environment():
    assert served_on(planned_demo("PORT=8003", ZEROHARM_PORT="8002"))[0] == "127.0.0.1:8003"


def test_a_stray_port_in_the_environment_is_ignored():
    assert served_on(planned_demo(PORT="5000"))[0] == "127.0.0.1:8000"
