"""Writing agreements: templates with their targets, issuing the year's agreements from a template (to one child
unit or to all), a draft's targets (checked against the issuer's own agreement), sending, and signing by both
parties' first leaders through core.signatures. A sent agreement is never edited: `agreement_revise` writes the
next revision, to be sent and signed anew."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.scoping import user_scope
from zeroharm.core.services import record_create, record_lock, record_step_save, record_update
from zeroharm.core.signatures import SignatureMeaning, sign
from zeroharm.org.models import OrgUnit, Person
from zeroharm.responsibility.choices import LEVEL_OF_ISSUER, AgreementLevel, AgreementStatus
from zeroharm.responsibility.models import Agreement, AgreementTarget, AgreementTemplate, TemplateTarget
from zeroharm.responsibility.services.strictness import strictness_violations, target_problems

__all__ = [
    "template_create",
    "template_update",
    "template_targets_replace",
    "agreement_issue",
    "agreement_targets_replace",
    "agreement_draft_update",
    "agreement_send",
    "agreement_sign",
    "agreement_revise",
    "agreement_content",
    "own_agreement",
    "latest_revision",
]

TARGET_FIELDS = ("indicator", "comparison", "value", "weight", "veto")


def _refuse_unless_acting_for(user, unit: OrgUnit, action: str) -> None:
    """Only a user whose scope holds the issuing unit writes its templates and agreements: a branch reads the
    group's agreement with it but does not edit it."""
    scope = user_scope(user, "responsibility", action)
    if not (scope.unrestricted or any(unit.path.startswith(path) for path in scope.paths)):
        raise PermissionDenied(_("You may not issue agreements for this unit."))


def _refuse_problems(problems: list[str]) -> None:
    if problems:
        raise ValidationError(problems)


