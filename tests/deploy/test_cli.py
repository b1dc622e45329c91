"""The `zeroharm` command itself: `--help` lists the product's own commands, `--version` prints the version."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src"
PRODUCT_COMMANDS = ("demo", "serve", "worker", "scan", "pdf_signing_key")


def zeroharm(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the installed console script (the venv's `zeroharm`), importing this checkout's code."""
    script = Path(sys.executable).with_name("zeroharm")
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return subprocess.run([str(script), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=120)


def test_help_lists_the_product_commands_one_line_each(tmp_path):
    result = zeroharm("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    for name in PRODUCT_COMMANDS:
        described = [line for line in lines if line.split()[:1] == [name]]
        assert len(described) == 1, f"{name} is not listed once in:\n{result.stdout}"
        assert len(described[0].split()) > 3  # the name and a sentence saying what it does
    assert "zeroharm help" in result.stdout  # the pointer to Django's own commands (migrate, createsuperuser, …)
    assert not (tmp_path / "var").exists()  # reading the help sets nothing up: no database, no secret key


def test_no_arguments_prints_the_same_help(tmp_path):
    assert zeroharm(cwd=tmp_path).stdout == zeroharm("-h", cwd=tmp_path).stdout


def test_version_prints_the_package_version(tmp_path):
    result = zeroharm("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"zeroharm {version('zeroharm')}"


def test_django_commands_still_answer(tmp_path):
    result = zeroharm("help", "migrate", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "usage: zeroharm migrate" in result.stdout
