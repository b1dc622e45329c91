"""The demo, built once per test session for this package (its only users; CI keeps them on one worker with
xdist_group "demo"): package-scoped, inside a transaction rolled back when the package's tests are done, so no
other test sees it."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction

TODAY = datetime.date(2026, 12, 4)


class Rollback(Exception):
    pass


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo as `zeroharm demo --today 2026-12-04` builds it, and the lines it printed."""
    from zeroharm.demo.run import build

    lines: list[str] = []
    with django_db_blocker.unblock():
        try:
            with transaction.atomic():
                built = build(today=TODAY, out=lines.append)
                yield built, lines
                raise Rollback
        except Rollback:
            pass
