from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core import events
from zeroharm.core.cache import register_counted
from zeroharm.core.evidence import EvidenceKind, register_evidence_kind
from zeroharm.core.indicators import register_indicator
from zeroharm.core.registry import (
    STAFF,
    GlanceFigure,
    NavItem,
    OpenTask,
    register_glance,
    register_nav,
    register_task_provider,
)
from zeroharm.core.roles import Action, Audience
from zeroharm.core.tallies import Figure, register_tally, tally_counts
from zeroharm.core.wording import labelled
from zeroharm.incidents.choices import IncidentKind, IncidentState

register_nav(
    "mine",
    NavItem(
        _("Report an incident"),
        "incidents:report",
        "safety",
        order=20,
        action=Action.ADD,
        audiences=frozenset({Audience.FRONT_LINE}),
    ),
)
register_nav(
    "mine",
    NavItem(_("Incidents"), "incidents:incident_list", "safety", order=30, audiences=frozenset({Audience.UNIT_HEADS})),
)
register_nav("incidents", NavItem(_("Report an incident"), "incidents:report", "safety", order=5, action=Action.ADD))
register_nav("incidents", NavItem(_("Incidents"), "incidents:incident_list", "safety", order=10))
register_nav(
    "incidents",
    NavItem(_("Injury rates"), "incidents:rates", "safety", order=30, check=lambda user: _sees_a_subtree(user)),
)
register_nav(
    "incidents",
    NavItem(_("OSHA forms"), "incidents:osha", "safety", order=40, check=lambda user: _sees_a_subtree(user)),
)
register_nav(
    "incidents",
    NavItem(
        _("Import incidents"),
        "incidents:import",
        "safety",
        order=60,
        audiences=STAFF,
        check=lambda user: _may_import(user),
    ),
)
register_nav("incidents", NavItem(_("Accident case library"), "incidents:casestudy_list", "cases", order=70))


def _sees_a_subtree(user) -> bool:
    """Rates and forms are about units: employees, who see only their own reports, have none."""
    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import user_scope

    scope = user_scope(user, "safety", Action.VIEW)  # from the user's cached grants: no query
    return scope.unrestricted or bool(scope.paths)


def _may_import(user) -> bool:
    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can_anywhere
    from zeroharm.incidents.models import Incident

    return can_anywhere(user, Incident, Action.IMPORT)


# What the home page counts per unit (core.tallies). Imported historical records (external_ref) are for analysis,
# not for investigation here.
_INVESTIGATED_HERE = Q(is_archived=False, external_ref="")
register_tally(
    "incidents.Incident", "to_investigate", _INVESTIGATED_HERE & Q(state=IncidentState.REPORTED) & ~Q(kind="near_miss")
)
register_tally("incidents.Incident", "investigating", _INVESTIGATED_HERE & Q(state=IncidentState.INVESTIGATING))


@register_task_provider
def incident_open_tasks(user) -> list[OpenTask]:
    """For those who investigate in their units: reported but not investigated, and under investigation."""
    from django.urls import reverse

    from zeroharm.core.scoping import can_anywhere
    from zeroharm.incidents.models import Incident

    if not can_anywhere(user, Incident, Action.CHANGE):
        return []
    figures = {"reported": Figure("to_investigate"), "investigating": Figure("investigating")}
    counts = tally_counts(user, Incident, Action.CHANGE, figures)
    url = f"{reverse('incidents:incident_list')}?is_archived=false&imported=false"  # what the figures count
    tasks = []
    if counts["reported"]:
        kinds = "".join(f"&kind={kind}" for kind in IncidentKind.values if kind != IncidentKind.NEAR_MISS)
        tasks.append(OpenTask(_("Incidents to investigate"), f"{url}&state=reported{kinds}", counts["reported"]))
    if counts["investigating"]:
        tasks.append(
            OpenTask(_("Investigations not yet closed"), f"{url}&state=investigating", counts["investigating"])
        )
    return tasks


@register_glance("leading")
def near_misses_reported(user, today) -> list[GlanceFigure]:
    """Near misses that happened this month, in the user's scope: each is a warning heard before anyone was hurt."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from zeroharm.incidents.models import Incident
    from zeroharm.incidents.rates_selectors import period_bounds

    start, end = period_bounds(today.replace(day=1), today)
    count = (
        Incident.objects.visible_to(user, Action.VIEW)
        .filter(kind=IncidentKind.NEAR_MISS, is_archived=False, occurred_at__gte=start, occurred_at__lt=end)
        .count()
    )
    query = {"is_archived": "false", "kind": "near_miss", "occurred_at_after": today.replace(day=1)}
    url = f"{reverse('incidents:incident_list')}?{urlencode({**query, 'occurred_at_before': today})}"
    return [GlanceFigure(_("Near misses reported this month"), count, url, 20)]


# The home page's figures count these (core.cache forgets them when one is written).
register_counted("incidents.Incident")


# Teaching the lessons through the training app (core.events; incidents.services.teaching).
def _lessons(**question):
    from zeroharm.incidents.services.teaching import lessons_for

    return lessons_for(**question)


def _lesson_session_held(**event):
    from zeroharm.incidents.services.teaching import lesson_session_held

    lesson_session_held(**event)


events.answer("incidents.lessons", _lessons)
events.subscribe("training.lesson_session_held", _lesson_session_held)


def _injury_count(name):
    """The GB 6441 count of the subtree's workforce, from the injury-rates page's own selector."""

    def compute(unit, start, end):
        from decimal import Decimal

        return Decimal(_rates(unit, start, end).counts[name])

    return compute


def _rates(unit, start, end):
    """The rates page's figures, read once for the three indicators when many units are measured at once."""
    from zeroharm.core.indicators import remembered
    from zeroharm.incidents.rates_selectors import rate_figures

    return remembered(("incidents.rates", unit.pk, start, end), lambda: rate_figures(unit, start, end))


def _ltifr(unit, start, end):
    return _rates(unit, start, end).ltifr


def _rates_page(unit, start, end):
    """The injury-rates page of the same subtree and period: its counts, hours and rates, and its incidents."""
    from django.utils.http import urlencode

    from zeroharm.core.links import page_url

    return f"{page_url('incidents:rates')}?{urlencode({'unit': unit.pk, 'from': start, 'to': end})}"


for _key, _label, _unit, _compute in (
    ("incidents.fatalities", _("Fatalities"), "count", _injury_count("deaths")),
    ("incidents.serious_injuries", _("Serious injuries"), "count", _injury_count("serious")),
    ("incidents.ltifr", _("Lost-time injury frequency rate (per million hours)"), "rate", _ltifr),
):
    register_indicator(_key, _label, _unit, "lower", _compute, drill=_rates_page, kind="lagging")


def _incident_with_findings(incident) -> str:
    """The incident and who was found responsible for what (its responsibility findings), as cited."""
    findings = "; ".join(labelled(f.who, f.responsibility) for f in incident.findings.select_related("person"))
    return f"{incident} [{findings}]" if findings else str(incident)


# An incident and its responsibility findings are evidence for a penalty (or a reward for a rescue).
register_evidence_kind(
    EvidenceKind(
        key="incidents.incident",
        dated="occurred_at__date",
        model_label="incidents.Incident",
        label=_("Incident and its responsibility findings"),
        describe=_incident_with_findings,
        order_by=("-occurred_at", "-id"),
        # An incident has no title: what happened, where, and the number of the file it was imported from.
        search=("description", "location", "external_ref"),
    )
)
