from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.cache import register_counted
from zeroharm.core.evidence import EvidenceKind, register_evidence_kind
from zeroharm.core.filejobs import register_file_maker
from zeroharm.core.overdue import register_overdue
from zeroharm.core.registry import (
    STAFF,
    MyWork,
    NavItem,
    OpenTask,
    register_my_work,
    register_nav,
    register_scan,
    register_task_provider,
)
from zeroharm.core.roles import Audience
from zeroharm.core.tallies import Figure, register_tally, tally_counts
from zeroharm.inspections.models import InspectionStatus

# An employee sees only the inspections assigned to him: the list is his.
register_nav(
    "mine",
    NavItem(
        _("My inspections"),
        "inspections:inspection_list",
        "safety",
        order=40,
        audiences=frozenset({Audience.FRONT_LINE}),
    ),
)
register_nav("prevention", NavItem(_("Inspections"), "inspections:inspection_list", "safety", order=40))
register_nav(
    "prevention", NavItem(_("Inspection compliance"), "inspections:compliance", "safety", order=45, audiences=STAFF)
)
register_nav(
    "prevention", NavItem(_("Inspection schedules"), "inspections:schedule_list", "safety", order=50, audiences=STAFF)
)
register_nav(
    "prevention", NavItem(_("Inspection points"), "inspections:point_list", "safety", order=55, audiences=STAFF)
)
register_nav("prevention", NavItem(_("Checklists"), "inspections:checklist_list", "safety", order=60, audiences=STAFF))

MISSED_WINDOW_DAYS = 30


@register_my_work
def my_inspection_work(user, limit: int) -> tuple[int, list[MyWork]]:
    """The user's planned inspections, soonest first; two queries."""
    from django.urls import reverse
    from django.utils import timezone

    from zeroharm.inspections.selectors import my_inspections

    if not getattr(user, "is_authenticated", False):
        return 0, []
    mine = my_inspections(user)
    total = mine.count()
    if not total:
        return 0, []
    today = timezone.localdate()
    kind = _("Inspection")
    work = []
    for inspection in mine[:limit]:
        where = inspection.point.name if inspection.point_id else inspection.unit.name
        work.append(
            MyWork(
                kind=kind,
                title=f"{inspection.checklist_version.template.name} · {where}",
                url=reverse("inspections:inspection_do", args=[inspection.pk]),
                due=inspection.due_date,
                overdue=inspection.due_date < today,
            )
        )
    return total, work


# What the home page counts per unit and due date (core.tallies): missed in the last 30 days, planned and past due.
register_tally(
    "inspections.Inspection", "missed", Q(status=InspectionStatus.MISSED, is_archived=False), day_field="due_date"
)
register_tally(
    "inspections.Inspection", "planned", Q(status=InspectionStatus.PLANNED, is_archived=False), day_field="due_date"
)


@register_task_provider
def inspection_open_tasks(user) -> list[OpenTask]:
    """For those who manage a unit's inspections: missed in the last 30 days, and planned ones past due."""
    import datetime

    from django.urls import reverse
    from django.utils import timezone

    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can_anywhere
    from zeroharm.inspections.models import Inspection

    if not can_anywhere(user, Inspection, Action.CHANGE):
        return []
    today = timezone.localdate()
    since = today - datetime.timedelta(days=MISSED_WINDOW_DAYS)
    figures = {"missed": Figure("missed", since=since), "overdue": Figure("planned", before=today)}
    counts = tally_counts(user, Inspection, Action.CHANGE, figures)
    url = f"{reverse('inspections:inspection_list')}?is_archived=false"  # what the figures count
    tasks = []
    if counts["missed"]:
        tasks.append(
            OpenTask(
                _("Inspections missed in the last 30 days"),
                f"{url}&status=missed&due_after={since.isoformat()}",
                counts["missed"],
            )
        )
    if counts["overdue"]:
        yesterday = today - datetime.timedelta(days=1)
        tasks.append(
            OpenTask(
                _("Planned inspections past their due date"),
                f"{url}&status=planned&due_before={yesterday.isoformat()}",
                counts["overdue"],
            )
        )
    return tasks


@register_scan("inspections.schedules")
def inspection_schedule_scan() -> str:
    from django.utils import timezone

    from zeroharm.inspections.scans import schedule_scan

    return schedule_scan(today=timezone.localdate())


# The home page's figures count these (core.cache forgets them when one is written).
register_counted("inspections.Inspection")


def _overdue_inspections(unit, today):
    import datetime

    from zeroharm.core.links import page_url

    before = today - datetime.timedelta(days=1)
    return f"{page_url('inspections:inspection_list')}?ancestor_id={unit.pk}&status=planned&due_before={before}"


# Planned and past their due date, for "what is overdue under a unit" (core.overdue).
register_overdue(
    "inspections",
    _("Inspections planned and not done by their date"),
    "inspections.Inspection",
    "planned",
    _overdue_inspections,
)


def _done_inspections(inspections):
    return inspections.filter(status=InspectionStatus.DONE, is_archived=False)


def _inspection_text(inspection) -> str:
    """The inspection as cited: the checklist, where, the day it was done (local) and who signed it off."""
    from django.utils import timezone

    where = inspection.point.name if inspection.point_id else inspection.unit.name
    day = timezone.localtime(inspection.done_at).date() if inspection.done_at else inspection.due_date
    signed = f" · {inspection.signed_name}" if inspection.signed_name else ""
    return f"{inspection.checklist_version.template.name} · {where} · {day.isoformat()}{signed}"


# An inspection done and signed off (finishing one asks for the inspector's signature) is evidence, e.g. of a
# campaign's special inspection; a planned or missed one is not.
register_evidence_kind(
    EvidenceKind(
        key="inspections.inspection",
        dated="done_at__date",
        model_label="inspections.Inspection",
        label=_("Inspection"),
        narrow=_done_inspections,
        describe=_inspection_text,
        counts=_("Only an inspection that was done and signed off counts."),
        cited_by=("campaigns",),  # the proof of a campaign task, not the ground of a reward or penalty
        order_by=("-done_at", "-id"),
        related=("checklist_version__template", "unit", "point"),
        search=("checklist_version__template__name", "point__name", "unit__name", "note", "signed_name"),
    )
)

# A label sheet larger than ZEROHARM_LABELS_AT_ONCE is drawn by the worker (inspections.views_labels).
register_file_maker("inspections.labels", "zeroharm.inspections.labels.labels_file", suffix=".pdf")
