"""Per-unit tallies (core.tallies): kept by every write equal to counting the records again, summed over a scope
to what the records give, folded without changing a figure, counted again when their condition changes."""

from __future__ import annotations

import datetime
from unittest import mock

import pytest
import time_machine
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from zeroharm.core import tallies
from zeroharm.core.models import UnitTally
from zeroharm.core.registry import scans
from zeroharm.core.roles import Action
from zeroharm.core.tallies import Figure, rebuild, tally_counts

pytestmark = pytest.mark.django_db


def _rows() -> set[tuple]:
    return set(UnitTally.objects.values_list("unit_id", "key", "day", "n"))


def _hazards(world, spread: list[tuple[str, str, int | None]]):
    from zeroharm.hazards.models import HiddenDanger

    today = timezone.localdate()
    return [
        HiddenDanger.objects.create(
            unit=world.unit(code),
            location="Bay",
            description="Guard",
            found_on=today,
            state=state,
            deadline=None if days is None else today + datetime.timedelta(days=days),
        )
        for code, state, days in spread
    ]


SPREAD = [
    ("A1a", "reported", None),
    ("A1a", "assigned", -1),
    ("A1a", "assigned", -90),
    ("A1b", "in_rectification", 0),
    ("A1b", "pending_acceptance", 12),
    ("B1a", "in_rectification", -200),
    ("B1a", "assigned", None),  # a deadline state without a deadline: never "past" it
    ("B1a", "closed", -5),
]


def test_what_the_writes_keep_is_what_counting_again_gives(world):
    from zeroharm.hazards.models import HiddenDanger

    made = _hazards(world, SPREAD)
    made[0].state = "assessed"
    made[0].save()
    made[1].unit = world.unit("B1a")  # moved: both units are counted again
    made[1].save(update_fields=["unit"])
    made[3].delete()
    HiddenDanger.objects.create(unit=world.unit("A2"), location="x", description="y", found_on=timezone.localdate())
    kept = _rows()
    assert any(key.startswith("hazards.HiddenDanger:") for _u, key, _d, _n in kept)
    rebuild()
    assert _rows() == kept


@pytest.mark.parametrize("persona", ["admin", "leader_a", "director_a1", "monitor_a1a", "leader_b"])
def test_a_figure_over_a_scope_is_the_records_count(world, persona):
    from zeroharm.hazards.models import DEADLINE_STATES, HiddenDanger

    _hazards(world, SPREAD)
    user, today = world.users[persona], timezone.localdate()
    figures = {"overdue": Figure("deadline", before=today), "soon": Figure("deadline", since=today)}
    mine = HiddenDanger.objects.visible_to(user, Action.CHANGE).filter(state__in=DEADLINE_STATES, is_archived=False)
    assert tally_counts(user, HiddenDanger, Action.CHANGE, figures) == {
        "overdue": mine.filter(deadline__lt=today).count(),
        "soon": mine.filter(deadline__gte=today).count(),
    }


def test_records_a_role_reaches_as_their_own(world):
    """An employee sees the hidden dangers they reported (OWN reach), not their team's."""
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.hazards.services import hazard_report

    worker = world.users["worker_a1a"]
    hazard_report(acting_user=worker, unit=world.unit("A1a"), location="Bay", description="Mine")
    _hazards(world, SPREAD)
    counts = tally_counts(worker, HiddenDanger, Action.VIEW, {"reported": Figure("reported")})
    assert counts == {"reported": 1}


def test_the_days_fold_into_the_long_past_and_no_figure_changes(world):
    from zeroharm.hazards.models import HiddenDanger

    _hazards(world, SPREAD)
    admin = world.users["admin"]
    later = timezone.now() + datetime.timedelta(days=tallies.KEEP_DAYS + 10)
    with mock.patch("django.utils.timezone.now", return_value=later):
        today = timezone.localdate()
        figures = {"overdue": Figure("deadline", before=today), "last_month": Figure("deadline", since=today)}
        before = tally_counts(admin, HiddenDanger, Action.CHANGE, figures)
        rows = UnitTally.objects.count()
        # The worker's scan; A1a and A1b had days now long past (B1a's were folded when they were written).
        assert scans["core.tallies"]() == "2 units' tallies folded"
        assert UnitTally.objects.count() < rows
        assert tally_counts(admin, HiddenDanger, Action.CHANGE, figures) == before == {"overdue": 5, "last_month": 0}


