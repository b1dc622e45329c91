"""The team-safety area's menu entries and its scan (core.registry)."""

import datetime

from django.db.models.signals import post_delete, post_save
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from zeroharm.core.evidence import EvidenceKind, register_evidence_kind
from zeroharm.core.indicators import register_indicator
from zeroharm.core.registry import (
    STAFF,
    GlanceFigure,
    NavItem,
    register_glance,
    register_nav,
    register_scan,
    register_signed_record,
)
from zeroharm.core.roles import Action, Audience
from zeroharm.core.wording import labelled

FRONT_LINE = frozenset({Audience.FRONT_LINE})

for _section, _label, _url, _order, _audiences in (
    ("mine", _("My briefing"), "teams:my_briefing", 32, FRONT_LINE),  # after "My tasks": the day starts with it
    ("people_dev", _("Teams today"), "teams:team_list", 29, STAFF),
    ("people_dev", _("Pre-shift briefings"), "teams:briefing_list", 30, STAFF),
    ("people_dev", _("Safety observations"), "teams:observation_list", 31, frozenset(Audience)),
    ("people_dev", _("Team scorecards"), "teams:scorecard_list", 36, STAFF),
    ("people_dev", _("Star teams"), "teams:star_list", 37, STAFF),
    ("people_dev", _("Scoring rules"), "teams:scoringrules_list", 38, STAFF),
    ("people_dev", _("Operating procedures"), "teams:procedure_list", 32, frozenset(Audience)),
    ("people_dev", _("Team safety activities"), "teams:teamactivity_list", 33, STAFF),
    ("people_dev", _("Briefing checklist"), "teams:checkitem_list", 34, STAFF),
    ("people_dev", _("Weather and seasonal warnings"), "teams:shiftwarning_list", 35, STAFF),
):
    register_nav(_section, NavItem(_label, _url, "teams", order=_order, audiences=_audiences))


@register_scan("teams.briefings")
def briefings_not_held_scan() -> str:
    from django.utils import timezone

    from zeroharm.teams.scans import briefings_not_held

    return briefings_not_held(now=timezone.now())


def _checklist_written(sender, **kwargs) -> None:
    from zeroharm.teams.selectors.briefings import checklists_changed

    checklists_changed()


for _signal in (post_save, post_delete):
    _signal.connect(_checklist_written, sender="teams.CheckItem", dispatch_uid=f"teams.checklist:{_signal}")


# Held: opened (being held now), closed and signed, or logged on paper; not a draft, nor one marked not held.
HELD = ("open", "closed", "paper")


