"""Signing in to a session: the window, late arrival and the minutes present. The rotating codes themselves are the
platform's (core.signin_codes), shared with the pre-shift briefing; a code is only taken within the session's window,
from 30 minutes before its start to its end.
"""

from __future__ import annotations

import datetime

from zeroharm.core.signin_codes import (
    QR_STEP_SECONDS,
    TYPED_STEP_SECONDS,
    accepts_qr,
    accepts_typed,
    qr_code,
    seconds_to_next_step,
    typed_code,
)

__all__ = [
    "QR_STEP_SECONDS",
    "TYPED_STEP_SECONDS",
    "OPENS_BEFORE",
    "qr_code",
    "typed_code",
    "accepts_qr",
    "accepts_typed",
    "in_window",
    "is_late",
    "minutes_present",
    "seconds_to_next_step",
]

OPENS_BEFORE = datetime.timedelta(minutes=30)


def in_window(starts_at: datetime.datetime, ends_at: datetime.datetime, now: datetime.datetime) -> bool:
    return starts_at - OPENS_BEFORE <= now <= ends_at


def is_late(starts_at: datetime.datetime, late_after_minutes: int, arrived: datetime.datetime) -> bool:
    return arrived > starts_at + datetime.timedelta(minutes=late_after_minutes)


def minutes_present(
    arrived: datetime.datetime | None,
    left: datetime.datetime | None,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
) -> int:
    """Whole minutes between arriving and leaving (the end when nobody signed out), clipped to the session: the
    time before the start or after the end teaches nothing of the course."""
    if arrived is None:
        return 0
    begin = max(arrived, starts_at)
    end = min(left or ends_at, ends_at)
    return max(0, int((end - begin).total_seconds() // 60))
