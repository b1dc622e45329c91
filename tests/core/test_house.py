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
