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


TIME_PARTS = ("month", "weekday", "hour")


def _time_parts(user, scope: Scope, wanted=TIME_PARTS) -> tuple[dict, dict, dict, int]:
    """Incidents per local month, ISO weekday and hour (hour only when the time is known), and how many have
    no known time. One GROUP BY of the parts `wanted` (the others come back empty): all three give at most 168
    groups a month; one alone at most 24 in all.

    On SQLite, Django's time-zone functions run in Python row by row; instead SQLite's own `strftime` reads the
    stored UTC text with the zone's offset as a modifier (a CASE when the offset changes within the period), in
    C. Other databases use their own time-zone functions.
    """
    zone = ZoneInfo(settings.TIME_ZONE)
    wanted = [part for part in TIME_PARTS if part in wanted]
    base = incidents(user, scope)
    months, weekdays, hours = Counter(), Counter(), Counter()
    unknown_time = 0
    extra = ["time_unknown"] if "hour" in wanted else []
    if connection.vendor == "sqlite":
        formats = {"month": "%Y-%m", "weekday": "%w", "hour": "%H"}
        key = Func(
            Value(" ".join(formats[part] for part in wanted)),
            F("occurred_at"),
            _local_modifier(scope, zone),
            function="strftime",
            output_field=CharField(),
        )
        for k, *flag, n in base.annotate(k=key).values_list("k", *extra).order_by().annotate(n=Count("id")):
            values = dict(zip(wanted, k.split(" "), strict=True))
            if "month" in values:
                month = values["month"]
                months[datetime.date(int(month[:4]), int(month[5:7]), 1)] += n
            if "weekday" in values:
                weekdays[int(values["weekday"]) or 7] += n  # %w: 0 = Sunday
            if "hour" in values:
                if flag[0]:
                    unknown_time += n
                else:
                    hours[int(values["hour"])] += n
        return months, weekdays, hours, unknown_time
    functions = {
        "month": TruncMonth("occurred_at", tzinfo=zone),
        "weekday": ExtractIsoWeekDay("occurred_at", tzinfo=zone),
        "hour": ExtractHour("occurred_at", tzinfo=zone),
    }
    rows = base.annotate(**{part: functions[part] for part in wanted})
    for row in rows.values(*wanted, *extra).order_by().annotate(n=Count("id")):
        if "month" in row:
            month = row["month"]
            month = timezone.localtime(month, zone).date() if isinstance(month, datetime.datetime) else month
            months[month.replace(day=1)] += row["n"]
        if "weekday" in row:
            weekdays[row["weekday"]] += row["n"]
        if "hour" in row:
            if row["time_unknown"]:
                unknown_time += row["n"]
            else:
                hours[row["hour"]] += row["n"]
    return months, weekdays, hours, unknown_time
