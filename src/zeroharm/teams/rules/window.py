"""When a briefing may be signed in to, when it counts as held late, and when as not held at all."""

from __future__ import annotations

import datetime

__all__ = ["OPENS_BEFORE", "LATE_AFTER", "MISSED_AFTER", "in_window", "held_late", "is_missed", "read_later"]

OPENS_BEFORE = datetime.timedelta(minutes=15)  # members gather before the briefing starts
LATE_AFTER = datetime.timedelta(minutes=15)  # opened this long after its time: held late
MISSED_AFTER = datetime.timedelta(hours=2)  # not opened by then: not held, and the workshop is told


def in_window(starts_at: datetime.datetime, ends_at: datetime.datetime, now: datetime.datetime) -> bool:
    """Signing in with the code: from a quarter of an hour before the start to the end."""
    return starts_at - OPENS_BEFORE <= now <= ends_at


def read_later(ends_at: datetime.datetime, now: datetime.datetime) -> bool:
    """After the window a member who missed it reads the briefing on the phone and confirms (until it is closed)."""
    return now > ends_at


def held_late(starts_at: datetime.datetime, opened_at: datetime.datetime | None) -> bool:
    return opened_at is not None and opened_at > starts_at + LATE_AFTER


def is_missed(starts_at: datetime.datetime, opened_at: datetime.datetime | None, now: datetime.datetime) -> bool:
    return opened_at is None and now > starts_at + MISSED_AFTER
