"""The house's shape, checked: no module above 400 lines (generated migrations aside).

Import cycles and upward imports are checked by import-linter (pyproject.toml, run by `make test`).
"""

from pathlib import Path

import zeroharm

MAX_LINES = 400
SOURCE = Path(zeroharm.__file__).parent


def test_no_module_is_longer_than_400_lines():
    long = {
        str(path.relative_to(SOURCE)): n
        for path in SOURCE.rglob("*.py")
        if "migrations" not in path.parts and (n := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}


TESTS = Path(__file__).resolve().parents[1]
NOT_APPS = {"support", "fixtures", "deploy", "__pycache__"}  # helpers, data files, the deployment's own tests


def test_tests_mirror_the_code():
    """A test module lives in tests/<app>/ for the app it tests; only shared set-up stays at the top."""
    apps = {p.name for p in SOURCE.iterdir() if (p / "__init__.py").exists()}
    at_top = {p.name for p in TESTS.glob("test_*.py")}
    strays = {p.name for p in TESTS.iterdir() if p.is_dir() and p.name not in apps | NOT_APPS}
    assert (at_top, strays) == (set(), set())


def test_no_test_module_imports_another():
    """Helpers several modules need live in tests/support (or conftest.py, factories.py), not in a test module."""
    import re

    pattern = re.compile(r"^\s*from tests\.(?:\w+\.)*test_\w+ import|^\s*import tests\.(?:\w+\.)*test_", re.M)
    offenders = sorted(str(p.relative_to(TESTS)) for p in TESTS.rglob("*.py") if pattern.search(p.read_text()))
    assert offenders == []
