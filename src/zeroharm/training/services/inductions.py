"""The three-level induction (三级安全教育), created from what happens to a person, completed by their credits.

- hired (a person with a hire date) or taken on as a contractor or temporary worker: company → workshop → team;
- moved to another position or unit: workshop + team (Order 3 Art. 17);
- back after an absence of at least ZEROHARM_TRAINING_ABSENCE_MONTHS: workshop + team.
Planned hours are the induction minimum of the person's industry shared by training.rules.hours.level_split;
the induction is complete when every level is passed, in order, with the hours (training.rules.clearance).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from zeroharm.core.services import record_clean, record_create, record_update, records_step_save
from zeroharm.org.choices import EmploymentType
from zeroharm.training.choices import LEVEL_COURSE_KIND, InductionReason
from zeroharm.training.models import Absence, Induction, InductionLevelPlan
from zeroharm.training.rules.clearance import induction_gaps
from zeroharm.training.rules.dates import away_long_enough
from zeroharm.training.rules.hours import FULL_LEVELS, RETRAINING_LEVELS, induction_minimum, level_split
from zeroharm.training.selectors.facts import facts_for
from zeroharm.training.selectors.industry import industries_of
from zeroharm.training.services.credits import after_credit

__all__ = [
    "induction_start",
    "inductions_for_new_people",
    "hire_reason",
    "person_moved",
    "absence_save",
    "inductions_check",
]

_TEMPORARY = (EmploymentType.CONTRACTOR, EmploymentType.TEMPORARY)
_INDUCTION_KINDS = set(LEVEL_COURSE_KIND.values())


def levels_of(reason: str) -> tuple[str, ...]:
    return FULL_LEVELS if reason in (InductionReason.NEW_HIRE, InductionReason.CONTRACTOR) else RETRAINING_LEVELS


def _planned(reason: str, industry: str) -> dict[str, Decimal]:
    """Each level's share of the full induction minimum (24 → 8/8/8); a retraining keeps the workshop and team
    shares, so a job change in a general enterprise plans 8 + 8."""
    shares = level_split(induction_minimum(industry))
    return {level: shares[level] for level in levels_of(reason)}


def hire_reason(person) -> str | None:
    """Why a newly registered person needs the full induction, or None (no hire date and not a contractor)."""
    if person.employment_type in _TEMPORARY:
        return InductionReason.CONTRACTOR
    return InductionReason.NEW_HIRE if person.hire_date else None


def _unsaved(person, reason: str, started_on: datetime.date, industry: str):
    planned = _planned(reason, industry)
    induction = Induction(person=person, reason=reason, started_on=started_on, required_hours=sum(planned.values()))
    levels = [
        InductionLevelPlan(level=level, planned_hours=hours, order=order)
        for order, (level, hours) in enumerate(planned.items())
    ]
    return induction, levels


@transaction.atomic
def induction_start(*, person, reason: str, started_on: datetime.date, acting_user) -> Induction:
    """Open an induction with its levels planned for the person's unit's industry."""
    industry = industries_of([person.unit])[person.unit_id]
    induction, levels = _unsaved(person, reason, started_on, industry)
    record_clean(induction)
    induction._history_user = acting_user
    induction._change_reason = gettext_noop("opened")
    induction.save()
    for level in levels:
        level.induction = induction
    InductionLevelPlan.objects.bulk_create(levels)
    return induction


@transaction.atomic
def inductions_for_new_people(people, *, acting_user) -> list[Induction]:
    """The full induction of each newly registered person who needs one, in a few queries (a bulk import of a
    site's register, the demo's people)."""
    people = [person for person in people if hire_reason(person)]
    if not people:
        return []
    industries = industries_of({person.unit_id: person.unit for person in people}.values())
    pairs = [_unsaved(p, hire_reason(p), _hire_day(p), industries[p.unit_id]) for p in people]
    inductions = bulk_create_with_history([i for i, _ in pairs], Induction, default_user=acting_user)
    if inductions and inductions[0].pk is None:  # a database that returns no ids from a bulk insert
        inductions = list(Induction.objects.filter(person__in=people).order_by("-id")[: len(people)])[::-1]
    for induction, (_, levels) in zip(inductions, pairs, strict=True):
        for level in levels:
            level.induction = induction
    InductionLevelPlan.objects.bulk_create([level for _, levels in pairs for level in levels])
    return inductions


def _hire_day(person) -> datetime.date:
    return person.hire_date or timezone.localdate()


def person_moved(person, *, acting_user, day: datetime.date | None = None) -> Induction:
    """A change of position or unit: the workshop and team levels again (Order 3 Art. 17)."""
    return induction_start(
        person=person,
        reason=InductionReason.JOB_CHANGE,
        started_on=day or timezone.localdate(),
        acting_user=acting_user,
    )


# Absences: a return after the threshold opens a return-to-work induction, once per return.


@transaction.atomic
def absence_save(*, data: dict, acting_user, instance: Absence | None = None, expected_version=None) -> Absence:
    if instance is None:
        absence = record_create(model=Absence, data=data, acting_user=acting_user)
    else:
        absence = record_update(
            instance=instance, data=data, acting_user=acting_user, expected_version=expected_version
        )
    _retrain_after(absence, acting_user)
    return absence


def _retrain_after(absence: Absence, acting_user) -> None:
    if not absence.returned_on:
        return
    if not away_long_enough(absence.away_from, absence.returned_on, settings.ZEROHARM_TRAINING_ABSENCE_MONTHS):
        return
    already = Induction.objects.filter(
        person_id=absence.person_id, reason=InductionReason.RETURN, started_on=absence.returned_on, is_archived=False
    )
    if not already.exists():
        induction_start(
            person=absence.person,
            reason=InductionReason.RETURN,
            started_on=absence.returned_on,
            acting_user=acting_user,
        )


# Completion: every credit of an induction course checks the person's open induction.


@after_credit
def inductions_check(credited: list[tuple]) -> list[Induction]:
    """Mark complete each credited person's induction in force whose levels are now passed in order with the hours;
    a session's credits are checked together, in the queries of one person."""
    days: dict[datetime.date, dict] = {}
    for person, record in credited:
        if record.course.kind in _INDUCTION_KINDS:
            days.setdefault(max(record.completed_on, timezone.localdate()), {})[person.pk] = person
    return [induction for day, people in days.items() for induction in _complete_passed(list(people.values()), day)]


def _complete_passed(people: list, day: datetime.date) -> list[Induction]:
    facts = facts_for(people, day)
    done = {
        fact.induction_id: fact.induction
        for fact in facts.values()
        if fact.induction_id is not None and not induction_gaps(fact.induction)
    }
    inductions = list(Induction.objects.select_for_update().filter(pk__in=list(done)).order_by("pk"))
    newly = [induction for induction in inductions if not induction.completed_on]
    for induction in newly:
        induction.completed_on = max(result.completed_on for result in done[induction.pk].results.values())
    # An archive brought in completes thousands at once: one UPDATE per completion day, with the history rows.
    records_step_save(newly, ["completed_on"], None, gettext_noop("all levels passed"))
    return inductions
