"""What the demo's training steps share: who counts as active, the session plan a life follows, a session's span
and working days, and the course of an induction level."""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

__all__ = ["ACTIVE", "SessionPlan", "span", "workday", "level_course"]

ACTIVE = "active"


@dataclass
class SessionPlan:
    kind: str  # the report's word
    course: object
    unit: object
    actor: object
    starts: datetime.datetime
    ends: datetime.datetime
    people: list
    place: str
    trainer: str
    absent: list = field(default_factory=list)
    late: list = field(default_factory=list)
    failed: list | None = None  # assessed on site: who did not pass
    exam: bool = False


def span(day: datetime.date, hours, start=datetime.time(8, 30)) -> tuple[datetime.datetime, datetime.datetime]:
    """A session of `hours` 学时 from `start`: up to 10 a day, on consecutive days (presence is credited up to the
    course's hours, so the nights in between count for nothing more), and half an hour more for the breaks: one who
    came ten minutes late still has the hours."""
    days = max(1, math.ceil(float(hours) / 10))
    starts = timezone.make_aware(datetime.datetime.combine(day, start))
    last = datetime.timedelta(hours=min(float(hours), 10))
    return starts, starts + datetime.timedelta(days=days - 1) + last + datetime.timedelta(minutes=30)


def workday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def level_course(courses: dict, level: str, hours: Decimal):
    """The level's course whose hours cover the level's share (the high-risk course above 8 学时)."""
    stem = {"company": "IND-CO", "workshop": "IND-WS", "team": "IND-TM"}[level]
    return courses[stem] if hours <= courses[stem].hours else courses[f"{stem}-HR"]
