from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.cache import register_counted
from zeroharm.core.events import subscribe
from zeroharm.core.evidence import EvidenceKind, register_evidence_kind
from zeroharm.core.indicators import register_indicator
from zeroharm.core.overdue import register_overdue
from zeroharm.core.registry import (
    STAFF,
    GlanceFigure,
    MyWork,
    NavItem,
    OpenTask,
    register_glance,
    register_my_work,
    register_nav,
    register_scan,
    register_task_provider,
)
from zeroharm.core.roles import Action, Audience
from zeroharm.core.tallies import Figure, register_tally, tally_counts
from zeroharm.hazards.models import DEADLINE_STATES, OPEN_STATES, State


def _hidden_danger_from_failed_item(**found):
    """A failed inspection item is a hidden danger, reported by the inspector in the inspection's transaction."""
    from zeroharm.hazards.services import hazard_report

    return hazard_report(**found)


subscribe("inspections.item_failed", _hidden_danger_from_failed_item)


def _hidden_danger_from_uncleared_person(*, acting_user, unit, location, description, person):
    """A person on a high-risk post who is not cleared to work (SPL Art. 28) is a hidden danger of its own."""
    from zeroharm.hazards.services import hazard_report

    return hazard_report(acting_user=acting_user, unit=unit, location=location, description=description)


subscribe("training.uncleared_on_high_risk_post", _hidden_danger_from_uncleared_person)

register_nav(
    "mine",
    NavItem(
        _("Report a hidden danger"),
        "hazards:report",
        "safety",
        order=10,
        action=Action.ADD,
        audiences=frozenset({Audience.FRONT_LINE}),
    ),
)
register_nav(
    "mine",
    NavItem(
        _("Open hidden dangers"),
        "hazards:hazard_list",
        "safety",
        order=20,
        query="?open=true",
        audiences=frozenset({Audience.UNIT_HEADS}),
    ),
)
register_nav("prevention", NavItem(_("Report a hidden danger"), "hazards:report", "safety", order=5, action=Action.ADD))
register_nav("prevention", NavItem(_("Hidden dangers"), "hazards:hazard_list", "safety", order=65))
register_nav(
    "prevention", NavItem(_("Hidden-danger statistics"), "hazards:statistics", "safety", order=80, audiences=STAFF)
)


# What the home page counts, per unit (core.tallies): the same conditions as the list's filters.
register_tally("hazards.HiddenDanger", "reported", Q(state=State.REPORTED, is_archived=False))
register_tally("hazards.HiddenDanger", "pending_acceptance", Q(state=State.PENDING_ACCEPTANCE, is_archived=False))
# Per deadline day: "past the deadline" (hazards.filtersets overdue) is the days before today.
register_tally(
    "hazards.HiddenDanger", "deadline", Q(state__in=DEADLINE_STATES, is_archived=False), day_field="deadline"
)
# Open (not closed): the list's "Open" filter; the home page's state of safety.
register_tally("hazards.HiddenDanger", "open", Q(state__in=OPEN_STATES, is_archived=False))


@register_task_provider
def hazard_open_tasks(user) -> list[OpenTask]:
    """For those who run the loop in their units: what waits for assessment, acceptance, or is overdue."""
    from django.urls import reverse
    from django.utils import timezone

    from zeroharm.core.scoping import can_anywhere
    from zeroharm.hazards.models import HiddenDanger

    if not can_anywhere(user, HiddenDanger, Action.CHANGE):
        return []
    counts = tally_counts(
        user,
        HiddenDanger,
        Action.CHANGE,
        {
            "reported": Figure("reported"),
            "acceptance": Figure("pending_acceptance"),
            "overdue": Figure("deadline", before=timezone.localdate()),
        },
    )
    # Nobody accepts their own rectification: those are the user's own few, counted from the records.
    counts["acceptance"] -= (
        HiddenDanger.objects.visible_to(user, Action.CHANGE)
        .filter(state=State.PENDING_ACCEPTANCE, is_archived=False, rectified_by=user)
        .count()
    )
    url = f"{reverse('hazards:hazard_list')}?is_archived=false"  # what the figures count
    tasks = []
    if counts["reported"]:
        tasks.append(OpenTask(_("Hidden dangers to assess"), f"{url}&state=reported&sort=found_on", counts["reported"]))
    if counts["acceptance"]:
        tasks.append(
            OpenTask(
                _("Rectifications awaiting acceptance"),
                f"{url}&state=pending_acceptance&sort=deadline",
                counts["acceptance"],
            )
        )
    if counts["overdue"]:
        tasks.append(
            OpenTask(_("Hidden dangers past their deadline"), f"{url}&overdue=true&sort=deadline", counts["overdue"])
        )
    return tasks


