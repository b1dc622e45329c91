"""The life of a corrective or preventive action: raised → done by its owner → verified by a second person.

Any record may spawn one (`source`); the action is scoped by its unit like everything else.
Who may do each step (the `may_*` functions) is decided here, for the pages and the API alike.
"""

from __future__ import annotations

import datetime

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.actions.models import ActionItem, ActionKind, ActionStatus
from zeroharm.core.filtersets import MAX_ID
from zeroharm.core.roles import Action
from zeroharm.core.scoping import ORG_STEPLEN, can, units_for
from zeroharm.core.services import record_clean, record_lock, record_step_save
from zeroharm.notifications.services import notify

__all__ = [
    "action_create",
    "action_update",
    "action_complete",
    "action_verify",
    "action_cancel",
    "actions_for",
    "may_complete",
    "may_verify",
    "may_cancel",
    "may_edit",
    "source_key",
    "source_from_key",
    "source_unit",
    "SourceError",
    "is_doer",
]

EDITABLE_FIELDS = ("title", "description", "due_date", "owner")


#
# The source record: "app_label.model:pk"
#


class SourceError(ValueError):
    """The `source` reference is malformed or names something that cannot spawn an action."""


def source_key(obj) -> str:
    """`risks.riskpoint:12`: how pages, links and the API name a source record."""
    meta = obj._meta
    return f"{meta.app_label}.{meta.model_name}:{obj.pk}"


def _source_model(label: str):
    try:
        app_label, model_name = label.split(".", 1)
        model = apps.get_model(app_label, model_name)
    except (ValueError, LookupError) as exc:
        raise SourceError(_("Unknown kind of record: %(label)s.") % {"label": label}) from exc
    # Only scoped domain records can spawn actions: their scope says who may see them.
    if not hasattr(model._default_manager, "visible_to") or getattr(model, "scope_unit_field", None) is None:
        raise SourceError(_("Actions cannot be raised from %(label)s.") % {"label": label})
    return model


def source_from_key(key: str, user):
    """The record named by `key`, if `user` may see it; SourceError if malformed, ObjectDoesNotExist if not visible."""
    label, sep, raw_pk = (key or "").strip().rpartition(":")
    if not sep or not raw_pk.isdigit() or not 0 < int(raw_pk) <= MAX_ID:
        raise SourceError(_("A source is written app.model:id, e.g. risks.riskpoint:12."))
    model = _source_model(label.lower())
    return model._default_manager.visible_to(user, Action.VIEW).get(pk=int(raw_pk))


def source_unit(obj):
    """The OrgUnit a scoped record belongs to (following its `scope_unit_field`, e.g. `risk_point__unit`)."""
    path = type(obj).scope_unit_field
    if path == "":
        return obj
    for name in path.split("__"):
        obj = getattr(obj, name)
    return obj


#
# Who may do what
#


# `changer`: whether the user may change this action, when the caller already knows (saves a query).


def may_edit(user, item: ActionItem, changer: bool | None = None) -> bool:
    return item.status == ActionStatus.OPEN and (can(user, Action.CHANGE, item) if changer is None else changer)


def may_complete(user, item: ActionItem, changer: bool | None = None) -> bool:
    if item.status != ActionStatus.OPEN:
        return False
    return item.owner.user_id == user.pk or (can(user, Action.CHANGE, item) if changer is None else changer)


def is_doer(user, item: ActionItem) -> bool:
    return user.pk in (item.completed_by_id, item.owner.user_id)


def may_verify(user, item: ActionItem, changer: bool | None = None) -> bool:
    """A second person: the one who raised it, or anyone who may change actions there, but never the doer."""
    if item.status != ActionStatus.DONE or is_doer(user, item):
        return False
    return item.created_by_id == user.pk or (can(user, Action.CHANGE, item) if changer is None else changer)


def may_cancel(user, item: ActionItem) -> bool:
    return item.is_open and can(user, Action.APPROVE, item)


def _check_owner(owner, unit) -> None:
    """The owner is an active person of the action's branch (the unit's level-2 ancestor, or the group)."""
    if owner is None:
        raise ValidationError({"owner": _("Choose who will do it.")})
    if owner.status != "active" or owner.is_archived:
        raise ValidationError({"owner": _("%(person)s is not an active person.") % {"person": owner}})
    branch = unit.path[: 2 * ORG_STEPLEN]
    if not owner.unit.path.startswith(branch):
        raise ValidationError(
            {"owner": _("%(person)s does not work in the branch of %(unit)s.") % {"person": owner, "unit": unit.name}}
        )


def _check_due(due_date) -> None:
    if due_date and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})


def _save(item: ActionItem, acting_user, reason: str) -> ActionItem:
    return record_step_save(item, acting_user, reason, clean=True)


def _locked(item: ActionItem, expected_version: int | None) -> ActionItem:
    return record_lock(item, expected_version, related=("owner", "unit"))


@transaction.atomic
def action_create(
    *,
    acting_user,
    unit,
    title: str,
    owner,
    due_date: datetime.date,
    description: str = "",
    kind: str = ActionKind.CORRECTIVE,
    source=None,
) -> ActionItem:
    """Raise an action in `unit`; `source` is the record it comes from (a hidden danger, an inspection…)."""
    if not units_for(acting_user, ActionItem.scope_area, Action.ADD).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not raise actions in %(unit)s.") % {"unit": unit.name})
    if source is not None and not can(acting_user, Action.VIEW, source):
        raise PermissionDenied(_("You may not see the record this action would come from."))
    _check_due(due_date)
    _check_owner(owner, unit)
    item = ActionItem(
        unit=unit,
        title=(title or "").strip(),
        description=(description or "").strip(),
        kind=kind,
        owner=owner,
        due_date=due_date,
        created_by=acting_user,
    )
    if source is not None:
        item.source_type = ContentType.objects.get_for_model(type(source))
        item.source_id = source.pk
    record_clean(item)
    item._history_user = acting_user
    item._change_reason = gettext_noop("raised")
    item.save()
    if owner.user_id and owner.user_id != acting_user.pk:
        notify(
            recipients=[owner.user],
            event="actions.assigned",
            title=(gettext_noop("Action for you, due %(date)s: %(title)s"), {"date": due_date, "title": item.title}),
            body=item.description,
            url=item.get_absolute_url(),
        )
    return item


