"""Reads of incidents for pages and the API (scoped; a constant number of queries)."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q

from zeroharm.core.events import ask
from zeroharm.core.scoping import path_q, subtree_q
from zeroharm.incidents.choices import IncidentKind, InjuryClass
from zeroharm.incidents.models import CaseStudy, Incident, InvolvedPerson
from zeroharm.org.models import OrgUnit

__all__ = [
    "people_for_display",
    "similar_incidents",
    "category_inputs",
    "category_suggestions",
    "injuries_of",
    "recent_in",
    "case_for_briefing",
    "case_titles",
    "injuries_by_unit",
    "near_misses_by_unit",
    "LOST_TIME",
    "FATAL",
    "last_resets",
    "resets_in",
    "injuries_by_child",
    "per_day",
]


def people_for_display(incident: Incident, user) -> list[InvolvedPerson]:
    """The people involved; their `display_name` masks privacy cases (OSHA 1904.29(b)(7)) for everyone."""
    return list(incident.people.select_related("person", "position"))


def similar_incidents(incident: Incident, user, k: int = 5) -> list[tuple[Incident, float]] | None:
    """Past incidents the user may see whose narratives resemble this one's, as the analysis answers (core.events);
    none when no analysis is installed; None while the analysis is still preparing them (its worker builds them)."""
    return ask("incidents.similar", default=[], text=incident.description, user=user, k=k, exclude_id=incident.pk)


def injuries_of(incidents) -> dict[int, str]:
    """{incident id: its people's injuries} as the category suggester reads them: what was written, the nature and
    the body part (their codes, the same in every language), person after person; `incidents` a queryset or ids."""
    out: dict[int, list[str]] = {}
    rows = (
        InvolvedPerson.objects.filter(incident__in=incidents)
        .order_by("incident_id", "pk")
        .values_list("incident_id", "injury_text", "nature", "body_part")
    )
    for incident_id, *words in rows:
        out.setdefault(incident_id, []).extend(w for w in words if w)
    return {pk: " ".join(words) for pk, words in out.items()}


def category_inputs(incident: Incident) -> dict:
    """What the category suggester reads of an incident: the narrative, the agent and the people's injuries (never
    the event or exposure: see `analytics.text.categories`)."""
    injury = injuries_of([incident.pk]).get(incident.pk, "") if incident.pk else ""
    return {"text": incident.description, "agent": incident.agent, "injury": injury}


def category_suggestions(incident: Incident) -> list[tuple[str, str, float]]:
    """What the analysis suggests as the incident's GB 6441 category (core.events): [(code, label, probability)],
    one when it is sure, else the three likeliest; none when no analysis is installed or it has not learnt yet."""
    return ask("incidents.suggest_category", default=[], **category_inputs(incident))


def recent_in(path: str, since: datetime.datetime) -> list[tuple[int | None, str]]:
    """(risk point id, GB 6441 category) of the incidents since `since` of the subtree at `path`, newest first."""
    return list(
        Incident.objects.filter(subtree_q(path, "unit__"), occurred_at__gte=since, is_archived=False)
        .order_by("-occurred_at", "-id")
        .values_list("risk_point_id", "category")
    )


def case_for_briefing(categories: list[str], exclude: set[int]) -> CaseStudy | None:
    """A lesson from the case library for a briefing: of the first category in `categories` that has one not shown
    lately (`exclude`), the newest; else the newest not shown lately."""
    cases = CaseStudy.objects.filter(is_archived=False).exclude(pk__in=exclude).order_by("-occurred_on", "-id")
    for category in dict.fromkeys(c for c in categories if c):
        found = cases.filter(category=category).first()
        if found is not None:
            return found
    return cases.first()


def case_titles(ids) -> dict[int, str]:
    return dict(CaseStudy.objects.filter(pk__in=ids).values_list("pk", "title"))


def injuries_by_unit(unit_ids, since: datetime.datetime, until: datetime.datetime) -> dict[int, tuple[int, int]]:
    """{unit id: (minor, serious or fatal)}: the people injured (GB 6441) in these units' incidents between `since`
    and `until` (exclusive). One query."""
    rows = (
        InvolvedPerson.objects.filter(
            incident__unit_id__in=list(unit_ids),
            incident__occurred_at__gte=since,
            incident__occurred_at__lt=until,
            incident__is_archived=False,
        )
        .order_by()
        .values("incident__unit_id")
        .annotate(
            minor=Count("id", filter=Q(injury_class=InjuryClass.MINOR)),
            serious=Count("id", filter=Q(injury_class__in=[InjuryClass.SERIOUS, InjuryClass.FATAL])),
        )
    )
    return {row["incident__unit_id"]: (row["minor"], row["serious"]) for row in rows}


def near_misses_by_unit(unit_ids, since: datetime.datetime, until: datetime.datetime) -> dict[int, int]:
    """{unit id: near misses reported} in these units between `since` and `until` (exclusive). One query."""
    rows = (
        Incident.objects.filter(
            unit_id__in=list(unit_ids),
            kind=IncidentKind.NEAR_MISS,
            occurred_at__gte=since,
            occurred_at__lt=until,
            is_archived=False,
        )
        .order_by()
        .values("unit_id")
        .annotate(n=Count("id"))
    )
    return {row["unit_id"]: row["n"] for row in rows}


# The safe-days counters (dashboards) reset on these, by the GB 6441 classes the incident's people were given
# (services.figures): a lost-time injury is an incident in which someone lost at least one workday — a minor
# (轻伤), serious (重伤) or fatal injury; a first-aid case, a near miss or damage without injury is none.
LOST_TIME = Q(deaths__gt=0) | Q(serious_injuries__gt=0) | Q(minor_injuries__gt=0)
FATAL = Q(deaths__gt=0)


def _resets_in(paths: list[str], whole_tree: bool):
    incidents = Incident.objects.filter(LOST_TIME, is_archived=False)
    if whole_tree:  # the whole tree needs no unit filter (an IN of every unit costs and filters nothing)
        return incidents
    units = OrgUnit.objects.filter(path_q(paths)).values("pk")
    return incidents.filter(unit_id__in=units)


def last_resets(paths: list[str], *, whole_tree: bool = False) -> dict[str, Incident | None]:
    """The latest lost-time injury and the latest fatality in the subtrees at `paths`: two queries."""
    resets = _resets_in(paths, whole_tree).select_related("unit").order_by("-occurred_at", "-id")
    return {"lost_time": resets.first(), "fatal": resets.filter(FATAL).first()}


def resets_in(paths: list[str], *, whole_tree: bool = False):
    """Every incident that reset a safe-days counter in the subtrees at `paths`, newest first (a queryset)."""
    return _resets_in(paths, whole_tree).select_related("unit").order_by("-occurred_at", "-id")


def injuries_by_child(unit, since: datetime.datetime) -> dict[str, dict[str, int]]:
    """{child path (or the unit's own): {"severe": incidents with a death or a serious injury, "lost_time": with a
    lost-time injury}} of the unit's subtree since `since`. One GROUP BY (core.rollup)."""
    from zeroharm.core.rollup import grouped_by_child

    incidents = Incident.objects.filter(
        LOST_TIME, subtree_q(unit.path, "unit__"), is_archived=False, occurred_at__gte=since
    )
    aggregates = {"severe": Count("id", filter=Q(deaths__gt=0) | Q(serious_injuries__gt=0)), "lost_time": Count("id")}
    return {row["child"]: row for row in grouped_by_child(incidents, unit, aggregates)}


def per_day(unit, since: datetime.datetime, until: datetime.datetime) -> dict[datetime.date, int]:
    """{local day: incidents of any kind (near misses included) that happened} in the unit's subtree. One query."""
    from django.db.models.functions import TruncDate
    from django.utils import timezone

    rows = (
        Incident.objects.filter(subtree_q(unit.path, "unit__"), is_archived=False)
        .filter(occurred_at__gte=since, occurred_at__lt=until)
        .annotate(day=TruncDate("occurred_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("day")
        .annotate(n=Count("id"))
    )
    return {row["day"]: row["n"] for row in rows}
