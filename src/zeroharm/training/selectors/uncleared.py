"""Who is not cleared to work on a day, asked of the database in one statement (the home page's figure).

The roster (training.selectors.clearance) reads each person's facts and judges them in Python
(training.rules.clearance.judge): exact, with every gap named, and about a millisecond a person — a second for a group
of 3,000. To count a whole branch for the home page, the same verdict is written here as conditions on the people:
a person is not cleared when one of these holds (each is one of judge's gaps; the names are the rules'):

- **induction**: no induction with planned levels started by the day (the latest such one counts); or one of its
  planned levels has no hours since the induction started, or its latest assessed record did not pass; or a level
  was passed before the level above it; or the levels' hours fall short of the induction's required hours;
- **certificate**: a requirement that applies to them names a certificate kind of which they hold none valid on the
  day (held, issued by then, not expired, its review passed in time or not yet due);
- **training**: a requirement that applies to them, past its grace for a new hire, has fewer hours within its period
  than its minimum (the requirement's own, else the national one for the unit's industry class).

The requirements (a small table), the industry classes units declare and each period's first counted day are read
or worked out first, in Python, by the very functions the roster uses (default_minimum, add_months); the rest is one
statement whatever the number of people. Hours are kept in tenths: a sum is compared with half a tenth to spare, so a
floating-point sum on SQLite decides as the roster's Decimal does. tests/training/test_uncleared.py holds the two
answers equal on a table of cases and on a generated group.
"""

from __future__ import annotations

import datetime
from functools import reduce
from operator import or_