def test_a_figure_cannot_ask_further_back_than_the_days_kept(world):
    from zeroharm.hazards.models import HiddenDanger

    too_far = timezone.localdate() - datetime.timedelta(days=tallies.KEEP_DAYS + 1)
    with pytest.raises(ValueError):
        tally_counts(world.users["admin"], HiddenDanger, Action.CHANGE, {"x": Figure("deadline", since=too_far)})


def test_a_tally_whose_condition_changes_is_counted_again_at_migrate(world):
    from zeroharm.hazards.models import HiddenDanger

    _hazards(world, SPREAD)
    label, registered = "hazards.HiddenDanger", list(tallies._tallies["hazards.HiddenDanger"])
    try:
        old = tallies.register_tally(label, "probe", Q(state="reported"))
        tallies.build_missing()
        assert UnitTally.objects.filter(key=old.key).count() == 1
        new = tallies.register_tally(label, "probe", Q(state__in=["reported", "assigned"]))
        assert new.key != old.key
        tallies.build_missing()
        assert not UnitTally.objects.filter(key=old.key).exists()
        counts = tally_counts(world.users["admin"], HiddenDanger, Action.VIEW, {"probe": Figure("probe")})
        assert counts == {"probe": 4}
    finally:
        tallies._tallies[label] = registered


@pytest.mark.django_db(transaction=True)
def test_writers_of_one_unit_at_once_take_turns(world):
    """PostgreSQL: four writers saving hidden dangers in one unit at once all succeed, and the unit's tallies are
    what counting again gives (each counts the unit under an advisory lock; without it they collided)."""
    import threading

    from django.db import connection, connections, transaction

    from zeroharm.hazards.models import HiddenDanger

    if connection.vendor != "postgresql":
        pytest.skip("SQLite lets one writer at a time anyway")
    unit, today, failures = world.unit("A1a"), timezone.localdate(), []

    def write(seed: int) -> None:
        try:
            for i in range(10):
                with transaction.atomic():
                    hd = HiddenDanger.objects.create(
                        unit=unit,
                        location="Bay",
                        description="Guard",
                        found_on=today,
                        state=["reported", "assigned", "pending_acceptance"][(seed + i) % 3],
                        deadline=today + datetime.timedelta(days=(seed * i) % 7 - 3),
                    )
                    if i % 4 == 0:
                        hd.state = "closed"
                        hd.save()
        except Exception as error:  # noqa: BLE001 (reported below)
            failures.append(error)
        finally:
            connections.close_all()

    writers = [threading.Thread(target=write, args=(seed,)) for seed in range(4)]
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join()
    assert failures == [] and HiddenDanger.objects.filter(unit=unit).count() == 40
    kept = _rows()
    rebuild()
    assert _rows() == kept


def _noon(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))


def _writes_on_several_days(world) -> None:
    """Writes the demo's way, the clock at each: a unit last written 100 days ago keeps the days that counting
    then did not fold (a deadline 105 days ago), one written 30 days ago does fold them."""
    today = timezone.localdate()
    with time_machine.travel(_noon(today - datetime.timedelta(days=100)), tick=False):
        early = _hazards(world, [("A1a", "assigned", -5), ("A1b", "assigned", -70), ("B1a", "reported", None)])
    with time_machine.travel(_noon(today - datetime.timedelta(days=30)), tick=False):
        early[1].state = "in_rectification"
        early[1].save()
        early[2].unit = world.unit("A2")  # moved: both units are counted again
        early[2].save(update_fields=["unit"])


def test_deferred_counts_leave_the_rows_counting_at_each_write_leaves(world):
    with transaction.atomic():
        _writes_on_several_days(world)
        each = _rows()
        transaction.set_rollback(True)
    before = _rows()
    with tallies.deferred():
        _writes_on_several_days(world)
        assert _rows() == before  # nothing counted yet
    assert _rows() == each
    assert any(key.startswith("hazards.") and day != tallies.NO_DAY for _u, key, day, _n in each)


def test_a_read_inside_deferred_counts_what_is_pending_first(world):
    from zeroharm.hazards.models import HiddenDanger

    with tallies.deferred():
        _hazards(world, SPREAD)
        counts = tally_counts(world.users["admin"], HiddenDanger, Action.CHANGE, {"reported": Figure("reported")})
    assert counts["reported"] == HiddenDanger.objects.filter(state="reported").count() == 1


def test_after_a_failed_deferred_block_writes_count_at_once_again(world):
    with pytest.raises(RuntimeError), tallies.deferred():
        raise RuntimeError
    _hazards(world, SPREAD[:1])
    assert any(key.startswith("hazards.") for _u, key, _d, _n in _rows())
