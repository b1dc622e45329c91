"""The campaigns area's menu entries, its deadline scan and its tally of tasks to do (core.overdue), its signed record
(the pledge), its big-screen panel, the user's own work (a pledge to sign, a unit's task to submit) and the
emergency drill as evidence (core.evidence)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.campaigns.choices import OPEN_TASK_STATES
from zeroharm.core.cache import register_counted
from zeroharm.core.evidence import EvidenceKind, register_evidence_kind
from zeroharm.core.overdue import register_overdue
from zeroharm.core.registry import (
    EVERYONE,
    STAFF,
    MyWork,
    NavItem,
    register_my_work,
    register_nav,
    register_scan,
    register_screen_panel,
    register_signed_record,
)
from zeroharm.core.roles import Action
from zeroharm.core.tallies import register_tally

for _label, _url, _order, _audiences, _action in (
    (_("Campaigns"), "campaigns:campaign_list", 10, EVERYONE, Action.VIEW),
    (_("Tasks of units"), "campaigns:taskassignment_list", 20, STAFF, Action.VIEW),
    (_("Campaign activities"), "campaigns:activity_list", 25, STAFF, Action.VIEW),
    (_("New campaign"), "campaigns:campaign_add", 30, STAFF, Action.ADD),
):
    register_nav("campaigns", NavItem(_label, _url, "campaigns", order=_order, audiences=_audiences, action=_action))


# Units' tasks still to do, per unit and deadline day (core.tallies): "overdue" (the list's filter) is the days before
# today. The deadline is the task's, read across the relation: it is fixed when the task is issued (a service that
# ever moves it must call tallies.recount(TaskAssignment, the units of its assignments)).
register_tally(
    "campaigns.TaskAssignment", "to_do", Q(state__in=OPEN_TASK_STATES, is_archived=False), day_field="task__deadline"
)


def _overdue_tasks(unit, today):
    from zeroharm.core.links import page_url

    return f"{page_url('campaigns:taskassignment_list')}?ancestor_id={unit.pk}&overdue=true"


# Still to do past the deadline, for "what is overdue under a unit" (core.overdue): the list's "Overdue" filter, so
# they escalate with every other deadline on the first leader's view.
register_overdue(
    "campaigns", _("Campaign tasks past their deadline"), "campaigns.TaskAssignment", "to_do", _overdue_tasks
)


@register_scan("campaigns.task_deadlines")
def task_deadline_scan() -> str:
    from django.utils import timezone

    from zeroharm.campaigns.scans import task_deadlines

    return task_deadlines(now=timezone.now())


def _pledge_now(campaign, signature):
    """What a person signed: the campaign's pledge as it reads now (a changed text no longer matches)."""
    from zeroharm.campaigns.services.pledge import pledge_content

    return pledge_content(campaign)


register_signed_record("campaigns.Campaign", _pledge_now)


@register_screen_panel
def campaign_progress_panel(request, unit) -> str:
    """The big screen's campaign panel: the running campaign that covers `unit` (its scope is the unit or a unit
    above it), with the progress board's totals under `unit`; "" when none runs today or the viewer cannot see it."""
    from django.template.loader import render_to_string
    from django.utils import timezone

    from zeroharm.campaigns.selectors.board import campaign_board
    from zeroharm.campaigns.selectors.campaigns import running_campaign_for

    today = timezone.localdate()
    campaign = running_campaign_for(request.user, unit, today)
    if campaign is None:
        return ""
    board = campaign_board(campaign, unit, request.user, today)
    return render_to_string(
        "campaigns/_screen_panel.html", {"campaign": campaign, "unit": unit, "total": board.total}, request=request
    )


@register_my_work
def my_campaign_work(user, limit: int):
    """The user's own: the pledge to sign, and the tasks of the units they are the principal person of to submit."""
    from django.urls import reverse
    from django.utils import timezone

    from zeroharm.campaigns.selectors.mine import pledges_to_sign, tasks_to_submit

    person = user.person_or_none  # loaded with the signed-in user
    if person is None:
        return 0, []
    today = timezone.localdate()
    pledges, campaigns = pledges_to_sign(person, limit)
    tasks, assignments = tasks_to_submit(person, limit)
    to_sign, to_submit = str(_("Pledge to sign")), str(_("Campaign task"))
    items = [MyWork(kind=to_sign, title=c.name, url=reverse("campaigns:pledge", args=[c.pk])) for c in campaigns]
    items += [
        MyWork(
            kind=to_submit,
            title=f"{a.task.title} · {a.unit.name}",
            url=a.get_absolute_url(),
            due=a.task.deadline,
            overdue=a.task.deadline < today,
        )
        for a in assignments
    ]
    return {to_sign: pledges, to_submit: tasks}, items


# "My tasks" on the home page is kept per user until a counted record is written: signing the pledge or submitting
# a task takes it off at once (each is written a few times per person and campaign, not per shift).
register_counted("campaigns.Campaign", "campaigns.PledgeSignature", "campaigns.TaskAssignment")


def _drills(activities):
    from zeroharm.campaigns.choices import ActivityKind

    return activities.filter(kind=ActivityKind.DRILL, is_archived=False)


def _drill_text(activity) -> str:
    """The drill as cited: its title, the day, the unit that held it and how many took part."""
    from django.utils.translation import ngettext

    took_part = ngettext("%(n)s participant", "%(n)s participants", activity.participants) % {
        "n": activity.participants
    }
    return f"{activity.title} · {activity.held_on.isoformat()} · {activity.unit.name} · {took_part}"


# An emergency drill recorded as a campaign activity is the evidence of a task "every workshop holds a drill".
register_evidence_kind(
    EvidenceKind(
        key="campaigns.drill",
        dated="held_on",
        model_label="campaigns.Activity",
        label=_("Emergency drill record"),
        narrow=_drills,
        describe=_drill_text,
        counts=_("Only an activity recorded as an emergency drill counts."),
        cited_by=("campaigns",),  # the proof of a campaign task, not the ground of a reward or penalty
        order_by=("-held_on", "-id"),
        related=("unit",),
        search=("title", "description", "unit__name"),
    )
)
