"""Rules that propose by themselves (never approve), where the unit's nearest settings switch them on: a safety bonus
to whoever reported a hidden danger later assessed as major (with the amount they set); from a confirmed assessment
of an agreement, a commendation to the unit ranked first and a warning to a unit whose veto target was missed."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.org.models import Person
from zeroharm.rewards.choices import Kind
from zeroharm.rewards.models import Evidence, RewardPenalty, RuleSettings
from zeroharm.rewards.services.records import propose

__all__ = ["MAJOR_HAZARD", "ASSESSMENT", "settings_for", "propose_for_major_hazard", "propose_from_assessment"]

MAJOR_HAZARD = "major_hazard"
ASSESSMENT = "assessment"


def settings_for(unit) -> RuleSettings | None:
    """The settings of the unit or of the nearest unit above it that has some."""
    paths = [unit.path[:n] for n in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    return (
        RuleSettings.objects.filter(unit__path__in=paths, is_archived=False)
        .select_related("unit")
        .order_by("-unit__depth")
        .first()
    )


@transaction.atomic
def propose_for_major_hazard(*, hidden_danger, acting_user=None) -> RewardPenalty | None:
    """Propose its reporter a bonus, once per hidden danger; nothing for an anonymous report, a reporter who is not a
    registered person, or where the rule is off. The proposal waits for an approver like any other."""
    if hidden_danger.reported_by_id is None:
        return None
    person = (
        Person.objects.filter(user_id=hidden_danger.reported_by_id, is_archived=False).select_related("unit").first()
    )
    rules = settings_for(hidden_danger.unit)
    if person is None or rules is None or not rules.major_hazard_reward:
        return None
    cited = Evidence.objects.filter(
        content_type=ContentType.objects.get_for_model(hidden_danger),
        object_id=hidden_danger.pk,
        record__rule=MAJOR_HAZARD,
    )
    if cited.exists():
        return None
    reason = _("Reported hidden danger %(ref)s, assessed as major: %(text)s") % {
        "ref": hidden_danger.reference,
        "text": hidden_danger.description[:200],
    }
    return propose(
        data={
            "person": person,
            "kind": Kind.BONUS,
            "amount": rules.major_hazard_amount,
            "reason": reason,
            "decided_on": timezone.localdate(),
        },
        evidence=[("hazards.hidden_danger", hidden_danger.pk)],
        acting_user=None,
        rule=MAJOR_HAZARD,
    )


@transaction.atomic
def propose_from_assessment(*, assessment) -> RewardPenalty | None:
    """A commendation for the unit ranked first (not vetoed), a warning for a vetoed one; nothing otherwise, where
    the rule is off, or when this assessment already has its proposal."""
    unit = assessment.agreement.recipient
    rules = settings_for(unit)
    if rules is None or not rules.assessment_ranking or assessment.agreement.recipient_person_id:
        return None
    if assessment.vetoed:
        kind, reason = Kind.WARNING, _("%(assessment)s: a veto target was missed.")
    elif assessment.rank == 1:
        kind, reason = Kind.COMMENDATION, _("%(assessment)s: ranked first of %(peers)s, score %(score)s.")
    else:
        return None
    cited = Evidence.objects.filter(
        content_type=ContentType.objects.get_for_model(assessment), object_id=assessment.pk, record__rule=ASSESSMENT
    )
    if cited.exists():
        return None
    score = "—" if assessment.final_score is None else f"{assessment.final_score:.1f}"
    return propose(
        data={
            "unit": unit,
            "kind": kind,
            "reason": reason % {"assessment": assessment, "peers": assessment.peers, "score": score},
            "decided_on": timezone.localdate(),
        },
        evidence=[("responsibility.assessment", assessment.pk)],
        acting_user=None,
        rule=ASSESSMENT,
    )