from django.db.models import (
    Case,
    Exists,
    F,
    FloatField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce

from zeroharm.core.scoping import subtree_q
from zeroharm.org.choices import IndustryClass
from zeroharm.org.models import OrgUnit
from zeroharm.training.choices import INDUCTION_LEVEL_ORDER, LEVEL_COURSE_KIND, CertificateStatus, ReviewOutcome
from zeroharm.training.models import (
    Certificate,
    CertificateReview,
    Course,
    Induction,
    InductionLevelPlan,
    Requirement,
    TrainingRecord,
)
from zeroharm.training.rules.dates import add_months
from zeroharm.training.selectors.facts import default_minimum

__all__ = ["not_cleared", "first_counted_day"]

HALF_TENTH = 0.05  # hours are multiples of 0.1: "short" is "below the need by more than rounding"
_REVOKED = (CertificateStatus.REVOKED, CertificateStatus.SUPERSEDED)


def not_cleared(people: QuerySet, day: datetime.date) -> QuerySet:
    """Those of `people` (a queryset of Person) whom the roster would show as not cleared to work on `day`."""
    requirements = list(Requirement.objects.filter(is_archived=False).select_related("unit", "course"))
    industries = _industry_q()
    gaps = [~Exists(_cleared_inductions(day).filter(person=OuterRef("pk")))]
    for requirement in requirements:
        applies = _applies(requirement)
        if requirement.certificate_kind:
            gaps.append(applies & ~Exists(_valid_certificates(requirement.certificate_kind, day)))
        if requirement.course_id or requirement.course_kind:
            name = f"hours_for_{requirement.pk}"
            people = people.alias(**{name: _sum_hours(_credits_for(requirement, day))})
            gaps.append(applies & _training_gap(requirement, name, day, industries))
    return people.filter(reduce(or_, gaps))


def first_counted_day(day: datetime.date, months: int) -> datetime.date:
    """The first day d whose `months` later (add_months, the rules' own) is on or after `day`: training done on d
    still counts on `day`, and a person hired on d is still in their grace on `day`. add_months only grows with d."""
    found = add_months(day, -months)
    while add_months(found, months) < day:
        found += datetime.timedelta(days=1)
    while add_months(found - datetime.timedelta(days=1), months) >= day:
        found -= datetime.timedelta(days=1)
    return found


# --- induction: the latest one started by the day that has planned levels (facts._inductions)


def _cleared_inductions(day: datetime.date) -> QuerySet:
    """Each person's induction in force on `day` when it has no gap (rules.clearance.induction_gaps). Worked out on
    the inductions' own rows, so that every figure of a level is one subquery on plain columns (read through a
    person's subquery, each would repeat the search for the latest induction); a level's credits are found by their
    course's id, which leaves out a join per subquery."""
    courses = _courses_by_kind()
    started = Induction.objects.filter(is_archived=False, started_on__lte=day).filter(
        Exists(InductionLevelPlan.objects.filter(induction=OuterRef("pk")))
    )
    later = started.filter(person_id=OuterRef("person_id")).filter(
        Q(started_on__gt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__gt=OuterRef("pk"))
    )
    since_start = _records(day, "person_id").filter(completed_on__gte=OuterRef("started_on"))
    planned = Case(*(When(level=level, then=Value(kind)) for level, kind in LEVEL_COURSE_KIND.items()))
    planned_kinds = InductionLevelPlan.objects.filter(induction=OuterRef(OuterRef("pk"))).annotate(kind=planned)
    inductions = started.filter(~Exists(later)).alias(
        induction_hours=_sum_hours(since_start.filter(course__kind__in=Subquery(planned_kinds.values("kind")))),
        induction_needs=Cast("required_hours", FloatField()),
    )
    for level in INDUCTION_LEVEL_ORDER:
        credits = since_start.filter(course_id__in=courses.get(LEVEL_COURSE_KIND[level], []))
        inductions = inductions.alias(**_level_figures(level, credits))
    return inductions.exclude(_induction_gap())


def _courses_by_kind() -> dict[str, list[int]]:
    found: dict[str, list[int]] = {}
    for pk, kind in Course.objects.values_list("pk", "kind"):
        found.setdefault(kind, []).append(pk)
    return found


def _level_figures(level: str, credits: QuerySet) -> dict:
    """facts.level_result: the level planned, hours since the induction started (any above zero), and the day of
    its latest assessment when that passed (None when it failed or there is none)."""
    last = credits.exclude(passed__isnull=True).order_by("-completed_on", "-id")
    passed_on = Case(When(passed=True, then=F("completed_on")), default=None)
    return {
        f"plans_{level}": Exists(InductionLevelPlan.objects.filter(induction=OuterRef("pk"), level=level)),
        f"hours_{level}": Exists(credits.filter(hours__gt=0)),
        f"passed_on_{level}": Subquery(last.annotate(passed_on=passed_on).values("passed_on")[:1]),
    }


def _induction_gap() -> Q:
    """A level missing or not passed, levels passed out of order, or too few hours in all."""
    gap = Q(induction_hours__lt=F("induction_needs") - HALF_TENTH)
    for level in INDUCTION_LEVEL_ORDER:
        missing = Q(**{f"hours_{level}": False}) | Q(**{f"passed_on_{level}__isnull": True})
        gap |= Q(**{f"plans_{level}": True}) & missing
    for i, above in enumerate(INDUCTION_LEVEL_ORDER):
        for below in INDUCTION_LEVEL_ORDER[i + 1 :]:
            # Every planned level passed (else a gap above), so "in order" is: none done before one above it.
            both = Q(**{f"plans_{above}": True, f"plans_{below}": True})
            gap |= both & Q(**{f"passed_on_{below}__lt": F(f"passed_on_{above}")})
    return gap


# --- what a requirement asks


def _records(day: datetime.date, person: str = "pk") -> QuerySet:
    """The credits facts._credits reads: not archived, done by the day, of the person the outer query names."""
    return TrainingRecord.objects.filter(person=OuterRef(person), is_archived=False, completed_on__lte=day)


def _sum_hours(records: QuerySet):
    summed = records.order_by().values("person").annotate(total=Sum("hours")).values("total")
    return Coalesce(Cast(Subquery(summed), FloatField()), Value(0.0), output_field=FloatField())


def _applies(requirement: Requirement) -> Q:
    """facts.applies_to as a condition: in the requirement's subtree, of its position and unit kind (or any)."""
    q = subtree_q(requirement.unit.path, "unit__")
    if requirement.position_id:
        q &= Q(position_id=requirement.position_id)
    if requirement.unit_kind:
        q &= Q(unit__kind=requirement.unit_kind)
    return q


def _valid_certificates(kind: str, day: datetime.date) -> QuerySet:
    """CertificateFacts.gap_on is None: held, issued by the day, not expired, reviewed in time or not yet due."""
    reviewed = CertificateReview.objects.filter(
        certificate=OuterRef("pk"),
        outcome=ReviewOutcome.PASSED,
        is_archived=False,
        reviewed_on__lte=OuterRef("review_due"),
    ).filter(reviewed_on__lte=day)
    return (
        Certificate.objects.filter(person=OuterRef("pk"), kind=kind, is_archived=False)
        .exclude(status__in=_REVOKED)
        .filter(issued_on__lte=day, valid_until__gte=day)
        .filter(Q(review_due__gte=day) | Exists(reviewed))
    )


def _credits_for(requirement: Requirement, day: datetime.date) -> QuerySet:
    """facts._meets and RequirementFacts.hours_on: passed or not assessed, of its course (or kind), in its period."""
    credits = _records(day).exclude(passed=False)
    if requirement.course_id:
        credits = credits.filter(course_id=requirement.course_id)
    else:
        credits = credits.filter(course__kind=requirement.course_kind)
    if requirement.period_months:
        credits = credits.filter(completed_on__gte=first_counted_day(day, requirement.period_months))
    return credits


def _training_gap(requirement: Requirement, hours: str, day: datetime.date, industries: dict[str, Q]) -> Q:
    """RequirementFacts.gap_on is not None: past a new hire's grace, fewer hours than the minimum, which may depend
    on the person's industry class (three at most)."""
    by_need: dict[float, list[str]] = {}
    for industry in IndustryClass.values:
        need = requirement.min_hours
        need = need if need is not None else default_minimum(requirement, industry)
        by_need.setdefault(float(need), []).append(industry)
    short = Q(pk__in=[])
    for need, classes in by_need.items():
        of_need = reduce(or_, (industries[c] for c in classes)) if len(by_need) > 1 else Q()
        short |= of_need & Q(**{f"{hours}__lt": need - HALF_TENTH})
    if requirement.period_months:  # hired on or after the first counted day: not yet due (facts grace_until)
        short &= ~Q(hire_date__gte=first_counted_day(day, requirement.period_months))
    return short


# --- the industry class of a person's unit: its own, else the nearest declared above it (selectors.industry)


def _industry_q() -> dict[str, Q]:
    """{industry class: Q on people whose unit takes that class}, from the few units that declare one."""
    declared = dict(OrgUnit.objects.exclude(industry_class="").values_list("path", "industry_class"))
    result = {}
    for industry in IndustryClass.values:
        terms = []
        for path, declared_class in declared.items():
            if declared_class != industry:
                continue
            deeper = [other for other in declared if other != path and other.startswith(path)]
            term = subtree_q(path, "unit__")
            for other in deeper:
                term &= ~subtree_q(other, "unit__")
            terms.append(term)
        if industry == IndustryClass.GENERAL:  # undeclared all the way up
            nowhere = reduce(or_, (subtree_q(path, "unit__") for path in declared), Q(pk__in=[]))
            terms.append(~nowhere)
        result[industry] = reduce(or_, terms, Q(pk__in=[]))
    return result
