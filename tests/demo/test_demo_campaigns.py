"""The demo's Safety Production Month (issue 15 point 13): the campaign of this year's June for the whole group, its
mobilization meeting with agenda, sign-in, minutes, statements and decisions; tasks to every workshop (some overdue,
some returned and done again); the pledge signed by most logins in scope; activities; the closing report issued with
its PDF and Word file; and the half-year summary that tells of it. Every page of it answers in both languages."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def _campaign():
    from zeroharm.campaigns.models import Campaign

    return Campaign.objects.select_related("unit").get()


def test_the_safety_month_of_this_year(demo):
    from zeroharm.campaigns.choices import State, TaskState

    campaign = _campaign()
    assert (campaign.starts_on.month, campaign.starts_on.day, campaign.state) == (6, 1, State.CLOSED)
    assert campaign.unit.depth == 1 and campaign.shown_theme and campaign.pledge_published_at
    assert campaign.committee.count() == 6 and campaign.documents.count() == 1
    meeting = campaign.meetings.get()
    assert meeting.agenda.count() == 6 and meeting.attendance.count() > 10 and meeting.minutes
    assert meeting.photos.count() == 2 and meeting.decisions.count() == 3
    states = [a.state for task in campaign.tasks.all() for a in task.assignments.all()]
    workshops = campaign.unit.__class__.objects.filter(depth=3, is_archived=False).count()
    assert len(states) == 3 * workshops
    assert states.count(TaskState.ACCEPTED) > len(states) / 2
    assert TaskState.ISSUED in states and TaskState.SUBMITTED in states  # some overdue, some waiting


def test_statements_commitments_and_activities(demo):
    from zeroharm.campaigns.choices import ActivityKind
    from zeroharm.campaigns.models import Commitment

    campaign = _campaign()
    assert campaign.statements.count() == 4
    commitments = Commitment.objects.filter(statement__campaign=campaign)
    assert commitments.filter(done_on__isnull=False).count() == 4 and commitments.filter(done_on=None).count() == 2
    kinds = set(campaign.activities.values_list("kind", flat=True))
    assert {ActivityKind.CONTEST, ActivityKind.DRILL, ActivityKind.HAZARD_HUNT} <= kinds
    assert campaign.activities.filter(kind=ActivityKind.DRILL, photos__isnull=False).exists()


def test_most_staff_signed_the_pledge_on_their_phones_or_on_their_teams_sheets(demo):
    """Most of the people in scope who had a login while the pledge was open (the first leaders' logins came later,
    with their agreements) signed it on their phones; the others signed their team's paper sheet, recorded by the
    leader as witness: most staff signed, each once (the coverage page's figure)."""
    import datetime

    from django.db.models import F

    from zeroharm.accounts.models import User
    from zeroharm.campaigns.selectors.pledge import pledge_coverage
    from zeroharm.core.models import Signature, SignatureMeaning
    from zeroharm.org.models import Person

    campaign = _campaign()
    closed = datetime.datetime.combine(campaign.ends_on, datetime.time.max, tzinfo=datetime.UTC)
    logins = Person.objects.filter(
        unit__path__startswith=campaign.unit.path,
        status="active",
        is_archived=False,
        user__isnull=False,
        user__date_joined__lte=closed,
    ).count()
    own = campaign.pledge_signatures.filter(sheet=None).count()
    assert 0.7 * logins < own < logins
    signatures = campaign.pledge_signatures.all()
    assert signatures.count() == signatures.values("person").distinct().count()
    sheets = campaign.pledge_sheets.all()
    assert sheets.count() > 50 and sheets.exclude(photo="").exists()
    witnessed = Signature.objects.filter(pk__in=sheets.values("signature_id"))
    assert set(witnessed.values_list("meaning", flat=True)) == {SignatureMeaning.WITNESSED}
    # those with a login then sign on their phones (a first leader's login came later, with their agreement)
    assert not signatures.filter(sheet__isnull=False, person__user__date_joined__lte=F("signed_at")).exists()
    safety = User.objects.get(username="safety")
    total = pledge_coverage(campaign, campaign.unit, safety).total
    assert total.signed == signatures.count() and total.percent >= 85, total


def test_the_closing_report_is_issued_and_the_review_tells_of_the_campaign(demo):
    from zeroharm.campaigns.models import ClosingReport
    from zeroharm.reports.models import SummaryReview

    campaign = _campaign()
    report = ClosingReport.objects.get(campaign=campaign)
    assert not report.is_draft and report.sections["next"] and report.figures["total"]["tasks"] > 0
    with report.pdf.open("rb") as stored:
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(stored.read())).pages)
    assert campaign.name in text and "真演实练" in text
    with report.docx.open("rb") as stored:
        word = docx.Document(io.BytesIO(stored.read()))
    assert word.paragraphs[0].text == report.title
    review = SummaryReview.objects.get()
    if review.kind == "h1" and review.year == campaign.starts_on.year:
        assert [c["name"] for c in review.figures["campaigns"]] == [campaign.name]


@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_every_campaign_page_has_content_in_both_languages(demo, language):
    from zeroharm.accounts.models import User
    from zeroharm.campaigns.models import ClosingReport

    campaign = _campaign()
    report = ClosingReport.objects.get(campaign=campaign)
    meeting = campaign.meetings.get()
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(User.objects.get(username="safety"))
    pages = [
        reverse("campaigns:campaign_list"),
        campaign.get_absolute_url(),
        reverse("campaigns:board", args=[campaign.pk]),
        reverse("campaigns:coverage", args=[campaign.pk]),
        reverse("campaigns:pledge", args=[campaign.pk]),
        reverse("campaigns:taskassignment_list"),
        reverse("campaigns:activity_list"),
        meeting.get_absolute_url(),
        report.get_absolute_url(),
        reverse("campaigns:report", args=[campaign.pk]),
    ]
    with translation.override(language):
        for page in pages:
            response = client.get(page)
            assert response.status_code == 200, page
            assert campaign.name in response.content.decode() or page.endswith("unit-tasks/"), page
