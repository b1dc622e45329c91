"""The rewards area's menu entries, its rules (a major hidden danger's reporter is proposed a bonus: hazards'
event; a confirmed assessment's first and vetoed units: responsibility's event), its signed record (core.registry)
and the user's own "to acknowledge" (My tasks)."""

from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from zeroharm.core.events import subscribe
from zeroharm.core.registry import (
    EVERYONE,
    STAFF,
    MyWork,
    NavItem,
    OpenTask,
    register_my_work,
    register_nav,
    register_person_panel,
    register_signed_record,
    register_task_provider,
)
from zeroharm.core.roles import Action, Audience

for _section, _label, _url, _order, _audiences, _action in (
    ("mine", _("My rewards and penalties"), "rewards:mine", 64, frozenset({Audience.FRONT_LINE}), Action.VIEW),
    ("responsibility", _("My rewards and penalties"), "rewards:mine", 50, EVERYONE, Action.VIEW),
    ("responsibility", _("Rewards and penalties"), "rewards:rewardpenalty_list", 60, STAFF, Action.VIEW),
    ("responsibility", _("Propose a reward or penalty"), "rewards:rewardpenalty_add", 65, STAFF, Action.ADD),
    ("responsibility", _("Rewards and fines per unit"), "rewards:totals", 70, STAFF, Action.VIEW),
    ("responsibility", _("Reward rules"), "rewards:rulesettings_list", 80, STAFF, Action.CHANGE),
):
    register_nav(_section, NavItem(_label, _url, "rewards", order=_order, audiences=_audiences, action=_action))


def _propose_for_major_hazard(*, hidden_danger, acting_user):
    from zeroharm.rewards.services.rules import propose_for_major_hazard

    propose_for_major_hazard(hidden_danger=hidden_danger)


subscribe("hazards.graded_major", _propose_for_major_hazard)


def _propose_from_assessment(*, assessment, acting_user):
    from zeroharm.rewards.services.rules import propose_from_assessment

    propose_from_assessment(assessment=assessment)


subscribe("responsibility.assessment_confirmed", _propose_from_assessment)


def _record_now(record, signature):
    """What the person signed: the record, its amount, reason and evidence (as the service signs it)."""
    from zeroharm.rewards.services.records import record_content

    return record_content(record)


register_signed_record("rewards.RewardPenalty", _record_now)


@register_my_work
def rewards_to_acknowledge(user, limit: int):
    """Rewards and penalties decided for the user (or their unit) and waiting for their signature."""
    from zeroharm.rewards.choices import State
    from zeroharm.rewards.models import RewardPenalty

    qs = RewardPenalty.objects.filter(RewardPenalty.scope_own_q(user), state=State.APPROVED, is_archived=False)
    rows = list(qs.order_by("decided_on", "id")[:limit])
    total = len(rows) if len(rows) < limit else qs.count()
    return total, [MyWork(kind=_("To acknowledge"), title=_work_title(r), url=r.get_absolute_url()) for r in rows]


def _work_title(record) -> str:
    """The kind and what it is for: a person with several bonuses waiting tells them apart on My tasks."""
    return f"{record.get_kind_display()} · {Truncator(record.reason).chars(40)}"


def safety_record_panel(request, person) -> str:
    """On a person's page: the link to their safety record (training, certificates, violations, rewards and
    penalties on one page), for those who may read it; no query (the person page's count stays as it was)."""
    from django.template.loader import render_to_string

    from zeroharm.rewards.selectors.records import may_read_safety_record

    if not may_read_safety_record(request.user, person):
        return ""
    return render_to_string("rewards/_safety_record_panel.html", {"person": person}, request=request)


register_person_panel(safety_record_panel)


@register_task_provider
def proposals_to_decide(user) -> list[OpenTask]:
    """Proposals in the units where the user decides rewards and penalties, not their own (one COUNT)."""
    from django.urls import reverse

    from zeroharm.core.scoping import can_anywhere
    from zeroharm.rewards.choices import State
    from zeroharm.rewards.models import RewardPenalty

    if not can_anywhere(user, RewardPenalty, Action.APPROVE):
        return []
    waiting = RewardPenalty.objects.visible_to(user, Action.APPROVE).filter(state=State.PROPOSED, is_archived=False)
    count = waiting.exclude(proposed_by=user).count()
    if not count:
        return []
    return [
        OpenTask(_("Rewards and penalties to decide"), f"{reverse('rewards:rewardpenalty_list')}?state=proposed", count)
    ]
