"""A campaign's meetings: planned by its organisers, their agenda in order, attendees signing in with the code on
the screen (core.signin_codes, open from 30 minutes before the start to the end), minutes and photos; a decision is
issued as a task of the campaign (services.tasks.task_issue with the meeting)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.campaigns.choices import State
from zeroharm.campaigns.models import AgendaItem, Campaign, Meeting, MeetingAttendance, MeetingPhoto
from zeroharm.core import services, signin_codes
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, subtree_q
from zeroharm.core.services import record_lock, record_step_save
from zeroharm.core.uploads import photos_clean

__all__ = ["OPENS_BEFORE", "meeting_create", "agenda_add", "minutes_save", "meeting_sign_in", "signing_open"]

OPENS_BEFORE = datetime.timedelta(minutes=30)


def _organiser_check(campaign: Campaign, acting_user) -> None:
    if not can(acting_user, Action.CHANGE, campaign):
        raise PermissionDenied(_("Your roles do not allow changing this campaign."))
    if campaign.state == State.CLOSED:
        raise ValidationError(_("A closed campaign is kept as it was closed."))


def meeting_create(*, campaign: Campaign, data: dict, acting_user) -> Meeting:
    _organiser_check(campaign, acting_user)
    return services.record_create(model=Meeting, data={**data, "campaign": campaign}, acting_user=acting_user)


@transaction.atomic
def agenda_add(*, meeting: Meeting, data: dict, acting_user) -> AgendaItem:
    """The next item of the agenda, after the last one."""
    _organiser_check(meeting.campaign, acting_user)
    Meeting.objects.select_for_update().filter(pk=meeting.pk).first()  # one item numbered at a time
    last = meeting.agenda.aggregate(last=Max("order"))["last"] or 0
    item = AgendaItem(meeting=meeting, order=last + 1, **data)
    item.full_clean()
    item.save()
    return item


@transaction.atomic
def minutes_save(*, meeting: Meeting, minutes: str, acting_user, expected_version: int | None, photos=()) -> Meeting:
    """The meeting's minutes, and photos added (checked by core.uploads before anything is stored)."""
    cleaned = photos_clean(photos, field="photos")
    meeting = record_lock(meeting, expected_version, related=("campaign__unit",))
    _organiser_check(meeting.campaign, acting_user)
    meeting.minutes = minutes.strip()
    record_step_save(meeting, acting_user, gettext_noop("minutes recorded"), clean=True)
    MeetingPhoto.objects.bulk_create(MeetingPhoto(meeting=meeting, image=clean.file) for clean in cleaned)
    return meeting


def signing_open(meeting: Meeting, now: datetime.datetime) -> bool:
    return meeting.starts_at - OPENS_BEFORE <= now <= meeting.ends_at


@transaction.atomic
def meeting_sign_in(*, meeting: Meeting, acting_user, code: str, now: datetime.datetime) -> MeetingAttendance:
    """The person of the login signs in with the code of this moment (typed or scanned), once, while it is open, if
    they work in the campaign's scope."""
    person = getattr(acting_user, "person", None)
    campaign = meeting.campaign
    in_scope = person is not None and type(person).objects.filter(subtree_q(campaign.unit.path, "unit__"), pk=person.pk)
    if not in_scope or not in_scope.exists():
        raise PermissionDenied(_("Only people of the campaign's units sign in to its meetings."))
    if not signing_open(meeting, now):
        raise ValidationError(_("Signing in opens 30 minutes before the meeting starts and closes when it ends."))
    code = (code or "").strip()
    if not (
        signin_codes.accepts_typed(meeting.secret, code, now) or signin_codes.accepts_qr(meeting.secret, code, now)
    ):
        raise ValidationError({"code": _("This is not the meeting's current code: look at the screen again.")})
    if MeetingAttendance.objects.filter(meeting=meeting, person=person).exists():
        raise ValidationError(_("You have signed in to this meeting already."))
    return MeetingAttendance.objects.create(meeting=meeting, person=person, signed_at=now)
