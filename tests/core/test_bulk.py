"""core.bulk.insert_with_history: the rows as given (dates, decimals, defaults), one "+" history row each naming the
user and the reason, and the new ids by the rows' key."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from tests.factories import at
from zeroharm.core.bulk import insert_with_history
from zeroharm.org.models import ManHours

pytestmark = pytest.mark.django_db


def test_rows_and_their_history_rows_are_inserted_with_their_ids(world):
    when = at(2026, 12, 1, 9)
    month = datetime.date(2026, 11, 1)
    rows = [
        {"unit_id": world.unit(code).pk, "month": month, "hours": Decimal(hours), "average_headcount": Decimal("6.5")}
        | {"created_at": when, "updated_at": when}
        for code, hours in (("A1a", "1234.5"), ("B1a", "99.0"))
    ]
    ids = insert_with_history(
        ManHours, rows, key=("unit_id", "month"), user=world.users["safety"], reason="imported", when=when
    )
    written = {m.unit.code: m for m in ManHours.objects.filter(month=month)}
    assert ids == {(m.unit_id, month): m.pk for m in written.values()}
    a1a = written["A1a"]
    assert (a1a.hours, a1a.average_headcount, a1a.version, a1a.is_archived, a1a.created_at) == (
        Decimal("1234.5"),
        Decimal("6.5"),
        1,  # the field's default
        False,
        when,
    )
    history = a1a.history.get()
    assert (history.history_type, history.history_user, history.history_change_reason, history.history_date) == (
        "+",
        world.users["safety"],
        "imported",
        when,
    )
    assert (history.hours, history.unit_id) == (Decimal("1234.5"), world.unit("A1a").pk)


def test_nothing_to_insert_inserts_nothing(world):
    before = ManHours.objects.count()
    assert insert_with_history(ManHours, [], key=("unit_id", "month"), user=None, reason="x", when=at(2026, 1, 1)) == {}
    assert ManHours.objects.count() == before