def _targets(model, owner_field: str, owner, rows: list[dict]) -> list:
    """The rows as unsaved targets, each field checked and converted; a message names its row."""
    targets = []
    for order, row in enumerate(rows, start=1):
        target = model(**{owner_field: owner}, order=order, **{name: row.get(name) for name in TARGET_FIELDS})
        target.veto = bool(target.veto)
        try:
            target.full_clean(exclude=[owner_field], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            messages = "; ".join(f"{field}: {' '.join(errors)}" for field, errors in exc.message_dict.items())
            raise ValidationError(_("Target %(n)s: %(messages)s") % {"n": order, "messages": messages}) from exc
        targets.append(target)
    return targets


def _refuse_level_not_issued_by(unit: OrgUnit, level: str) -> None:
    """A template is written for the agreements its unit issues: a branch writes branch → workshop ones."""
    if LEVEL_OF_ISSUER.get(unit.kind) != level:
        raise ValidationError({"level": _("%(unit)s does not issue agreements of this level.") % {"unit": unit.name}})


@transaction.atomic
def template_create(*, data: dict, targets: list[dict], acting_user) -> AgreementTemplate:
    _refuse_unless_acting_for(acting_user, data["unit"], "add")
    _refuse_level_not_issued_by(data["unit"], data["level"])
    template = record_create(model=AgreementTemplate, data=data, acting_user=acting_user)
    _write_template_targets(template, targets)
    return template


@transaction.atomic
def template_update(
    *, template: AgreementTemplate, data: dict, targets: list[dict], acting_user, expected_version: int | None
) -> AgreementTemplate:
    """The template's fields and its targets at once, unless someone saved it since `expected_version` was read
    (core.services.record_update refuses a stale version before writing anything). The agreements issued from it
    keep their copies."""
    _refuse_unless_acting_for(acting_user, template.unit, "change")
    unit = data.get("unit", template.unit)
    _refuse_unless_acting_for(acting_user, unit, "change")
    _refuse_level_not_issued_by(unit, data.get("level", template.level))
    template = record_update(instance=template, data=data, acting_user=acting_user, expected_version=expected_version)
    template.targets.all().delete()
    _write_template_targets(template, targets)
    return template


@transaction.atomic
def template_targets_replace(*, template: AgreementTemplate, targets: list[dict], acting_user) -> AgreementTemplate:
    """A later edit changes the template only: the agreements issued from it keep their copies."""
    template = record_lock(template, None, related=("unit",))
    _refuse_unless_acting_for(acting_user, template.unit, "change")
    template.targets.all().delete()
    _write_template_targets(template, targets)
    return record_step_save(template, acting_user, gettext_noop("targets written"))


def _write_template_targets(template: AgreementTemplate, targets: list[dict]) -> None:
    rows = _targets(TemplateTarget, "template", template, targets)
    _refuse_problems(target_problems(rows))
    TemplateTarget.objects.bulk_create(rows)


def own_agreement(unit: OrgUnit, year: int) -> Agreement | None:
    """The unit's own agreement of the year (as party B), its latest revision (a team's members' are not it)."""
    return (
        Agreement.objects.filter(recipient=unit, recipient_person__isnull=True, year=year).order_by("-revision").first()
    )


def latest_revision(agreement: Agreement) -> Agreement:
    """The latest revision of the same agreement: the same year and party B (the unit, or the team member)."""
    party_b = (
        {"recipient_person_id": agreement.recipient_person_id}
        if agreement.recipient_person_id
        else {"recipient_id": agreement.recipient_id, "recipient_person__isnull": True}
    )
    return Agreement.objects.filter(year=agreement.year, **party_b).order_by("-revision").first()


def _parties_b(issuer: OrgUnit, level: str, recipient: OrgUnit | None, person: Person | None) -> list[dict]:
    """Party B of each draft to write: a unit directly under the issuer, or at the team → post level an active member
    of the team; one (asked for) or every one."""
    if level == AgreementLevel.TEAM_POST:
        members = Person.objects.filter(unit=issuer, status="active", is_archived=False)
        if issuer.principal_id:  # the team leader signs as party A, not with themselves
            members = members.exclude(pk=issuer.principal_id)
        if person is not None:
            if not members.filter(pk=person.pk).exists():
                raise ValidationError(_("A team's agreement is signed with an active member of the team."))
            members = members.filter(pk=person.pk)
        return [{"recipient": issuer, "recipient_person": member} for member in members.order_by("name", "pk")]
    children = OrgUnit.objects.filter(path__startswith=issuer.path, depth=issuer.depth + 1, is_archived=False)
    if recipient is not None:
        if not children.filter(pk=recipient.pk).exists():
            raise ValidationError(_("An agreement is issued to a unit directly under the issuer."))
        children = children.filter(pk=recipient.pk)
    return [{"recipient": child, "recipient_person": None} for child in children.order_by("path")]


@transaction.atomic
def agreement_issue(
    *,
    template: AgreementTemplate,
    year: int,
    due_on: datetime.date,
    acting_user,
    recipient: OrgUnit | None = None,
    person: Person | None = None,
) -> list[Agreement]:
    """Drafts from `template` for `recipient` (or, from a team, `person`), or for every child unit (every active
    member) that has none this year. The clauses and targets are copied: the agreement keeps them whatever later
    happens to the template."""
    issuer = template.unit
    _refuse_unless_acting_for(acting_user, issuer, "add")
    level = LEVEL_OF_ISSUER.get(issuer.kind)
    if level is None or level != template.level:
        raise ValidationError(_("This template is not for the agreements this unit issues."))
    parties = _parties_b(issuer, level, recipient, person)
    drafted = Agreement.objects.filter(year=year, issuer=issuer)
    taken = set(drafted.values_list("recipient_id", "recipient_person_id"))
    parent = own_agreement(issuer, year)
    issued = []
    for party in parties:
        if (party["recipient"].pk, getattr(party["recipient_person"], "pk", None)) in taken:
            continue
        agreement = record_create(
            model=Agreement,
            data={
                "year": year,
                "level": level,
                "issuer": issuer,
                **party,
                "parent": parent,
                "template": template,
                "title": template.title,
                "clauses": template.clauses,
                "due_on": due_on,
            },
            acting_user=acting_user,
        )
        rows = list(template.targets.order_by("order").values(*TARGET_FIELDS))
        AgreementTarget.objects.bulk_create(_targets(AgreementTarget, "agreement", agreement, rows))
        issued.append(agreement)
    if (recipient or person) is not None and not issued:
        raise ValidationError(
            _("%(unit)s already has its agreement for %(year)s.") % {"unit": person or recipient, "year": year}
        )
    return issued


def _refuse_unless_draft(agreement: Agreement) -> None:
    if agreement.status != AgreementStatus.DRAFTED:
        raise ValidationError(
            _("This agreement is %(status)s: its content is not changed. Write its next revision.")
            % {"status": agreement.get_status_display()}
        )


def _check_against_parent(agreement: Agreement, targets: list) -> None:
    parent = agreement.parent
    problems = target_problems(targets)
    if parent is not None:
        problems += strictness_violations(list(parent.targets.order_by("order")), targets)
    _refuse_problems(problems)


@transaction.atomic
def agreement_targets_replace(*, agreement: Agreement, targets: list[dict], acting_user) -> Agreement:
    """A draft's targets, all at once; each one the issuer's own agreement holds is at least as strict."""
    agreement = record_lock(agreement, None, related=("issuer",))
    _refuse_unless_acting_for(acting_user, agreement.issuer, "change")
    _refuse_unless_draft(agreement)
    rows = _targets(AgreementTarget, "agreement", agreement, targets)
    _check_against_parent(agreement, rows)
    agreement.targets.all().delete()
    AgreementTarget.objects.bulk_create(rows)
    return record_step_save(agreement, acting_user, gettext_noop("targets written"))


@transaction.atomic
def agreement_draft_update(
    *, agreement: Agreement, data: dict, targets: list[dict], acting_user, expected_version: int | None
) -> Agreement:
    """Party A's side revises a draft before sending it: its title, clauses, sign-by date and targets at once,
    unless someone saved it since `expected_version` was read (record_lock refuses, nothing is written). The targets
    are checked against the issuer's own agreement as it stands now (its latest revision): each violation named."""
    agreement = record_lock(agreement, expected_version, related=("issuer",))
    _refuse_unless_acting_for(acting_user, agreement.issuer, "change")
    _refuse_unless_draft(agreement)
    agreement.parent = own_agreement(agreement.issuer, agreement.year) or agreement.parent
    for name in ("title", "clauses", "due_on"):
        setattr(agreement, name, data[name])
    rows = _targets(AgreementTarget, "agreement", agreement, targets)
    _check_against_parent(agreement, rows)
    agreement.targets.all().delete()
    AgreementTarget.objects.bulk_create(rows)
    return record_step_save(agreement, acting_user, gettext_noop("draft revised"), clean=True)


@transaction.atomic
def agreement_send(*, agreement: Agreement, acting_user) -> Agreement:
    """To party B for signing. A unit below the group sends only once its own agreement of the year is signed: the
    targets it passes down are then measured against what it has itself signed for."""
    agreement = record_lock(agreement, None, related=("issuer",))
    _refuse_unless_acting_for(acting_user, agreement.issuer, "change")
    _refuse_unless_draft(agreement)
    if agreement.issuer.depth > 1:
        parent = own_agreement(agreement.issuer, agreement.year)
        if parent is None or parent.status != AgreementStatus.SIGNED:
            raise ValidationError(
                _("%(unit)s's own agreement for %(year)s is not signed yet: it is sent once that one is.")
                % {"unit": agreement.issuer.name, "year": agreement.year}
            )
        agreement.parent = parent
    _check_against_parent(agreement, list(agreement.targets.order_by("order")))
    agreement.status, agreement.sent_at = AgreementStatus.SENT, timezone.now()
    return record_step_save(agreement, acting_user, gettext_noop("sent for signing"))


def agreement_content(agreement: Agreement) -> dict:
    """What both parties sign: the parties, the year, the revision, the clauses and every target."""
    return {
        "record": "responsibility.agreement",
        "year": agreement.year,
        "revision": agreement.revision,
        "party_a": agreement.issuer.code,
        "party_b": agreement.recipient.code,
        **({"party_b_person": agreement.recipient_person.employee_no} if agreement.recipient_person_id else {}),
        "title": agreement.title,
        "clauses": agreement.clauses,
        "due_on": agreement.due_on.isoformat(),
        "targets": [
            {
                "indicator": t.indicator,
                "comparison": t.comparison,
                "value": f"{t.value:f}",
                "weight": None if t.weight is None else f"{t.weight:f}",
                "veto": t.veto,
            }
            for t in agreement.targets.order_by("order")
        ],
    }


def party_of(agreement: Agreement, user) -> str | None:
    """ "a" or "b" when `user` is the login of that party's first leader (the unit's principal person), or of the
    team member who is party B at the team → post level."""
    signer_b = (
        agreement.recipient_person.active_user if agreement.recipient_person_id else agreement.recipient.principal_user
    )
    for party, signer in (("a", agreement.issuer.principal_user), ("b", signer_b)):
        if signer is not None and signer.pk == user.pk:
            return party
    return None


@transaction.atomic
def agreement_sign(*, agreement: Agreement, acting_user, password: str, request=None, drawing: str = "") -> Agreement:
    """One party's signature with their password (and their drawn signature, if any); signed when both parties
    have signed the same content."""
    agreement = record_lock(
        agreement, None, related=("issuer__principal__user", "recipient__principal__user", "recipient_person__user")
    )
    if agreement.status != AgreementStatus.SENT:
        raise ValidationError(_("Only a sent agreement is signed."))
    party = party_of(agreement, acting_user)
    if party is None:
        raise PermissionDenied(_("Only party A's first leader and party B sign this agreement."))
    field = f"party_{party}_signature"
    if getattr(agreement, f"{field}_id"):
        raise ValidationError(_("You have already signed this agreement."))
    signature = sign(
        record=agreement,
        content=agreement_content(agreement),
        meaning=SignatureMeaning.PARTY_A if party == "a" else SignatureMeaning.PARTY_B,
        user=acting_user,
        password=password,
        request=request,
        drawing=drawing,
    )
    setattr(agreement, field, signature)
    other = agreement.party_b_signature if party == "a" else agreement.party_a_signature
    if other is not None and other.content_sha256 == signature.content_sha256:
        agreement.status, agreement.signed_at = AgreementStatus.SIGNED, timezone.now()
    return record_step_save(agreement, acting_user, gettext_noop("signed"))


@transaction.atomic
def agreement_revise(*, agreement: Agreement, acting_user) -> Agreement:
    """The next revision of a sent or signed agreement, as a draft with a copy of its content: the change is written
    there, then sent and signed anew. The revision before stays as it was signed."""
    agreement = record_lock(agreement, None, related=("issuer",))
    _refuse_unless_acting_for(acting_user, agreement.issuer, "change")
    if agreement.status == AgreementStatus.DRAFTED:
        raise ValidationError(_("A draft is changed as it is."))
    if latest_revision(agreement).pk != agreement.pk:
        raise ValidationError(_("A later revision of this agreement exists already."))
    names = ("year", "level", "issuer", "recipient", "recipient_person", "parent", "template")
    data = {name: getattr(agreement, name) for name in names}
    data.update(title=agreement.title, clauses=agreement.clauses, due_on=agreement.due_on)
    revision = record_create(
        model=Agreement, data={**data, "revision": agreement.revision + 1}, acting_user=acting_user
    )
    rows = list(agreement.targets.order_by("order").values(*TARGET_FIELDS))
    AgreementTarget.objects.bulk_create(_targets(AgreementTarget, "agreement", revision, rows))
    return revision
