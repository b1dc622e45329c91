"""A knowledge contest run as an exam of the training app (issue 15 point 6): the contest cites the exam, its
participants and those who passed are counted from the exam's papers (each person once, whatever their attempts),
and an exam of another branch, a practice exam or a contest-less citation is refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests.campaigns.factories import campaign
from tests.factories import at
from tests.training.factories import exam, exam_course

pytestmark = pytest.mark.django_db


def _paper(world, made_exam, person, *, attempt=1, passed=True, submitted=True):
    from zeroharm.training.models import Paper

    started = made_exam.opens_at + datetime.timedelta(hours=1)
    return Paper.objects.create(
        exam=made_exam,
        person=person,
        attempt=attempt,
        status="submitted" if submitted else "open",
        started_at=started,
        deadline=started + datetime.timedelta(hours=1),
        submitted_at=started + datetime.timedelta(minutes=40) if submitted else None,
        score=90 if passed else 40,
        passed=passed if submitted else None,
    )


def _contest(world, made, exam_pk, *, kind="contest", code="A1", by="director_a1"):
    from zeroharm.campaigns.services.activities import activity_record

    data = {
        "unit": world.unit(code),
        "kind": kind,
        "title": "Safety knowledge contest",
        "held_on": datetime.date(2026, 6, 12),
        "participants": None,
        "description": "",
    }
    return activity_record(campaign=made, data=data, acting_user=world.users[by], exam=exam_pk)


@pytest.fixture
def held(world):
    """An exam of workshop A1 that opened during the campaign (10 June): three people sat it, one twice (failed, then
    passed), one failed, one started and never handed in."""
    made_exam = exam(world, exam_course(world), unit="A1", opens_at=at(2026, 6, 10))
    people = [p for p in world.people.values() if p.unit.path.startswith(world.unit("A").path)][:4]
    first, second, third, fourth = people
    _paper(world, made_exam, first, passed=False)
    _paper(world, made_exam, first, attempt=2, passed=True)
    _paper(world, made_exam, second, passed=True)
    _paper(world, made_exam, third, passed=False)
    _paper(world, made_exam, fourth, submitted=False)
    return made_exam


def test_the_contest_counts_its_participants_from_the_exam(world, held):
    made = campaign(world)
    contest = _contest(world, made, held.pk)
    assert (contest.participants, contest.passed, contest.exam_pk) == (3, 2, held.pk)
    assert held.title in contest.exam_text


def test_what_cannot_be_cited(world, held):
    made = campaign(world)
    other = exam(world, exam_course(world), unit="B1", opens_at=at(2026, 6, 10))
    practice = exam(world, exam_course(world), unit="A1", is_mock=True, opens_at=at(2026, 6, 10))
    last_year = exam(world, exam_course(world), unit="A1", opens_at=at(2025, 6, 10))
    with pytest.raises(ValidationError):
        _contest(world, made, other.pk, by="leader_a")  # another branch's: not among those A's leader sees
    with pytest.raises(ValidationError, match="not a record of"):
        _contest(world, made, held.pk, code="A2", by="leader_a")  # A1's exam for A2's contest
    with pytest.raises(ValidationError, match="Only an exam that has opened"):
        _contest(world, made, practice.pk)
    with pytest.raises(ValidationError, match="not dated between 2026-06-01 and 2026-06-30"):
        _contest(world, made, last_year.pk)  # an exam of last year's campaign proves nothing of this one
    with pytest.raises(ValidationError, match="Only a knowledge contest"):
        _contest(world, made, held.pk, kind="drill")
    with pytest.raises(ValidationError, match="number of participants"):
        _contest(world, made, None)


def test_the_page_offers_the_exam_and_shows_its_counts(world, held, client_for):
    made = campaign(world)
    client = client_for("director_a1")
    address = reverse("campaigns:activity_add", args=[made.pk])
    form = client.get(address).content.decode()
    assert f'value="{held.pk}"' in form and held.title in form
    posted = client.post(
        address,
        {
            "unit": world.unit("A1").pk,
            "kind": "contest",
            "title": "Knowledge contest",
            "held_on": "2026-06-12",
            "participants": "",
            "exam": held.pk,
            "description": "",
        },
    )
    assert posted.status_code == 302, posted.content.decode()[:2000]
    from zeroharm.campaigns.models import Activity

    activity = Activity.objects.get()
    assert (activity.participants, activity.passed, activity.exam_pk) == (3, 2, held.pk)
    page = client.get(posted["Location"]).content.decode()
    assert held.title in page