@transaction.atomic
def action_update(*, item: ActionItem, acting_user, data: dict, expected_version: int | None) -> ActionItem:
    """Change the title, details, due date or owner of an open action (reassigning notifies the new owner)."""
    item = _locked(item, expected_version)
    if expected_version is None:
        raise ValidationError({"version": _("The version of the record you edited is required.")})
    if item.status != ActionStatus.OPEN:
        raise ValidationError(
            _("Only an open action can be edited; this one is %(status)s.") % {"status": item.get_status_display()}
        )
    if not can(acting_user, Action.CHANGE, item):
        raise PermissionDenied(_("Your role does not allow changing actions here."))
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({name: _("This cannot be changed once the action is raised.") for name in unknown})
    old_owner_id, old_due = item.owner_id, item.due_date
    for name, value in data.items():
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    if item.due_date != old_due:
        _check_due(item.due_date)
    if item.owner_id != old_owner_id:
        _check_owner(item.owner, item.unit)
    _save(item, acting_user, gettext_noop("edited"))
    if item.owner_id != old_owner_id and item.owner.user_id and item.owner.user_id != acting_user.pk:
        notify(
            recipients=[item.owner.user],
            event="actions.assigned",
            title=(
                gettext_noop("Action for you, due %(date)s: %(title)s"),
                {"date": item.due_date, "title": item.title},
            ),
            body=item.description,
            url=item.get_absolute_url(),
        )
    return item


def _owner_or_changer(user, item: ActionItem) -> bool:
    return (item.owner.user_id == user.pk) or can(user, Action.CHANGE, item)


@transaction.atomic
def action_complete(*, item: ActionItem, acting_user, note: str, expected_version: int | None = None) -> ActionItem:
    item = _locked(item, expected_version)
    if item.status != ActionStatus.OPEN:
        raise ValidationError(_("Only an open action can be marked done."))
    if not _owner_or_changer(acting_user, item):
        raise PermissionDenied(_("Only the owner, or someone who may change actions here, marks it done."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say what was done.")})
    item.status = ActionStatus.DONE
    item.completed_at, item.completed_by, item.completion_note = timezone.now(), acting_user, note.strip()
    _save(item, acting_user, gettext_noop("done"))
    if item.created_by_id and item.created_by_id != acting_user.pk:
        notify(
            recipients=[item.created_by],
            event="actions.done",
            title=(gettext_noop("Action done, please verify: %(title)s"), {"title": item.title}),
            body=item.completion_note,
            url=item.get_absolute_url(),
        )
    return item


@transaction.atomic
def action_verify(
    *, item: ActionItem, acting_user, effective: bool, note: str, expected_version: int | None = None
) -> ActionItem:
    """A second person checks the action worked: verified, or reopened with the reason."""
    item = _locked(item, expected_version)
    if item.status != ActionStatus.DONE:
        raise ValidationError(_("Only a done action can be verified."))
    if is_doer(acting_user, item):
        raise PermissionDenied(_("The effectiveness is verified by someone other than the person who did it."))
    if item.created_by_id != acting_user.pk and not can(acting_user, Action.CHANGE, item):
        raise PermissionDenied(
            _("Only the person who raised the action, or someone who may change actions here, verifies it.")
        )
    if not (note or "").strip():
        raise ValidationError({"note": _("Say how the effect was checked.")})
    if effective:
        item.status = ActionStatus.VERIFIED
        item.verified_at, item.verified_by, item.verification_note = timezone.now(), acting_user, note.strip()
        return _save(item, acting_user, gettext_noop("verified effective"))
    item.status = ActionStatus.OPEN
    item.verification_note = note.strip()
    _save(item, acting_user, gettext_noop("not effective, reopened"))
    if item.owner.user_id:
        notify(
            recipients=[item.owner.user],
            event="actions.reopened",
            title=(gettext_noop("Action reopened: %(title)s"), {"title": item.title}),
            body=note.strip(),
            url=item.get_absolute_url(),
        )
    return item


@transaction.atomic
def action_cancel(*, item: ActionItem, acting_user, note: str, expected_version: int | None = None) -> ActionItem:
    item = _locked(item, expected_version)
    if not item.is_open:
        raise ValidationError(_("This action is already closed."))
    if not can(acting_user, Action.APPROVE, item):
        raise PermissionDenied(_("Your role does not allow cancelling actions here."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say why the action is cancelled.")})
    item.status = ActionStatus.CANCELLED
    item.verification_note = note.strip()
    return _save(item, acting_user, gettext_noop("cancelled"))


def actions_for(source, user=None):
    """The actions spawned by one record, for its detail page (only those `user` may see, when given)."""
    qs = ActionItem.objects.all() if user is None else ActionItem.objects.visible_to(user, Action.VIEW)
    return (
        qs.filter(
            source_type=ContentType.objects.get_for_model(type(source)),
            source_id=source.pk,
        )
        .select_related("owner")
        .order_by("due_date", "id")
    )
