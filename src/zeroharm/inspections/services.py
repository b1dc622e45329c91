"""Writes of the inspections app: versioned checklists, schedules turned into dated inspections, doing one.

Checklists: a template's current version is edited in place until an inspection used it; from then on,
saving other items makes version n + 1 the current one, and inspections keep pointing at the version
they used.

Schedules: `due_dates()` says when a schedule is due; the schedule scan (`scans.schedule_scan`) creates
the inspections and marks the ones not done in time as missed.

Doing an inspection (`inspection_record`): one transaction writes every item's result, turns each failed
item into a hidden danger (hazards.services.hazard_report) and, when asked, a corrective action
(actions.services.action_create), then marks the inspection done (late or not) and freezes its version.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core import services as core_services
from zeroharm.core.events import publish
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for, user_grants
from zeroharm.inspections.models import (
    ChecklistItem,
    ChecklistTemplate,
    ChecklistVersion,
    Frequency,
    Inspection,
    InspectionPoint,
    InspectionStatus,
    ItemResult,
    Outcome,
    Schedule,
)

__all__ = [
    "ItemData",
    "ResultData",
    "SEASON_START_MONTHS",
    "ACTION_DAYS",
    "checklist_save",
    "due_dates",
    "may_do",
    "inspection_start",
    "inspection_record",
    "use_current_version",
]

# Seasonal inspections are due at the start of each meteorological season: 1 March (spring: thaw, wind),
# 1 June (summer: flood season and heat), 1 September (autumn: dry, fire) and 1 December (winter: frost).
SEASON_START_MONTHS = (3, 6, 9, 12)
ACTION_DAYS = 7  # a corrective action raised from a failed item is due this many days later


@dataclass(frozen=True)
class ItemData:
    question: str
    guidance: str = ""
    reference: str = ""

    def key(self) -> tuple[str, str, str]:
        return (self.question.strip(), self.guidance.strip(), self.reference.strip())


@dataclass
class ResultData:
    item: ChecklistItem
    outcome: str
    note: str = ""
    photo: ContentFile | None = None  # checked and re-encoded by core.uploads.image_clean
    raise_action: bool = False


#
# Checklists
#


def _version_items(version: ChecklistVersion | None) -> list[tuple[str, str, str]]:
    if version is None:
        return []
    return [(i.question, i.guidance, i.reference) for i in version.items.order_by("order", "id")]


def _write_items(version: ChecklistVersion, items: list[ItemData]) -> None:
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(
                version=version,
                order=n,
                question=i.question.strip(),
                guidance=i.guidance.strip(),
                reference=i.reference.strip(),
            )
            for n, i in enumerate(items, start=1)
        ]
    )


@transaction.atomic
def checklist_save(
    *,
    acting_user,
    data: dict,
    items: list[ItemData],
    template: ChecklistTemplate | None = None,
    expected_version: int | None = None,
) -> ChecklistTemplate:
    """Create a template with its first version, or save its fields and items.

    Items unchanged: no new version. Items changed while the current version is unused: edited in place.
    Items changed after an inspection used the current version: a new version becomes current.
    """
    items = [i for i in items if i.question.strip()]
    if not items:
        raise ValidationError(_("A checklist needs at least one question."))
    for item in items:
        ChecklistItem(question=item.question.strip(), guidance=item.guidance, reference=item.reference).clean_fields(
            exclude=["version"]
        )
    if template is None:
        template = core_services.record_create(model=ChecklistTemplate, data=data, acting_user=acting_user)
        version = ChecklistVersion.objects.create(template=template, number=1, created_by=acting_user)
        _write_items(version, items)
        ChecklistTemplate.objects.filter(pk=template.pk).update(current_version=version)
        template.current_version = version
        return template
    template = core_services.record_update(
        instance=template, data=data, acting_user=acting_user, expected_version=expected_version
    )
    current = (
        ChecklistVersion.objects.select_for_update().filter(pk=template.current_version_id).first()
        if template.current_version_id
        else None
    )
    if [i.key() for i in items] == _version_items(current):
        return template
    if current is not None and not current.is_used:
        current.items.all().delete()
        _write_items(current, items)
        return template
    number = (template.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = ChecklistVersion.objects.create(template=template, number=number, created_by=acting_user)
    _write_items(version, items)
    ChecklistTemplate.objects.filter(pk=template.pk).update(current_version=version)
    template.current_version = version
    return template


#
# Schedules
#


def _season_starts(start: datetime.date) -> Iterator[datetime.date]:
    year = start.year
    while True:
        for month in SEASON_START_MONTHS:
            day = datetime.date(year, month, 1)
            if day >= start:
                yield day
        year += 1


def _series(schedule: Schedule) -> Iterator[datetime.date]:
    """Every due date of the schedule from its start, without end."""
    start, frequency = schedule.starts_on, schedule.frequency
    if frequency == Frequency.SPECIAL:
        yield start
        return
    if frequency == Frequency.SEASONAL:
        yield from _season_starts(start)
        return
    step = {
        Frequency.DAILY: relativedelta(days=1),
        Frequency.WEEKLY: relativedelta(weeks=1),
        Frequency.MONTHLY: relativedelta(months=1),
        Frequency.QUARTERLY: relativedelta(months=3),
    }[frequency]
    n = 0
    while True:
        # From the start each time, so 31 January → 28 February → 31 March (not 28 March).
        yield start + step * n
        n += 1


def due_dates(schedule: Schedule, *, after: datetime.date | None, until: datetime.date) -> list[datetime.date]:
    """Due dates later than `after` (None: from the start), up to `until` and the schedule's end, inclusive."""
    last = min(until, schedule.ends_on) if schedule.ends_on else until
    dates = []
    for day in _series(schedule):
        if day > last:
            break
        if after is None or day > after:
            dates.append(day)
    return dates


