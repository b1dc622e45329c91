"""A stamp of what a person's clearance is judged on: a verdict kept with it holds while the stamp is the same.

`clearance_for` reads six queries' worth of facts (training.selectors.facts) and judges them; a pre-shift briefing
judges its roster once when it is opened and, at each sign-in, asks only whether anything it was judged on changed
since. `clearance_stamps(people, day)` answers that in one statement for one person or a roster: a hash of the day,
of the person's unit, position and hire date (as the caller read them), of the industry class and kind of their unit
and its ancestors, of their training records, certificates, certificate reviews, inductions and induction levels
(per table: how many, the sum of their ids and of their versions, the latest change), and of the requirements and
courses (the same four figures over the whole table: a change to any requirement or course stamps everyone anew).

Any insert, delete or save of one of those rows changes the stamp: an insert or a delete changes the count and the
sum of ids, a step of a service the sum of versions, any save the latest change. Cleared or not is a function of
these facts and the day only (training.rules.clearance.judge), so an unchanged stamp is an unchanged verdict.
"""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict

from django.db import connection

from zeroharm.org.models import OrgUnit
from zeroharm.training.models import (
    Certificate,
    CertificateReview,
    Course,
    Induction,
    InductionLevelPlan,
    Requirement,
    TrainingRecord,
)
from zeroharm.training.selectors.facts import _ancestor_paths, _load_people

__all__ = ["clearance_stamps"]


def clearance_stamps(people, day: datetime.date) -> dict[int, str]:
    """{person id: stamp} (40 hex digits) of what each person's clearance on `day` is judged on; people as for
    facts_for (Person objects read with their unit and position, ids, or a queryset)."""
    people = _load_people(people)
    if not people:
        return {}
    paths = sorted(_ancestor_paths(person.unit for person in people))
    mine, units, common = defaultdict(list), {}, []
    with connection.cursor() as cursor:
        cursor.execute(_sql(len(people), len(paths)), [*[person.pk for person in people] * 5, *paths])
        for person_id, kind, path, *figures in cursor.fetchall():
            if kind == "unit":
                units[path] = figures
            elif person_id is None:
                common.append((kind, figures))
            else:
                mine[person_id].append((kind, figures))
    step = OrgUnit.steplen
    stamps = {}
    for person in people:
        unit = person.unit
        ancestry = [(p, units.get(p)) for p in (unit.path[:end] for end in range(step, len(unit.path) + 1, step))]
        facts = (day, person.unit_id, person.position_id, person.hire_date, unit.path, unit.kind, ancestry)
        spelled = repr((facts, sorted(mine.get(person.pk, ())), sorted(common)))
        stamps[person.pk] = hashlib.sha1(spelled.encode(), usedforsecurity=False).hexdigest()
    return stamps


def _sql(people: int, paths: int) -> str:
    """Rows of (person, what, unit path, unit industry and kind, count, sum of ids, sum of versions, latest change):
    per person and table of theirs; the requirements and the courses over the whole table; each unit of `paths`.
    Only table and column names are put in the text; the ids and paths are parameters."""
    ids, among = ", ".join(["%s"] * people), ", ".join(["%s"] * paths)
    record, certificate, review, induction, levels, requirement, course, unit = (
        model._meta.db_table
        for model in (
            TrainingRecord,
            Certificate,
            CertificateReview,
            Induction,
            InductionLevelPlan,
            Requirement,
            Course,
            OrgUnit,
        )
    )
    order = connection.ops.quote_name("order")
    figures = "COUNT(*), SUM(t.id), SUM(t.version), MAX(t.updated_at)"
    mine = f"NULL, NULL, {figures} FROM"
    parts = [
        f"SELECT t.person_id, 'record', {mine} {record} t WHERE t.person_id IN ({ids}) GROUP BY 1",  # noqa: S608
        f"SELECT t.person_id, 'certificate', {mine} {certificate} t WHERE t.person_id IN ({ids}) GROUP BY 1",  # noqa: S608
        f"SELECT t.person_id, 'induction', {mine} {induction} t WHERE t.person_id IN ({ids}) GROUP BY 1",  # noqa: S608
        f"SELECT c.person_id, 'review', {mine} {review} t JOIN {certificate} c ON c.id = t.certificate_id "  # noqa: S608
        f"WHERE c.person_id IN ({ids}) GROUP BY 1",
        f"SELECT i.person_id, 'level', NULL, NULL, COUNT(*), SUM(t.id), SUM(t.{order}), MAX(i.updated_at) "  # noqa: S608
        f"FROM {levels} t JOIN {induction} i ON i.id = t.induction_id WHERE i.person_id IN ({ids}) GROUP BY 1",
        f"SELECT NULL, 'requirement', {mine} {requirement} t",  # noqa: S608
        f"SELECT NULL, 'course', {mine} {course} t",  # noqa: S608
        f"SELECT NULL, 'unit', t.path, t.industry_class || ':' || t.kind, 1, t.id, t.version, t.updated_at "  # noqa: S608
        f"FROM {unit} t WHERE t.path IN ({among})",
    ]
    return " UNION ALL ".join(parts)
