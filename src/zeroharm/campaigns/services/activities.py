"""Activities held during a campaign by a unit of its scope (with their photos, checked by core.uploads), the
directors' statements and the commitments in them (owner, due date; marked done when kept)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.campaigns.choices import ActivityKind, State
from zeroharm.campaigns.models import Activity, ActivityPhoto, Campaign, Commitment, Statement
from zeroharm.core import services
from zeroharm.core.evidence import resolve_evidence
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, subtree_q
from zeroharm.core.services import record_lock, record_step_save
from zeroharm.core.uploads import photos_clean
from zeroharm.training.selectors.exams import sat_and_passed

__all__ = ["activity_record", "statement_record", "commitment_add", "commitment_done", "EXAM"]

EXAM = "training.exam"  # the evidence kind a knowledge contest cites (training/hooks.py)


def _in_campaign(campaign: Campaign, unit, field: str = "unit") -> None:
    """The unit is the campaign's scope unit or under it, and the campaign still open."""
    if campaign.state == State.CLOSED:
        raise ValidationError(_("A closed campaign is kept as it was closed."))
    if unit is not None and not type(unit).objects.filter(subtree_q(campaign.unit.path), pk=unit.pk).exists():
        raise ValidationError({field: _("Choose a unit within the campaign's scope.")})


def _contest_exam(data: dict, exam: int | None, acting_user, campaign: Campaign) -> dict:
    """A knowledge contest's exam (the training app's, of the unit's subtree, opened within the campaign, among
    those the user may see): the participants and those who passed are counted from its papers, each person once,
    instead of typed."""
    if exam is None:
        if data.get("participants") is None:
            raise ValidationError({"participants": _("Enter the number of participants, or cite the contest's exam.")})
        return data
    if data.get("kind") != ActivityKind.CONTEST:
        raise ValidationError({"exam": _("Only a knowledge contest cites an exam.")})
    period = (campaign.starts_on, campaign.ends_on)
    [(kind, record)] = resolve_evidence(acting_user, [(EXAM, exam)], within=data.get("unit"), during=period)
    sat, passed = sat_and_passed(record.pk)
    return {
        **data,
        "exam_pk": record.pk,
        "exam_text": kind.describe(record)[:300],
        "participants": sat,
        "passed": passed,
    }


@transaction.atomic
def activity_record(*, campaign: Campaign, data: dict, acting_user, photos=(), exam: int | None = None) -> Activity:
    """An activity of a unit (ADD in that unit), on a day within the campaign's period, with its photos; a knowledge
    contest may cite its exam (`exam`, its id), whose papers then give the participants."""
    _in_campaign(campaign, data.get("unit"))
    held_on = data.get("held_on")
    if held_on and not (campaign.starts_on <= held_on <= campaign.ends_on):
        raise ValidationError({"held_on": _("The day falls within the campaign's period.")})
    data = _contest_exam(data, exam, acting_user, campaign)
    cleaned = photos_clean(photos, field="photos")
    activity = services.record_create(model=Activity, data={**data, "campaign": campaign}, acting_user=acting_user)
    ActivityPhoto.objects.bulk_create(ActivityPhoto(activity=activity, image=clean.file) for clean in cleaned)
    return activity


@transaction.atomic
def statement_record(*, campaign: Campaign, data: dict, acting_user) -> Statement:
    """A director's statement for their unit (ADD in that unit), as spoken at the mobilization meeting."""
    _in_campaign(campaign, data.get("unit"))
    return services.record_create(model=Statement, data={**data, "campaign": campaign}, acting_user=acting_user)


@transaction.atomic
def commitment_add(*, statement: Statement, data: dict, acting_user) -> Commitment:
    """A commitment of the statement, tracked with its owner and due date."""
    if not can(acting_user, Action.CHANGE, statement):
        raise PermissionDenied(_("Your roles do not allow changing this statement."))
    _in_campaign(statement.campaign, None)
    return services.record_create(model=Commitment, data={**data, "statement": statement}, acting_user=acting_user)


@transaction.atomic
def commitment_done(
    *, commitment: Commitment, acting_user, expected_version: int | None, day: datetime.date
) -> Commitment:
    """The commitment kept, on `day` (not in the future)."""
    commitment = record_lock(commitment, expected_version)
    if not can(acting_user, Action.CHANGE, commitment):
        raise PermissionDenied(_("Your roles do not allow changing this commitment."))
    if commitment.done_on is not None:
        raise ValidationError(_("This commitment is already marked as kept."))
    if day > timezone.localdate():
        raise ValidationError({"day": _("A commitment is kept on a day that has come.")})
    commitment.done_on = day
    return record_step_save(commitment, acting_user, gettext_noop("kept"))
