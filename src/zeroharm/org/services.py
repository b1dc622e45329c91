"""Writes for the organisation: units keep the tree's shape; everything else goes through core.services."""

from __future__ import annotations

from itertools import pairwise

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from zeroharm.core import services
from zeroharm.core.cache import bump
from zeroharm.core.events import publish
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can
from zeroharm.core.tallies import recount
from zeroharm.org.choices import ALLOWED_CHILD_KINDS, UnitKind
from zeroharm.org.models import OrgUnit

__all__ = ["unit_create", "unit_update", "kind_label", "kind_labels_save", "people_bulk_create", "man_hours_bulk_save"]


def _check_kind(parent: OrgUnit | None, kind: str) -> None:
    parent_kind = UnitKind(parent.kind) if parent else None
    if kind not in ALLOWED_CHILD_KINDS[parent_kind]:
        allowed = ", ".join(str(UnitKind(k).label) for k in ALLOWED_CHILD_KINDS[parent_kind]) or _("nothing")
        raise ValidationError({"kind": _("Under this parent a unit can only be: %(allowed)s.") % {"allowed": allowed}})


@transaction.atomic
def unit_create(*, parent: OrgUnit | None, data: dict, acting_user, m2m: dict | None = None) -> OrgUnit:
    """Add a unit under `parent` (a new group when None: superusers only)."""
    _check_kind(parent, data.get("kind"))
    if parent is None and not acting_user.is_superuser:
        raise ValidationError({"parent": _("Choose the unit this one belongs to.")})
    if parent is not None and not can(acting_user, Action.ADD, parent):
        raise ValidationError({"parent": _("You may not add units under %(unit)s.") % {"unit": parent}})
    unit = OrgUnit(**data)
    services.record_clean(unit, exclude=("path", "depth", "numchild"))
    unit._history_user = acting_user
    unit = OrgUnit.objects.add_child(parent, instance=unit) if parent else OrgUnit.objects.add_root(instance=unit)
    for name, values in (m2m or {}).items():
        getattr(unit, name).set(values)
    return unit


def unit_update(
    *, instance: OrgUnit, data: dict, acting_user, expected_version: int | None, m2m: dict | None = None
) -> OrgUnit:
    """Change a unit's own fields; its place in the tree changes only by moving (not offered here)."""
    data = {k: v for k, v in data.items() if k not in {"parent", "path", "depth", "numchild"}}
    if "kind" in data and data["kind"] != instance.kind:
        parent = OrgUnit.objects.get_parent(instance)
        _check_kind(parent, data["kind"])  # the kind follows from the parent's, so a unit keeps its level
    return services.record_update(
        instance=instance, data=data, acting_user=acting_user, expected_version=expected_version, m2m=m2m
    )


@transaction.atomic
def people_bulk_create(*, rows: list[dict], acting_user) -> list:
    """Add a register of people at once (thousands of rows, as when a site starts): each row is validated as
    core.services.record_create validates one, the units must be the user's, and the history names the user."""
    from simple_history.utils import bulk_create_with_history

    from zeroharm.core.scoping import units_for
    from zeroharm.org.models import Person

    people = [Person(**row) for row in rows]
    _refuse_outside(people, units_for(acting_user, Person.scope_area, Action.ADD))
    numbers = [p.employee_no for p in people]
    taken = set(Person.objects.filter(employee_no__in=numbers).values_list("employee_no", flat=True))
    if taken or len(set(numbers)) != len(numbers):
        raise ValidationError({"employee_no": _("Employee numbers must be unique.")})
    for person in people:
        # Fields and the model's own rules; the unit (checked above) and the position are the given instances, and
        # uniqueness is checked above for all rows in one query.
        person.clean_fields(exclude=["unit", "position"])
        person.clean()
    created = bulk_create_with_history(people, Person, batch_size=2000, default_user=acting_user)
    recount(Person, {person.unit_id for person in people})  # bulk inserts send no post_save (core.tallies)
    publish("org.people_added", people=created, acting_user=acting_user)  # nor do they tell training (inductions)
    return created


@transaction.atomic
def man_hours_bulk_save(*, rows: list[dict], acting_user) -> list:
    """Record many months of hours at once (a history of two years for every team): validated as one record is,
    at one level of each branch of the tree."""
    from simple_history.utils import bulk_create_with_history

    from zeroharm.core.scoping import units_for
    from zeroharm.org.models import ManHours

    records = [ManHours(**row) for row in rows]
    _refuse_outside(records, units_for(acting_user, ManHours.scope_area, Action.ADD))
    levels: dict = {}
    for record in records:
        # The fields, then the model's rules for all rows at once: one level per branch of the tree and month.
        record.clean_fields(exclude=["unit"])
        record.month = record.month.replace(day=1)
        levels.setdefault(record.month, []).append(record.unit.path)
    for month, paths in levels.items():
        saved = ManHours.objects.filter(month=month, is_archived=False).values_list("unit__path", flat=True)
        ordered = sorted([*paths, *saved])  # a path and one below it sort next to each other
        if any(b.startswith(a) for a, b in pairwise(ordered)):  # also a unit twice
            raise ValidationError(
                {
                    "unit": _("Hours for %(month)s are already recorded for a unit above or below this one.")
                    % {"month": month.strftime("%Y-%m")}
                }
            )
    created = bulk_create_with_history(records, ManHours, batch_size=2000, default_user=acting_user)
    bump()  # bulk inserts send no post_save: the home page's cached figures (missing man-hours) are forgotten
    return created


def _refuse_outside(records: list, allowed_units) -> None:
    allowed = set(allowed_units.values_list("pk", flat=True))
    if any(r.unit_id not in allowed for r in records):
        raise PermissionDenied(_("You may not add records in that unit."))


def kind_label(kind: str, language: str | None = None) -> str:
    """What this site calls a level of the tree, in the active language (default: the built-in name)."""
    from django.utils.translation import get_language

    labels = _kind_labels()
    custom = labels.get(kind)
    if custom:
        lang = (language or get_language() or "en").lower()
        text = custom.label_zh_hans if lang.startswith("zh") else custom.label_en
        if text:
            return text
    return str(UnitKind(kind).label) if kind in UnitKind.values else kind


KIND_LABELS_CACHE_KEY = "zeroharm:kind_labels"


@transaction.atomic
def kind_labels_save(*, labels: dict[str, tuple[str, str]], acting_user) -> None:
    """Rename the levels of the tree for this site: {kind: (English label, Chinese label)}; empty = default."""
    from django.core.cache import cache

    from zeroharm.org.models import UnitKindLabel

    if not can_change_catalogue(acting_user):
        raise PermissionDenied(_("Only a group-level administrator or safety manager may rename the levels."))
    for kind, (label_en, label_zh) in labels.items():
        UnitKindLabel.objects.update_or_create(kind=kind, defaults={"label_en": label_en, "label_zh_hans": label_zh})
    cache.delete(KIND_LABELS_CACHE_KEY)


def can_change_catalogue(user) -> bool:
    from zeroharm.core.scoping import user_scope

    return user_scope(user, "org", Action.CHANGE).at_root


def _kind_labels():
    from django.core.cache import cache

    from zeroharm.org.models import UnitKindLabel

    labels = cache.get(KIND_LABELS_CACHE_KEY)
    if labels is None:
        labels = {label.kind: label for label in UnitKindLabel.objects.all()}
        cache.set(KIND_LABELS_CACHE_KEY, labels, 60)
    return labels
