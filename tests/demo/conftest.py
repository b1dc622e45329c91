"""The demo, built once per test session for this package (its only users; CI keeps them on one worker with
xdist_group "demo"): package-scoped, inside a transaction rolled back when the package's tests are done, so no
other test sees it."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection, transaction

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
                # Each test's teardown checks the deferred constraints inside its own savepoint (Django's TestCase)
                # before rolling it back. On PostgreSQL that fired the foreign-key checks of every row the demo
                # inserted, about 9 s, and the rollback left them pending again for the next test. Fired once here,
                # in the package's transaction, they are done.
                connection.check_constraints()
                yield built, lines
                raise Rollback
        except Rollback:
            pass