@register_glance("leading")
def hazards_reported(user, today) -> list[GlanceFigure]:
    """Hidden dangers found this month, in the user's scope: the more the better (each was fixed before it hurt)."""
    from django.urls import reverse
    from django.utils.http import urlencode

    from zeroharm.hazards.models import HiddenDanger

    start = today.replace(day=1)
    found = (
        HiddenDanger.objects.visible_to(user, Action.VIEW)
        .filter(is_archived=False, found_on__gte=start, found_on__lte=today)
        .count()
    )
    query = urlencode({"is_archived": "false", "found_on_after": start, "found_on_before": today})
    return [
        GlanceFigure(_("Hidden dangers reported this month"), found, f"{reverse('hazards:hazard_list')}?{query}", 10)
    ]


@register_glance("state")
def hazards_open(user, today) -> list[GlanceFigure]:
    """Open and overdue hidden dangers in the user's scope: sums of per-unit tallies, one query."""
    from django.urls import reverse

    from zeroharm.hazards.models import HiddenDanger

    figures = {"open": Figure("open"), "overdue": Figure("deadline", before=today)}
    counts = tally_counts(user, HiddenDanger, Action.VIEW, figures)
    url = f"{reverse('hazards:hazard_list')}?is_archived=false"
    return [
        GlanceFigure(_("Open hidden dangers"), counts["open"], f"{url}&open=true", 10),
        GlanceFigure(_("Hidden dangers past their deadline"), counts["overdue"], f"{url}&overdue=true", 20, True),
    ]


@register_my_work
def my_rectifications(user, limit: int):
    """Rectifications the user owns, not yet accepted; the soonest deadline first."""
    from django.utils import timezone

    from zeroharm.hazards.models import HiddenDanger, State

    person = user.person_or_none  # loaded with the signed-in user: the owner's id without a join
    if person is None:
        return 0, []
    qs = HiddenDanger.objects.filter(
        owner=person, is_archived=False, state__in=[State.ASSIGNED, State.IN_RECTIFICATION]
    )
    today = timezone.localdate()
    rows = list(qs.order_by("deadline", "id")[:limit])
    total = len(rows) if len(rows) < limit else qs.count()  # one query unless the list is full
    items = [
        MyWork(
            kind=_("Rectification"),
            title=f"{hd.reference} · {hd.description[:70]}",
            url=hd.get_absolute_url(),
            due=hd.deadline,
            overdue=bool(hd.deadline and hd.deadline < today),
        )
        for hd in rows
    ]
    return total, items


@register_scan("hazards.deadlines")
def hazard_deadline_scan() -> str:
    from django.utils import timezone

    from zeroharm.hazards.scans import deadline_scan

    return deadline_scan(today=timezone.localdate())


# The home page's figures count these (core.cache forgets them when one is written).
register_counted("hazards.HiddenDanger")


def _rectified_on_time(unit, start, end):
    """The statistics page's on-time rate for the subtree and period, counting every record (not a viewer's)."""
    from zeroharm.hazards.statistics import Period, statistics

    return statistics(None, unit, Period(start, end), today=end, with_children=False).total.on_time_rate


def _statistics_page(unit, start, end):
    """The statistics page of the same subtree and period, whose rows open the hidden dangers behind them."""
    from django.utils.http import urlencode

    from zeroharm.core.links import page_url

    query = {"unit": unit.pk, "period": "custom", "start": start, "end": end}
    return f"{page_url('hazards:statistics')}?{urlencode(query)}"


register_indicator(
    "hazards.rectified_on_time",
    _("Hidden dangers rectified on time (%)"),
    "percent",
    "higher",
    _rectified_on_time,
    drill=_statistics_page,
    kind="leading",
)


def _overdue_hazards(unit, today):
    from zeroharm.core.links import page_url

    return f"{page_url('hazards:hazard_list')}?ancestor_id={unit.pk}&overdue=true"


# Past their deadline, for "what is overdue under a unit" (core.overdue): the list's "Past the deadline" filter.
register_overdue(
    "hazards", _("Hidden dangers past their deadline"), "hazards.HiddenDanger", "deadline", _overdue_hazards
)


# A hidden danger found and reported (or missed and found later) is evidence for a reward or a penalty.
register_evidence_kind(
    EvidenceKind(
        key="hazards.hidden_danger",
        dated="found_on",
        model_label="hazards.HiddenDanger",
        label=_("Hidden danger"),
        search=("description", "location"),  # its number (HD-000123) is its id, found anyway
    )
)
