"""A campaign's life: drafted (with the year's national theme offered), its committee and documents, started,
its pledge published, closed. Every function is callable without a request (the demo drives them)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.campaigns.choices import State
from zeroharm.campaigns.models import Campaign, CampaignDocument, CommitteeMember, NationalTheme
from zeroharm.core import services
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, choosable
from zeroharm.core.services import record_lock, record_step_save
from zeroharm.core.uploads import file_clean

__all__ = [
    "theme_of_year",
    "campaign_create",
    "campaign_update",
    "campaign_start",
    "campaign_close",
    "committee_add",
    "document_add",
    "pledge_publish",
]


def theme_of_year(year: int) -> NationalTheme | None:
    """The national theme of that year's Safety Month, when it is known (it is data: STANDARDS §15.5)."""
    return NationalTheme.objects.filter(year=year).first()


def campaign_create(*, data: dict, acting_user) -> Campaign:
    """A draft campaign; without a national theme chosen, the one of its start year is taken when known."""
    if not data.get("national_theme") and data.get("starts_on"):
        data = {**data, "national_theme": theme_of_year(data["starts_on"].year)}
    return services.record_create(model=Campaign, data=data, acting_user=acting_user)


def campaign_update(*, campaign: Campaign, data: dict, acting_user, expected_version: int | None) -> Campaign:
    if campaign.state == State.CLOSED:
        raise ValidationError(_("A closed campaign is kept as it was closed."))
    return services.record_update(
        instance=campaign, data=data, acting_user=acting_user, expected_version=expected_version
    )


def _change_check(campaign: Campaign, acting_user) -> None:
    if not can(acting_user, Action.CHANGE, campaign):
        raise PermissionDenied(_("Your roles do not allow changing this campaign."))


@transaction.atomic
def campaign_start(*, campaign: Campaign, acting_user, expected_version: int | None) -> Campaign:
    campaign = record_lock(campaign, expected_version)
    _change_check(campaign, acting_user)
    if campaign.state != State.DRAFT:
        raise ValidationError(_("Only a draft campaign is started; this one is %(state)s.") % _state(campaign))
    campaign.state = State.RUNNING
    return record_step_save(campaign, acting_user, gettext_noop("started"))


@transaction.atomic
def campaign_close(*, campaign: Campaign, acting_user, expected_version: int | None) -> Campaign:
    campaign = record_lock(campaign, expected_version)
    _change_check(campaign, acting_user)
    if campaign.state != State.RUNNING:
        raise ValidationError(_("Only a running campaign is closed; this one is %(state)s.") % _state(campaign))
    campaign.state, campaign.closed_at = State.CLOSED, timezone.now()
    return record_step_save(campaign, acting_user, gettext_noop("closed"))


def _state(campaign: Campaign) -> dict:
    return {"state": campaign.get_state_display()}


@transaction.atomic
def committee_add(*, campaign: Campaign, person, role: str, acting_user) -> CommitteeMember:
    """A person of the committee: one the user may see (core.scoping.choosable), once per campaign."""
    _change_check(campaign, acting_user)
    if not choosable(acting_user, type(person)).filter(pk=person.pk).exists():
        raise ValidationError({"person": _("This person is not among the people you may choose.")})
    if CommitteeMember.objects.filter(campaign=campaign, person=person).exists():
        raise ValidationError({"person": _("%(person)s is already on the committee.") % {"person": person.name}})
    member = CommitteeMember(campaign=campaign, person=person, role=role)
    member.full_clean()
    member.save()
    return member


@transaction.atomic
def document_add(*, campaign: Campaign, kind: str, upload, acting_user) -> CampaignDocument:
    """The notice, the plan or another document, checked by core.uploads before anything is stored."""
    _change_check(campaign, acting_user)
    clean = file_clean(upload, field="file")
    document = CampaignDocument(campaign=campaign, kind=kind, file=clean.file, original_name=clean.original_name[:200])
    document.full_clean(exclude=["file"])
    document.save()
    return document


@transaction.atomic
def pledge_publish(*, campaign: Campaign, text: str, acting_user, expected_version: int | None) -> Campaign:
    """The pledge published to everyone in the scope; once signed by anyone its text is fixed (they signed it)."""
    campaign = record_lock(campaign, expected_version)
    _change_check(campaign, acting_user)
    if not text.strip():
        raise ValidationError({"text": _("Write the pledge before publishing it.")})
    if campaign.state == State.CLOSED:
        raise ValidationError(_("A closed campaign is kept as it was closed."))
    if campaign.pledge_signatures.exists():
        raise ValidationError({"text": _("People have signed the pledge: its text can no longer change.")})
    campaign.pledge_text, campaign.pledge_published_at = text.strip(), timezone.now()
    return record_step_save(campaign, acting_user, gettext_noop("pledge published"))
