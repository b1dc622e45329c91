"""The life of a corrective or preventive action: raised → done by its owner → verified by a second person.

Any record may spawn one (`source`); the action is scoped by its unit like everything else.
"""

from __future__ import annotations

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.actions.models import ActionItem, ActionKind, ActionStatus
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import ConcurrentEditError
from zeroharm.notifications.services import notify

__all__ = ["action_create", "action_complete", "action_verify", "action_cancel", "actions_for"]


def _save(item: ActionItem, acting_user, reason: str) -> ActionItem:
    item.version += 1
    item._history_user = acting_user
    item._change_reason = reason
    item.full_clean()
    item.save()
    return item


def _locked(item: ActionItem, expected_version: int | None) -> ActionItem:
    current = ActionItem.objects.select_for_update().select_related("owner").get(pk=item.pk)
    if expected_version is not None and current.version != expected_version:
        raise ConcurrentEditError(current, expected_version)
    return current


@transaction.atomic
def action_create(*, acting_user, unit, title: str, owner, due_date: datetime.date, description: str = "",
                  kind: str = ActionKind.CORRECTIVE, source=None) -> ActionItem:
    """Raise an action in `unit`; `source` is the record it comes from (a hidden danger, an inspection…)."""
    if not units_for(acting_user, ActionItem.scope_area, Action.ADD).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not raise actions in %(unit)s.") % {"unit": unit.name})
    if due_date and due_date < timezone.localdate():
        raise ValidationError({"due_date": _("The due date cannot be in the past.")})
    item = ActionItem(unit=unit, title=(title or "").strip(), description=(description or "").strip(), kind=kind,
                      owner=owner, due_date=due_date, created_by=acting_user)
    if source is not None:
        item.source_type = ContentType.objects.get_for_model(type(source))
        item.source_id = source.pk
    item.full_clean()
    item._history_user = acting_user
    item._change_reason = "raised"
    item.save()
    if owner.user_id and owner.user_id != acting_user.pk:
        notify(recipients=[owner.user], event="actions.assigned",
               title=_("Action for you, due %(date)s: %(title)s") % {"date": due_date, "title": item.title},
               body=item.description, url=item.get_absolute_url())
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
    _save(item, acting_user, "done")
    if item.created_by_id and item.created_by_id != acting_user.pk:
        notify(recipients=[item.created_by], event="actions.done",
               title=_("Action done, please verify: %(title)s") % {"title": item.title},
               body=item.completion_note, url=item.get_absolute_url())
    return item


@transaction.atomic
def action_verify(*, item: ActionItem, acting_user, effective: bool, note: str,
                  expected_version: int | None = None) -> ActionItem:
    """A second person checks the action worked: verified, or reopened with the reason."""
    item = _locked(item, expected_version)
    if item.status != ActionStatus.DONE:
        raise ValidationError(_("Only a done action can be verified."))
    if acting_user.pk in (item.completed_by_id, item.owner.user_id):
        raise PermissionDenied(_("The effectiveness is verified by someone other than the person who did it."))
    if not can(acting_user, Action.CHANGE, item):
        raise PermissionDenied(_("Your role does not allow verifying actions here."))
    if not (note or "").strip():
        raise ValidationError({"note": _("Say how the effect was checked.")})
    if effective:
        item.status = ActionStatus.VERIFIED
        item.verified_at, item.verified_by, item.verification_note = timezone.now(), acting_user, note.strip()
        return _save(item, acting_user, "verified effective")
    item.status = ActionStatus.OPEN
    item.verification_note = note.strip()
    _save(item, acting_user, "not effective, reopened")
    if item.owner.user_id:
        notify(recipients=[item.owner.user], event="actions.reopened",
               title=_("Action reopened: %(title)s") % {"title": item.title}, body=note.strip(),
               url=item.get_absolute_url())
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
    return _save(item, acting_user, "cancelled")


def actions_for(source):
    """The actions spawned by one record, for its detail page."""
    return ActionItem.objects.filter(
        source_type=ContentType.objects.get_for_model(type(source)), source_id=source.pk,
    ).select_related("owner").order_by("due_date", "id")