def next_due_date(schedule: Schedule, *, after: datetime.date) -> datetime.date | None:
    for day in _series(schedule):
        if schedule.ends_on and day > schedule.ends_on:
            return None
        if day > after:
            return day
    return None  # pragma: no cover - series without end always pass `after`


#
# Who does an inspection
#


def may_do(user, inspection: Inspection) -> bool:
    """The named inspector, a holder of the schedule's role over the unit, or whoever may change it there."""
    if not getattr(user, "is_authenticated", False):
        return False
    if inspection.status == InspectionStatus.DONE:
        return False
    if inspection.assignee_id and inspection.assignee.user_id == user.pk:
        return True
    role = inspection.schedule.assignee_role if inspection.schedule_id else ""
    if (
        not inspection.assignee_id
        and role
        and any(g.role == role and inspection.unit.path.startswith(g.path) for g in user_grants(user))
    ):
        return True
    return can(user, Action.CHANGE, inspection)


def use_current_version(inspection: Inspection) -> Inspection:
    """A planned inspection is done with its template's current version (generated earlier, edited since)."""
    template = inspection.checklist_version.template
    if (
        inspection.status != InspectionStatus.DONE
        and template.current_version_id
        and inspection.checklist_version_id != template.current_version_id
        and not inspection.results.exists()
    ):
        Inspection.objects.filter(pk=inspection.pk).update(checklist_version_id=template.current_version_id)
        inspection.checklist_version = template.current_version
    return inspection


@transaction.atomic
def inspection_start(
    *, acting_user, checklist: ChecklistTemplate, unit=None, point: InspectionPoint | None = None
) -> Inspection:
    """An ad-hoc inspection, due today, for the acting user, at a point or in a unit."""
    unit = point.unit if point is not None else unit
    if unit is None:
        raise ValidationError({"unit": _("Choose a unit or an inspection point.")})
    if checklist.current_version_id is None or checklist.is_archived:
        raise ValidationError({"checklist": _("This checklist has no questions yet.")})
    if not unit.path.startswith(checklist.unit.path):
        raise ValidationError({"checklist": _("This checklist is not used in %(unit)s.") % {"unit": unit.name}})
    if not units_for(acting_user, "safety", Action.ADD).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not start inspections in %(unit)s.") % {"unit": unit.name})
    person = getattr(acting_user, "person", None)
    inspection = Inspection(
        unit=unit,
        point=point,
        checklist_version=checklist.current_version,
        assignee=person,
        due_date=timezone.localdate(),
    )
    core_services.record_clean(inspection, exclude=("schedule",))
    inspection._history_user = acting_user
    inspection.save()
    return inspection


