"""The breakdowns' counts from the records (not the kept months): per dimension and value, as text keys.

The values are the breakdowns' keys: a category, shift or kind code; "YYYY-MM" for a month; the ISO weekday
("1" Monday … "7"); the hour ("0" … "23", "" when the time of day is unknown); a child unit's path; a band key; a
position's id; the agent as written; a cause factor. "" is "not recorded". `analytics.monthly` keeps the same keys
per month, so the two add up (`selectors.monthly.counted`)."""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, F

from zeroharm.analytics.selectors.local_time import _time_parts
from zeroharm.analytics.selectors.scope import UNKNOWN, Scope, incidents
from zeroharm.core.rollup import folded_by_child
from zeroharm.incidents import choices
from zeroharm.incidents.choices import BodyPart
from zeroharm.incidents.models import Cause, InvolvedPerson

# The bands of the incident list's filters: key → (label, lower bound included, upper bound excluded or None).
TENURE_BANDS = choices.TENURE_BANDS  # months in the job
AGE_BANDS = choices.AGE_BANDS  # years


def band_of(value: int | None, bands) -> str:
    """The band key of a value (months in the job, or age); "" when unknown."""
    if value is None:
        return UNKNOWN
    for key, (_label, low, high) in bands.items():
        if value >= low and (high is None or value < high):
            return key
    return UNKNOWN


def _fixed_fields(user, scope: Scope, fields=("category", "shift", "kind")) -> dict[str, dict[str, int]]:
    """Category, shift and kind (or those of them asked) in one GROUP BY (read from the covering index), folded per
    field."""
    fields = [f for f in ("category", "shift", "kind") if f in fields]
    rows = incidents(user, scope).values_list(*fields).order_by().annotate(n=Count("id"))
    out = {name: Counter() for name in fields}
    for *values, n in rows:
        for name, value in zip(fields, values, strict=True):
            out[name][value or UNKNOWN] += n
    return out


def _person_counts(user, scope: Scope, key) -> list[dict]:
    """Incidents per value of a fact about the people involved (distinct incidents): one GROUP BY."""
    people = InvolvedPerson.objects.filter(incident__in=incidents(user, scope).values("pk"))
    return list(people.annotate(k=key).values("k").order_by().annotate(n=Count("incident_id", distinct=True)))


_BODY_PARTS = {*BodyPart.values, UNKNOWN}


def person_facts(tenure: int | None, age: int | None, body_part: str) -> list[tuple[str, str]]:
    """The breakdown values of one person involved: time-in-job band, age band, body part ("" when not known; a
    body part outside the list counts nowhere). The kept counts (analytics.monthly) count people the same way."""
    facts = [("tenure", band_of(tenure, TENURE_BANDS)), ("age", band_of(age, AGE_BANDS))]
    if (body_part or UNKNOWN) in _BODY_PARTS:
        facts.append(("body_part", body_part or UNKNOWN))
    return facts


def _people_facts(user, scope: Scope) -> dict[str, Counter]:
    """Incidents per time-in-job band, age band and body part of the people involved, each incident once per value
    (two people in one band count it once there): one read of the people, counted here. (As one aggregate of some
    thirty `COUNT(DISTINCT …) FILTER` the ORM took longer to build the query than the database to run it.)"""
    people = InvolvedPerson.objects.filter(incident__in=incidents(user, scope).values("pk"))
    seen: dict[tuple[str, str], set[int]] = {}
    # Unordered: the people's default order joins their incidents, and PostgreSQL then planned the join and the
    # scope's subquery as a nested loop (12 s on a test's few hundred rows).
    rows = people.order_by().values_list("incident_id", "tenure_months", "age", "body_part")
    for incident_id, tenure, age, body_part in rows:
        for fact in person_facts(tenure, age, body_part):
            seen.setdefault(fact, set()).add(incident_id)
    out = {"tenure": Counter(), "age": Counter(), "body_part": Counter()}
    for (dimension, key), ids in seen.items():
        out[dimension][key] = len(ids)
    return out


FIXED = ("category", "shift", "kind")
TIMES = ("month", "weekday", "hour")
PEOPLE = ("tenure", "age", "body_part")


def from_records(user, scope: Scope, dimensions: list[str]) -> dict[str, Counter]:
    """The counts from the records: category, shift and kind share one query; month, weekday and hour one; time in
    the job, age and body part one; unit, position, agent and factor one each."""
    wanted = set(dimensions)
    out: dict[str, Counter] = {}
    if wanted & set(FIXED):
        out.update(_fixed_fields(user, scope, wanted))
    if wanted & set(TIMES):
        months, weekdays, hours, unknown_time = _time_parts(user, scope, wanted & set(TIMES))
        out["month"] = Counter({f"{m:%Y-%m}": n for m, n in months.items()})
        out["weekday"] = Counter({str(iso): n for iso, n in weekdays.items()})
        out["hour"] = Counter({str(h): n for h, n in hours.items()})
        if unknown_time:
            out["hour"][UNKNOWN] = unknown_time
    if wanted & set(PEOPLE):
        out.update(_people_facts(user, scope))
    if "unit" in wanted:
        inner = incidents(user, scope).values("unit_id").order_by().annotate(n=Count("id"))
        out["unit"] = Counter({row["child"]: row["n"] for row in folded_by_child(inner, scope.unit, [], ["n"])})
    if "position" in wanted:
        rows = _person_counts(user, scope, F("position_id"))
        out["position"] = Counter({str(r["k"]) if r["k"] else UNKNOWN: r["n"] for r in rows})
    if "agent" in wanted:
        rows = incidents(user, scope).values("agent").order_by().annotate(n=Count("id"))
        out["agent"] = Counter({row["agent"] or UNKNOWN: row["n"] for row in rows})
    if "factor" in wanted:
        causes = Cause.objects.filter(incident__in=incidents(user, scope).values("pk"))
        rows = causes.values("factor").order_by().annotate(n=Count("incident_id", distinct=True))
        out["factor"] = Counter({r["factor"]: r["n"] for r in rows})
    return {d: out.get(d, Counter()) for d in dimensions}
