"""The steps of a reward or penalty: propose (with its evidence), approve or reject (a role with APPROVE on "rewards",
never the proposer), and the person's acknowledgement by signature (core.signatures), which records it in their file.
A proposal without evidence, or citing a record the proposer may not see, is refused."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.evidence import resolve_evidence
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import record_clean, record_lock, record_step_save
from zeroharm.core.signatures import SignatureMeaning, sign
from zeroharm.notifications.services import notify
from zeroharm.rewards.choices import State
from zeroharm.rewards.models import Evidence, RewardPenalty

__all__ = [
    "propose",
    "approve",
    "reject",
    "acknowledge",
    "acknowledger_of",
    "record_content",
    "EVENT_TO_ACKNOWLEDGE",
    "EVENT_TO_DECIDE",
]

EVENT_TO_ACKNOWLEDGE = "rewards.to_acknowledge"
EVENT_TO_DECIDE = "rewards.to_decide"
NO_EVIDENCE = gettext_noop(
    "A reward or penalty rests on evidence: cite at least one record (an incident, a violation, a hidden danger…)."
)


@transaction.atomic
def propose(*, data: dict, evidence: list[tuple[str, int]], acting_user, rule: str = "") -> RewardPenalty:
    """A proposal of a reward or penalty for `data["person"]` (its unit follows) or `data["unit"]`, resting on
    `evidence` [(kind, id)], each among the records the proposer may see. `acting_user` None: a rule proposes."""
    picked = list(dict.fromkeys((str(k), int(pk)) for k, pk in evidence))
    if not picked:
        raise ValidationError({"evidence": _(NO_EVIDENCE)})
    cited = resolve_evidence(acting_user, picked)
    person = data.get("person")
    record = RewardPenalty(**{**data, "unit": person.unit if person else data.get("unit")})
    record.proposed_by, record.rule = acting_user, rule
    record_clean(record)
    if acting_user is not None and not units_for(acting_user, "rewards", Action.ADD).filter(pk=record.unit_id).exists():
        raise PermissionDenied(_("You may not propose rewards or penalties in %(unit)s.") % {"unit": record.unit.name})
    record._history_user = acting_user
    record._change_reason = gettext_noop("proposed by a rule") if rule else gettext_noop("proposed")
    record.save()
    Evidence.objects.bulk_create(
        Evidence(
            record=record,
            kind=kind.key,
            content_type=ContentType.objects.get_for_model(cited_record),
            object_id=cited_record.pk,
            text=str(kind.describe(cited_record))[:500],
        )
        for kind, cited_record in cited
    )
    _tell_approver(record)
    return record


def _tell_approver(record: RewardPenalty) -> None:
    """The nearest first leader at or above the record's unit who may decide it (never its proposer) is told."""
    from zeroharm.org.models import OrgUnit

    paths = [record.unit.path[:n] for n in range(record.unit.steplen, len(record.unit.path) + 1, record.unit.steplen)]
    units = OrgUnit.objects.filter(path__in=paths).select_related("principal__user").order_by("-depth")
    for unit in units:
        user = unit.principal_user
        if user is not None and user.pk != record.proposed_by_id and can(user, Action.APPROVE, record):
            notify(
                recipients=[user],
                event=EVENT_TO_DECIDE,
                title=(gettext_noop("A %(kind)s is proposed: decide it"), {"kind": record.get_kind_display()}),
                body=(gettext_noop("%(unit)s: %(reason)s"), {"unit": record.unit.name, "reason": record.reason[:200]}),
                url=record.get_absolute_url(),
            )
            return


def acknowledger_of(record: RewardPenalty):
    """Who acknowledges: the person's active login, or for a unit its principal person's; None when nobody can."""
    if record.person_id:
        return record.person.active_user
    return record.unit.principal_user


def _decision_check(record: RewardPenalty, acting_user) -> None:
    if not can(acting_user, Action.APPROVE, record):
        raise PermissionDenied(_("Your roles do not allow approving rewards and penalties here."))
    if record.state != State.PROPOSED:
        raise ValidationError(
            _("Only a proposal is approved or rejected; this one is %(state)s.") % {"state": record.get_state_display()}
        )
    if record.proposed_by_id and record.proposed_by_id == acting_user.pk:
        raise PermissionDenied(_("Nobody approves or rejects their own proposal."))


@transaction.atomic
def approve(*, record: RewardPenalty, acting_user, expected_version: int | None, note: str = "") -> RewardPenalty:
    """Approve the proposal; the person (or the unit's principal person) is told to acknowledge it. When nobody has
    a login to acknowledge it, the approval records it in the file at once."""
    record = record_lock(record, expected_version)
    _decision_check(record, acting_user)
    record.decided_by, record.decided_at, record.decision_note = acting_user, timezone.now(), note.strip()[:500]
    acknowledger = acknowledger_of(record)
    record.state = State.APPROVED if acknowledger else State.RECORDED
    record_step_save(record, acting_user, gettext_noop("approved"))
    if acknowledger is not None:
        notify(
            recipients=[acknowledger],
            event=EVENT_TO_ACKNOWLEDGE,
            title=(gettext_noop("A %(kind)s was decided: acknowledge it"), {"kind": record.get_kind_display()}),
            body=(
                gettext_noop("Read it and its evidence, then sign it with your password: %(reason)s"),
                {"reason": record.reason[:200]},
            ),
            url=record.get_absolute_url(),
        )
    return record


@transaction.atomic
def reject(*, record: RewardPenalty, acting_user, expected_version: int | None, note: str) -> RewardPenalty:
    if not note.strip():
        raise ValidationError({"note": _("Say why the proposal is rejected.")})
    record = record_lock(record, expected_version)
    _decision_check(record, acting_user)
    record.decided_by, record.decided_at, record.decision_note = acting_user, timezone.now(), note.strip()[:500]
    record.state = State.REJECTED
    return record_step_save(record, acting_user, gettext_noop("rejected"))


def record_content(record: RewardPenalty) -> dict:
    """What the person signs: who, what, how much, why, and the evidence, as plain data (no state, no language)."""
    return {
        "record": record.reference,
        "kind": record.kind,
        "amount": None if record.amount is None else str(record.amount),
        "reason": record.reason,
        "date": record.decided_on.isoformat(),
        "unit": record.unit.code,
        "person": [record.person.employee_no, record.person.name] if record.person_id else None,
        "evidence": [[e.kind, e.object_id, e.text] for e in record.evidence.order_by("id")],
    }


@transaction.atomic
def acknowledge(
    *,
    record: RewardPenalty,
    acting_user,
    password: str,
    expected_version: int | None = None,
    request=None,
    drawing: str = "",
) -> RewardPenalty:
    """The person's signature on an approved reward or penalty (meaning ACKNOWLEDGED): it is then in their file."""
    record = record_lock(record, expected_version)
    if record.state != State.APPROVED:
        raise ValidationError(
            _("Only an approved reward or penalty is acknowledged; this one is %(state)s.")
            % {"state": record.get_state_display()}
        )
    acknowledger = acknowledger_of(record)
    if acknowledger is None or acknowledger.pk != acting_user.pk:
        raise PermissionDenied(_("Only the person it concerns acknowledges it."))
    signature = sign(
        record=record,
        content=record_content(record),
        meaning=SignatureMeaning.ACKNOWLEDGED,
        user=acting_user,
        password=password,
        request=request,
        drawing=drawing,
    )
    record.signature, record.acknowledged_at, record.state = signature, signature.signed_at, State.RECORDED
    return record_step_save(record, acting_user, gettext_noop("acknowledged and recorded"))