#
# Doing an inspection
#


def _action_owner(inspection: Inspection):
    return inspection.unit.principal or inspection.assignee


@transaction.atomic
def inspection_record(
    *,
    inspection: Inspection,
    acting_user,
    results: list[ResultData],
    note: str = "",
    signature=None,
    signed_name: str = "",
) -> Inspection:
    """Record every item's result and mark the inspection done. Failed items become hidden dangers.

    signature / signed_name: the inspector's sign-off, a drawn signature checked by core.uploads (a file with a
    generated name) or the typed name; the page requires one of them.

    (An inspection's `version` is its checklist version, so it has no edit counter: the row lock and the
    status check stop a second submission.)
    """
    from zeroharm.actions.services import action_create

    current = (
        Inspection.objects.select_for_update(of=("self",))
        .select_related(
            "unit__principal",
            "point__risk_point",
            "assignee",
            "schedule",
            "checklist_version__template",
        )
        .get(pk=inspection.pk)
    )
    if current.status == InspectionStatus.DONE:
        raise ValidationError(_("This inspection is already done."))
    if not may_do(acting_user, current):
        raise PermissionDenied(_("This inspection is not yours to do."))
    expected = set(current.checklist_version.items.values_list("pk", flat=True))
    if {r.item.pk for r in results} != expected or len(results) != len(expected):
        raise ValidationError(_("Answer every item of the checklist."))
    errors = {}
    for r in results:
        if r.outcome not in Outcome.values:
            errors[f"outcome_{r.item.pk}"] = _("Choose pass, fail or not applicable.")
        elif r.outcome == Outcome.FAIL and not r.note.strip() and r.photo is None:
            errors[f"note_{r.item.pk}"] = _("A failed item needs a note or a photo: say or show what is wrong.")
    if errors:
        raise ValidationError(errors)
    point = current.point
    location = (point.location or point.name) if point is not None else current.unit.name
    today = timezone.localdate()
    for r in sorted(results, key=lambda r: (r.item.order, r.item.pk)):
        result = ItemResult(inspection=current, item=r.item, outcome=r.outcome, note=r.note.strip())
        if r.photo is not None:
            result.photo.save(r.photo.name, ContentFile(r.photo.read()), save=False)
            r.photo.seek(0)
        result.save()
        if r.outcome != Outcome.FAIL:
            continue
        description = f"{r.item.question} — {r.note.strip()}" if r.note.strip() else r.item.question
        photos = [ContentFile(r.photo.read(), name=r.photo.name)] if r.photo is not None else []
        # The hidden-danger app turns the failed item into a hidden danger in this same transaction (core.events).
        publish(
            "inspections.item_failed",
            acting_user=acting_user,
            unit=current.unit,
            location=location,
            description=description,
            photos=photos,
            item_result=result,
            inspection_point=point,
            risk_point=point.risk_point if point is not None else None,
        )
        if r.raise_action:
            owner = _action_owner(current)
            if owner is None:
                raise ValidationError(
                    {
                        f"action_{r.item.pk}": _(
                            "The unit has no principal person and the inspection no inspector: "
                            "nobody to own the action."
                        )
                    }
                )
            action_create(
                acting_user=acting_user,
                unit=current.unit,
                title=r.item.question[:200],
                owner=owner,
                due_date=today + datetime.timedelta(days=ACTION_DAYS),
                description=description,
                source=current,
            )
    now = timezone.now()
    grace = current.schedule.grace_days if current.schedule_id else 0
    current.status = InspectionStatus.DONE
    current.done_at, current.done_by = now, acting_user
    current.is_late = timezone.localdate(now) > current.due_date + datetime.timedelta(days=grace)
    current.note = (note or "").strip()
    current.signed_name = (signed_name or "").strip()[:100]
    if signature is not None:
        current.signature.save(signature.name, signature, save=False)
    if current.assignee_id is None:
        current.assignee = getattr(acting_user, "person", None)
    current._history_user = acting_user
    current._change_reason = "done late" if current.is_late else "done"
    current.save()
    ChecklistVersion.objects.filter(pk=current.checklist_version_id).update(is_used=True)
    return current
