"""The law's default list: the principal person's seven duties (SPL Art. 21, STANDARDS 13.2), each with a scope and
an assessment standard (Art. 22), written as the first leader's draft for a unit. The texts are translated when the
draft is written, in the language of whoever starts it; the draft is then the unit's own to edit and approve."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.responsibility.choices import UnitRole
from zeroharm.responsibility.models import DutyList
from zeroharm.responsibility.services.lists import list_create

__all__ = ["ARTICLE_21", "defaults_for", "default_code"]

# (duty, scope of responsibility, assessment standard), in the order of Art. 21 (1)–(7).
ARTICLE_21 = (
    (
        gettext_noop(
            "Establish, improve and implement the all-staff safety responsibility system and strengthen safety "
            "standardisation."
        ),
        gettext_noop("Every post of the unit: the responsibility lists, their approval and annual review."),
        gettext_noop(
            "Every post has a list in force and every holder has signed it; the lists are reviewed once a year."
        ),
    ),
    (
        gettext_noop("Organise the drafting and implementation of the unit's safety rules and operating procedures."),
        gettext_noop("The unit's safety rules and the operating procedures of its posts, processes and equipment."),
        gettext_noop("Rules and procedures cover every post and are in force; none is overdue for review."),
    ),
    (
        gettext_noop("Organise the drafting and implementation of the unit's safety training plan."),
        gettext_noop("The annual training plan, inductions and the training of managers and special operators."),
        gettext_noop("The annual plan is approved and carried out; training hours and certificates meet the law."),
    ),
    (
        gettext_noop("Ensure the unit's safety investment is provided and used effectively."),
        gettext_noop("The safety budget: its amount, its use and its records."),
        gettext_noop("The budget is set and spent as planned; its use is recorded and reported once a year."),
    ),
    (
        gettext_noop(
            "Set up and run the dual prevention mechanism of risk grading and control and hidden-danger "
            "investigation and governance; supervise and check safety work and remove hidden dangers promptly."
        ),
        gettext_noop("The risk register, inspections and the rectification of hidden dangers of the whole unit."),
        gettext_noop(
            "Risks are assessed and controlled; inspections are held as scheduled; hidden dangers are rectified "
            "by their deadlines; the leader leads an inspection at least once a quarter."
        ),
    ),
    (
        gettext_noop("Organise the drafting and implementation of the unit's emergency rescue plan."),
        gettext_noop("The emergency plans of the unit, their drills and the emergency supplies."),
        gettext_noop("The plans are in force and drilled as planned; each drill is evaluated and its lessons applied."),
    ),
    (
        gettext_noop("Report production safety accidents promptly and truthfully."),
        gettext_noop("Every accident of the unit, from the first report to its closure."),
        gettext_noop("Every accident is reported within the legal time limits, nothing concealed, late or false."),
    ),
)


def default_code(unit) -> str:
    return f"FL-{unit.code}"[:32]


@transaction.atomic
def defaults_for(unit, *, acting_user) -> DutyList:
    """The first leader's list of `unit` as a draft holding Art. 21's seven duties. Refused when the unit already owns
    a first leader's list (the draft of that one is edited instead)."""
    if DutyList.objects.filter(unit=unit, unit_role=UnitRole.FIRST_LEADER, is_archived=False).exists():
        raise ValidationError(_("This unit already has a first leader's list: edit its draft instead."))
    duties = [
        {"number": str(n), "text": _(text), "scope": _(scope), "assessment": _(assessment)}
        for n, (text, scope, assessment) in enumerate(ARTICLE_21, start=1)
    ]
    data = {
        "unit": unit,
        "code": default_code(unit),
        "title": _("Safety duties of the first leader of %(unit)s") % {"unit": unit.name},
        "unit_role": UnitRole.FIRST_LEADER,
    }
    return list_create(data=data, duties=duties, acting_user=acting_user)
