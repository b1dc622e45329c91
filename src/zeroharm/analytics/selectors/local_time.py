"""Hours, weekdays and months counted in the group's local time, in SQL, across daylight-saving changes."""

from __future__ import annotations

import datetime
from collections import Counter
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection
from django.db.models import Case, CharField, Count, F, Func, Value, When
from django.db.models.functions import ExtractHour, ExtractIsoWeekDay, TruncMonth
from django.utils import timezone

from zeroharm.analytics.selectors.scope import Scope, incidents


def _offset_minutes(moment: datetime.datetime, zone) -> int:
    return int(moment.astimezone(zone).utcoffset().total_seconds() // 60)


def utc_offsets(start: datetime.datetime, end: datetime.datetime, zone) -> list[tuple[datetime.datetime | None, int]]:
    """The zone's offsets from UTC (in minutes) between two moments: [(from, minutes), …], the first from None.
    Found day by day, each change pinned to the second by bisection (daylight saving, or a change of law)."""
    utc = datetime.UTC
    t, end = int(start.timestamp()), int(end.timestamp())
    current = _offset_minutes(datetime.datetime.fromtimestamp(t, utc), zone)
    segments: list[tuple[datetime.datetime | None, int]] = [(None, current)]
    while t < end:
        step = min(t + 86_400, end)
        offset = _offset_minutes(datetime.datetime.fromtimestamp(step, utc), zone)
        if offset != current:
            lo, hi = t, step  # the offset is `current` at lo and `offset` at hi
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if _offset_minutes(datetime.datetime.fromtimestamp(mid, utc), zone) == current:
                    lo = mid
                else:
                    hi = mid
            segments.append((datetime.datetime.fromtimestamp(hi, utc), offset))
            current = offset
        t = step
    return segments


def _local_modifier(scope: Scope, zone):
    """SQLite's date-function modifier that turns the stored UTC text into local time: "+480 minutes", or a
    CASE over the moments the offset changes within the period."""
    segments = utc_offsets(scope.start_at, scope.end_before, zone)
    if len(segments) == 1:
        return Value(f"{segments[0][1]:+d} minutes")
    whens = [
        When(occurred_at__lt=segments[i + 1][0], then=Value(f"{minutes:+d} minutes"))
        for i, (_from, minutes) in enumerate(segments[:-1])
    ]
    return Case(*whens, default=Value(f"{segments[-1][1]:+d} minutes"), output_field=CharField())


def _time_parts(user, scope: Scope) -> tuple[dict, dict, dict, int]:
    """Incidents per local month, ISO weekday and hour (hour only when the time is known), and how many have
    no known time. One GROUP BY (month, weekday, hour): at most 168 groups a month.

    On SQLite, Django's time-zone functions run in Python row by row; instead SQLite's own `strftime` reads the
    stored UTC text with the zone's offset as a modifier (a CASE when the offset changes within the period), in
    C. Other databases use their own time-zone functions.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    base = incidents(user, scope)
    months, weekdays, hours = Counter(), Counter(), Counter()
    unknown_time = 0
    if connection.vendor == "sqlite":
        key = Func(
            Value("%Y-%m %w %H"),
            F("occurred_at"),
            _local_modifier(scope, zone),
            function="strftime",
            output_field=CharField(),
        )
        for row in base.annotate(k=key).values("k", "time_unknown").order_by().annotate(n=Count("id")):
            month, weekday, hour = row["k"].split(" ")
            n = row["n"]
            months[datetime.date(int(month[:4]), int(month[5:7]), 1)] += n
            weekdays[int(weekday) or 7] += n  # %w: 0 = Sunday
            if row["time_unknown"]:
                unknown_time += n
            else:
                hours[int(hour)] += n
        return months, weekdays, hours, unknown_time
    rows = (
        base.annotate(
            m=TruncMonth("occurred_at", tzinfo=zone),
            wd=ExtractIsoWeekDay("occurred_at", tzinfo=zone),
            h=ExtractHour("occurred_at", tzinfo=zone),
        )
        .values("m", "wd", "h", "time_unknown")
        .order_by()
        .annotate(n=Count("id"))
    )
    for row in rows:
        month = row["m"]
        month = timezone.localtime(month, zone).date() if isinstance(month, datetime.datetime) else month
        months[month.replace(day=1)] += row["n"]
        weekdays[row["wd"]] += row["n"]
        if row["time_unknown"]:
            unknown_time += row["n"]
        else:
            hours[row["h"]] += row["n"]
    return months, weekdays, hours, unknown_time
