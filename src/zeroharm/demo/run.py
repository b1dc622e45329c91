"""Build the demo group: the set-up steps, then every life on the timeline, then what was made."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone, translation

from zeroharm.demo.context import Demo
from zeroharm.demo.data import load

__all__ = ["build", "is_loaded", "logins"]


def is_loaded() -> bool:
    from zeroharm.org.models import OrgUnit

    return OrgUnit.objects.filter(code=load("org")["group"]["code"]).exists()


def logins() -> list[tuple[str, str, str]]:
    """(persona, username, role · unit) of each demo login."""
    from zeroharm.core.roles import Role
    from zeroharm.org.models import OrgUnit

    personas = load("org")["personas"]
    names = dict(OrgUnit.objects.filter(code__in=[p[3] for p in personas]).values_list("code", "name"))
    return [
        (persona, username, f"{Role(role).label} · {names.get(code, code)}")
        for persona, username, role, code in personas
    ]


def _steps() -> list[tuple[str, Callable]]:
    from zeroharm.demo import (
        actions,
        agreements,
        campaigns,
        hazards,
        incidents,
        inspections,
        org,
        responsibility,
        reviews,
        rewards,
        risks,
        teams,
        training,
        training_history,
    )

    return [
        ("organisation", org.build_org),
        ("logins", org.build_logins),
        ("risks", risks.build_risks),
        ("inspections", inspections.build_inspections),
        ("hazards", hazards.build_hazards),
        ("actions", actions.build_actions),
        ("incidents", incidents.build_incidents),
        ("training catalogue", training.build_training_catalogue),
        ("training history", training_history.build_training_history),
        ("team safety", teams.build_teams),
        ("responsibility", responsibility.build_responsibility),
        ("agreements", agreements.build_agreements),
        ("rewards and penalties", rewards.build_rewards),
        ("campaigns", campaigns.build_campaigns),
        ("summary reviews", reviews.build_reviews),
    ]


@transaction.atomic
def build(*, today: datetime.date | None = None, seed: int = 2026, out: Callable[[str], None] = print) -> Demo:
    """Set up the group, plan every record's life, run the timeline up to the build date, then report."""
    from zeroharm.core.tallies import deferred
    from zeroharm.demo.hashers import quick_password_checks

    # The services write in words (the case library's draft) in Chinese. The home page's per-unit tallies are
    # counted once per unit at the end, not at each of some 15,000 writes (the same rows; core.tallies.deferred).
    with translation.override("zh-hans"), deferred(), quick_password_checks():
        return _build(Demo(today=today or timezone.localdate(), seed=seed), out)


def _build(demo: Demo, out: Callable[[str], None]) -> Demo:
    reports = []
    for name, step in _steps():
        started = time.monotonic()
        summary = step(demo)  # a set-up step's summary, or a function that counts once the timeline has run
        if isinstance(summary, str):
            out(f"  {name}: {summary} ({time.monotonic() - started:.1f} s)")
        else:
            reports.append((name, summary))
    started = time.monotonic()
    _planner_statistics(demo)
    _nightly_scans(demo)
    demo.timeline.run()
    _counts_of_today(demo)
    out(
        f"  timeline: {demo.timeline.steps} steps from {demo.first_day:%Y-%m-%d} to {demo.today:%Y-%m-%d} "
        f"({time.monotonic() - started:.1f} s)"
    )
    for name, report in reports:
        out(f"  {name}: {report()}")
    return demo


def _nightly_scans(demo: Demo) -> None:
    """The worker's scans at one in the morning. The deadline scan runs on the nights a hidden danger reaches a
    reminder, its deadline or its second escalation (`demo.deadline_nights`, kept by the hazards' lives): it
    changes nothing on the others, so this is what running it every night does, in a fraction of the time. The
    schedule scan runs weekly and on the last night (an inspection due in between is generated when it is done:
    see inspections.py). The agreements' standing is worked out afresh each night from the records, so the last
    night's is what every night's would leave (the home page's agreements at risk, as of that night)."""
    from zeroharm.hazards.scans import deadline_scan
    from zeroharm.inspections.scans import schedule_scan
    from zeroharm.responsibility.scans_standings import agreement_standings

    last = demo.today - datetime.timedelta(days=1)

    def nights():
        day = demo.first_day
        while day < demo.today:
            yield timezone.make_aware(datetime.datetime.combine(day, datetime.time(1)))
            if day in demo.deadline_nights or day == last:
                deadline_scan(today=day)
            if day >= demo.objects.get("inspections_from", demo.today) and (day.weekday() == 0 or day == last):
                schedule_scan(today=day)
            if day == last:
                agreement_standings(today=day)
            day += datetime.timedelta(days=1)

    demo.timeline.add(nights())


def _counts_of_today(demo: Demo) -> None:
    """The worker's first scans of the day: today's cleared-to-work counts, which the home page reads, and the
    analysis' monthly counts (analytics.monthly), which its breakdowns and control charts read."""
    from zeroharm.analytics.monthly import count_months
    from zeroharm.training.services.clearance_tallies import count_clearance

    count_clearance(demo.today)
    count_months(demo.today)


def _planner_statistics(demo: Demo) -> None:
    """PostgreSQL plans by its statistics of each table, and a table filled inside this one transaction has none
    until ANALYZE: it then reads two years of attendance and training records as if they were a few rows, with
    nested loops over whole tables (a build of hours, not minutes). ANALYZE sees the transaction's own rows, so the
    demo gathers them once a month of its timeline, as autovacuum would have between the months."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return

    def analyze():
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    analyze()

    def monthly():
        day = demo.first_day
        while day < demo.today:
            yield timezone.make_aware(datetime.datetime.combine(day, datetime.time(0, 30)))
            analyze()
            year, month = divmod(day.year * 12 + day.month, 12)
            day = datetime.date(year, month + 1, 1)

    demo.timeline.add(monthly())
