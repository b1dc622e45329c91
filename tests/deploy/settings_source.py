"""Shared test helpers (moved from test_settings_documented.py)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

READERS = {"env_str", "env_bool", "env_int", "env_list", "getenv", "get"}

NAME = re.compile(r"\b(?:ZEROHARM_[A-Z0-9_]*[A-Z0-9]|DATABASE_URL)\b")


def _first_string(call: ast.Call) -> str | None:
    if call.args and isinstance(call.args[0], ast.Constant) and isinstance(call.args[0].value, str):
        return call.args[0].value
    return None


def _reads(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in READERS and (value := _first_string(node)):
                yield value
        elif (
            isinstance(node, ast.Subscript)
            and ast.unparse(node.value) == "os.environ"
            and isinstance(node.slice, ast.Constant)
        ):
            yield node.slice.value


def settings_read() -> set[str]:
    """Every ZEROHARM_* (and DATABASE_URL) the product reads, wherever in src/ it reads it."""
    names = set()
    for path in (ROOT / "src" / "zeroharm").rglob("*.py"):
        names |= {name for name in _reads(ast.parse(path.read_text(), str(path))) if NAME.fullmatch(name)}
    return names