@register_glance("leading")
def briefings_held_today(user, today) -> list[GlanceFigure]:
    """Today's pre-shift briefings held in the user's scope: operating rules spoken every day. Briefings are not a
    counted model of core.cache: every team opens and closes one each shift, and each write would make every user's
    kept menus, forms and figures be drawn again; the figure is at most core.cache.TIMEOUT (5 minutes) behind."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from zeroharm.teams.models import Briefing

    held = Briefing.objects.visible_to(user, Action.VIEW).filter(day=today, status__in=HELD, is_archived=False).count()
    query = urlencode([("is_archived", "false"), ("day_after", today), ("day_before", today)])
    url = f"{reverse('teams:briefing_list')}?{query}{''.join(f'&status={s}' for s in HELD)}"
    return [GlanceFigure(_("Briefings held today"), held, url, 30)]


def _briefing_as_closed(briefing, signature):
    """The closed briefing's record, as its page checks the leader's signature against it."""
    return briefing.content or None


def _version_now(version, signature):
    from zeroharm.teams.services.procedures import version_content

    return version_content(version)


register_signed_record("teams.Briefing", _briefing_as_closed)
register_signed_record("teams.ProcedureVersion", _version_now)


def _briefings_held(unit, start, end):
    """Briefings held / briefing days due of the subtree's teams, summed over the scorecards' months that the period
    touches (each month as the scorecards count it, up to `end`); one decimal, None when none were due. When many
    units are measured at once (core.indicators.measuring), each month is counted once for every team."""
    from decimal import ROUND_HALF_UP, Decimal

    from zeroharm.core.indicators import is_measuring, remembered
    from zeroharm.org.models import OrgUnit
    from zeroharm.teams.selectors.scorecards import briefing_days, month_of

    every_team = OrgUnit.objects.filter(kind="team", is_archived=False)
    if is_measuring():
        teams = remembered(("teams.all",), lambda: list(every_team.values_list("pk", "path")))
        ids = [pk for pk, path in teams if path.startswith(unit.path)]
        counted = [pk for pk, _path in teams]
    else:
        ids = counted = list(every_team.filter(path__startswith=unit.path).values_list("pk", flat=True))
    due = held = 0
    month = start.replace(day=1)
    while ids and month <= end:
        days = remembered(
            ("teams.briefing_days", month, end), lambda m=month: briefing_days(counted, month_of(m, today=end))
        )
        for pk in ids:
            due, held = due + days[pk][0], held + days[pk][1]
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    if not due:
        return None
    return (Decimal(min(held, due)) * 100 / due).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _briefing_list(unit, start, end):
    from django.utils.http import urlencode

    from zeroharm.core.links import page_url

    query = {"ancestor_id": unit.pk, "day_after": start, "day_before": end}
    return f"{page_url('teams:briefing_list')}?{urlencode(query)}"


register_indicator(
    "teams.briefings_held",
    _("Pre-shift briefings held (%)"),
    "percent",
    "higher",
    _briefings_held,
    drill=_briefing_list,
    kind="leading",
)


def _violations_found(unit, start, end):
    """Violations (三违) recorded in the unit's teams in the period (local days, both included), not archived: what
    the observations page lists for the same subtree, kind and dates."""
    from decimal import Decimal

    from zeroharm.core.scoping import subtree_unit_ids
    from zeroharm.teams.choices import ObservationKind
    from zeroharm.teams.models import Observation

    since = timezone.make_aware(datetime.datetime.combine(start, datetime.time.min))
    until = timezone.make_aware(datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min))
    found = Observation.objects.filter(
        kind=ObservationKind.VIOLATION,
        is_archived=False,
        team__in=subtree_unit_ids(unit.path),
        observed_at__gte=since,
        observed_at__lt=until,
    )
    return Decimal(found.count())


def _observation_list(unit, start, end):
    from django.utils.http import urlencode

    from zeroharm.core.links import page_url

    query = {"ancestor_id": unit.pk, "kind": "violation", "observed_after": start, "observed_before": end}
    return f"{page_url('teams:observation_list')}?{urlencode(query)}"


register_indicator(
    "teams.violations",
    _("Violations (三违) recorded"),
    "count",
    "lower",
    _violations_found,
    drill=_observation_list,
    kind="leading",
)


def _violations(observations):
    from zeroharm.teams.choices import ObservationKind

    return observations.filter(kind=ObservationKind.VIOLATION, is_archived=False)


# A violation (三违) the monitor recorded is evidence for a penalty (or, for the team, a deduction).
register_evidence_kind(
    EvidenceKind(
        key="teams.violation",
        dated="observed_at__date",
        model_label="teams.Observation",
        label=_("Violation"),
        narrow=_violations,
        describe=lambda observation: labelled(observation, observation.description[:200]),
        order_by=("-observed_at", "-id"),
        related=("person",),
        search=("description", "person__name", "person__employee_no"),
    )
)


# A team's yearly star rating is the evidence of a star-team commendation.
register_evidence_kind(
    EvidenceKind(
        key="teams.star_rating",
        dated="rated_at__date",
        model_label="teams.StarRating",
        label=_("Star team rating"),
        order_by=("-year", "-score"),
        related=("team",),
        search=("team__name", "year"),
    )
)
