"""The summary review (issue 15 point 9): drafted from the records of a subtree and period — its figures equal the
modules' own pages for the same subtree and period, a significant rise is drafted as a deficiency — edited, issued as
a PDF and a Word file that are opened again and read, and kept: figures frozen, nothing edited after. Login, role,
another branch and the right user on every page."""

from __future__ import annotations

import datetime
import io
import re
from decimal import Decimal

import docx
import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone

from tests.support.permissions import ALL, check_answer, persona_client
from tests.support.rates import make_case
from zeroharm.core.indicators import indicator
from zeroharm.hazards.models import HiddenDanger
from zeroharm.org.models import ManHours
from zeroharm.reports.choices import DeficiencySource, ReviewState, SectionKey
from zeroharm.reports.models import PlanItem, SummaryReview
from zeroharm.reports.selectors.figures import summary_figures
from zeroharm.reports.services.reviews import review_draft

pytestmark = pytest.mark.django_db
MATRIX_URL_NAMES = {
    "reports:review_list",
    "reports:review_add",
    "reports:review_detail",
    "reports:review_step",
    "reports:review_file",
    "reports:plan_done",
}
D = datetime.date
TODAY = D(2026, 12, 4)


def at(y, m, d):
    return timezone.make_aware(datetime.datetime(y, m, d, 10, 0))


@pytest.fixture
def records(world):
    """Branch A: 2025 H2 quiet (one injury in 20,000 h), 2026 H1 not (five injuries in 10,000 h)."""
    for month in range(7, 13):
        ManHours.objects.create(
            unit=world.unit("A1a"), month=D(2025, month, 1), hours=Decimal("3333"), average_headcount=Decimal("20")
        )
    for month in range(1, 7):
        ManHours.objects.create(
            unit=world.unit("A1a"), month=D(2026, month, 1), hours=Decimal("1667"), average_headcount=Decimal("20")
        )
    make_case(world, "A1a", at(2025, 9, 3), outcome="lost_time", days_away=4)
    for day in (5, 9, 14, 20, 27):
        make_case(world, "A1a", at(2026, 3, day), outcome="lost_time", days_away=2)
    make_case(world, "B1a", at(2026, 3, 2), outcome="fatal", date_of_death=D(2026, 3, 2))  # another branch


def draft(world, persona="leader_a", unit="A", kind="h1", year=2026) -> SummaryReview:
    return review_draft(unit=world.unit(unit), kind=kind, year=year, acting_user=world.users[persona], today=TODAY)


def test_the_figures_are_the_modules_own(world, client_for, records):
    figures = summary_figures(world.users["leader_a"], world.unit("A"), "h1", 2026, today=TODAY)
    rates_page = client_for("leader_a").get(
        reverse("incidents:rates"), {"unit": world.unit("A").pk, "from": "2026-01-01", "to": "2026-06-30"}
    )
    page = rates_page.context["total"]  # the injury-rates page's own figures for the same subtree and period
    assert figures.injuries == 5 and figures.rates.counts["deaths"] == 0  # B's fatality is not A's
    names = ("deaths", "serious", "minor", "lost_days")
    assert {k: page.counts[k] for k in names} == {k: figures.rates.counts[k] for k in names}
    assert page.hours == figures.rates.hours and page.ltifr == figures.rates.ltifr
    shown = {row["key"]: row["value"] for row in figures.indicators}
    for key in ("incidents.fatalities", "incidents.serious_injuries", "incidents.ltifr"):
        assert shown[key] == indicator(key).compute(world.unit("A"), D(2026, 1, 1), D(2026, 6, 30))
    group = summary_figures(world.users["admin"], world.unit("G"), "h1", 2026, today=TODAY)
    assert group.rates.counts["deaths"] == 1 and group.injuries == 6  # the group's subtree holds both branches


def test_the_hidden_danger_figures_are_the_statistics_pages(world, client_for):
    common = {"location": "Yard", "level": "general", "category": "equipment", "reported_by": world.users["admin"]}
    for n, (unit, found, closed, deadline) in enumerate(
        [
            ("A1a", D(2026, 2, 3), at(2026, 2, 10), D(2026, 2, 20)),  # rectified on time
            ("A1a", D(2026, 3, 3), None, D(2026, 3, 10)),  # still open, overdue on 30 June
            ("A2", D(2026, 5, 3), at(2026, 7, 10), D(2026, 8, 1)),  # rectified after the period
            ("B1a", D(2026, 3, 3), None, D(2026, 3, 10)),  # another branch's
        ]
    ):
        HiddenDanger.objects.create(
            unit=world.unit(unit),
            description=f"Hidden danger {n}",
            found_on=found,
            deadline=deadline,
            closed_at=closed,
            closed_on_time=closed is not None,
            state="closed" if closed else "rectifying",
            **common,
        )
    figures = summary_figures(world.users["leader_a"], world.unit("A"), "h1", 2026, today=TODAY)
    page = client_for("leader_a").get(
        reverse("hazards:statistics"),
        {"unit": world.unit("A").pk, "period": "custom", "start": "2026-01-01", "end": "2026-06-30"},
    )
    assert page.context["stats"].total == figures.hazards.total
    assert (figures.hazards.total.found, figures.hazards.total.rectified, figures.hazards.total.overdue) == (3, 1, 1)


def test_a_significant_rise_is_found_and_drafted(world, records):
    figures = summary_figures(world.users["leader_a"], world.unit("A"), "h1", 2026, today=TODAY)
    previous = figures.comparisons[0]
    assert (previous.start, previous.end, previous.injuries) == (D(2025, 7, 1), D(2025, 12, 31), 1)
    assert previous.significant_rise and previous.ratio == pytest.approx((5 / 10002) / (1 / 19998), rel=1e-3)
    last_year = figures.comparisons[1]
    assert last_year.injuries == 0 and last_year.p_value is None  # no hours recorded then: nothing to test
    review = draft(world)
    assert [s.key for s in review.sections.all()] == SectionKey.values
    sources = [d.source for d in review.deficiencies.all()]
    assert DeficiencySource.RISING_RATE in sources
    overview = review.sections.get(key=SectionKey.OVERVIEW).text
    assert "0 fatalities" in overview and "5" in overview


def test_no_rise_no_rate_deficiency(world):
    review = draft(world)
    assert not review.deficiencies.filter(source=DeficiencySource.RISING_RATE).exists()


def test_one_review_per_unit_and_period_and_none_before_it_begins(world):
    draft(world)
    with pytest.raises(Exception, match="already has a summary review"):
        draft(world)
    with pytest.raises(Exception, match="has not begun"):
        draft(world, kind="h1", year=2027)


@pytest.mark.parametrize("persona", ALL)
def test_drafting_page_by_persona(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    response = c.get(reverse("reports:review_add"))
    expected = {"anonymous": "login", "admin": 200, "safety": 200, "leader_a": 200, "leader_b": 200}.get(persona, 403)
    check_answer(response, expected)


def test_another_branch_cannot_draft_for_a_and_the_right_user_can(world, client_for):
    data = {"unit": world.unit("A").pk, "kind": "h1", "year": 2026}
    refused = client_for("leader_b").post(reverse("reports:review_add"), data)
    assert refused.status_code == 400 and not SummaryReview.objects.exists()  # A is not among B's choices
    done = client_for("leader_a").post(reverse("reports:review_add"), data)
    review = SummaryReview.objects.get()
    assert done.status_code == 302 and done["Location"] == review.get_absolute_url()


@pytest.mark.parametrize("persona", ALL)
def test_a_review_is_seen_as_its_unit_is(world, client_for, client, persona):
    review = draft(world)
    response = persona_client(client_for, client, persona).get(review.get_absolute_url())
    below = ("director_a1", "monitor_a1a", "worker_a1a")  # a branch's review is read from the branch up
    expected = "login" if persona == "anonymous" else 404 if persona in (*below, "leader_b") else 200
    check_answer(response, expected)
    if response.status_code == 200:
        editing = 'name="section_overview"' in response.content.decode()
        assert editing == (persona in ("admin", "safety", "leader_a"))


def _form_data(review, **changes) -> dict:
    data = {"version": review.version, "title": review.title}
    data.update({f"section_{s.key}": s.text for s in review.sections.all()})
    items = list(review.deficiencies.all())
    data.update({"deficiency-TOTAL_FORMS": len(items), "deficiency-INITIAL_FORMS": len(items)})
    for n, d in enumerate(items):
        data.update(
            {
                f"deficiency-{n}-id": d.pk,
                f"deficiency-{n}-finding": d.finding,
                f"deficiency-{n}-cause": "Speed over method",
                f"deficiency-{n}-confirmed": "on",
            }
        )
    data.update(
        {
            "plan-TOTAL_FORMS": 1,
            "plan-INITIAL_FORMS": 0,
            "plan-0-text": "Retrain every press operator",
            "plan-0-due_on": "2026-09-30",
        }
    )
    data.update(changes)
    return data


def test_edit_then_issue_then_nothing_changes(world, client_for, records):
    review = draft(world)
    leader = client_for("leader_a")
    issue_url = reverse("reports:review_step", args=[review.pk, "issue"])
    refused = leader.post(issue_url, {"version": review.version}, follow=True)
    assert "Confirm each deficiency" in refused.content.decode()
    saved = leader.post(review.get_absolute_url(), _form_data(review, section_lessons="Guards before speed."))
    assert saved.status_code == 302, saved.content.decode()[:2000]
    review.refresh_from_db()
    assert review.sections.get(key="lessons").text == "Guards before speed."
    assert review.plan_items.get().text == "Retrain every press operator"
    stale = leader.post(review.get_absolute_url(), _form_data(review, version=review.version - 1))
    assert stale.status_code == 400 and "Someone saved this review" in stale.content.decode()
    assert client_for("director_a1").post(issue_url, {"version": review.version}).status_code in (403, 404)
    done = leader.post(issue_url, {"version": review.version}, follow=True)
    review.refresh_from_db()
    assert review.state == ReviewState.ISSUED and review.figures["injuries"] == 5, done.content.decode()[:500]
    make_case(world, "A1a", at(2026, 4, 2), outcome="lost_time", days_away=1)  # a late report after issuing
    page = leader.get(review.get_absolute_url()).content.decode()
    assert 'data-figure="injuries">5 (' in page and 'name="section_overview"' not in page
    assert leader.post(review.get_absolute_url(), _form_data(review)).status_code == 403


def test_the_issued_files_hold_the_figures_and_text(world, client_for, records):
    review = draft(world)
    leader = client_for("leader_a")
    leader.post(review.get_absolute_url(), _form_data(review))
    review.refresh_from_db()
    leader.post(reverse("reports:review_step", args=[review.pk, "issue"]), {"version": review.version})
    review.refresh_from_db()
    pdf = b"".join(leader.get(reverse("reports:review_file", args=[review.pk, "pdf"])).streaming_content)
    text = re.sub(r"\s+", " ", "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(pdf)).pages))
    assert review.title in text and "Retrain every press operator" in text and "Speed over method" in text
    assert "5 (0, 0, 5)" in text and world.unit("G").name in text  # the injuries, and the group's header
    word = docx.Document(
        io.BytesIO(b"".join(leader.get(reverse("reports:review_file", args=[review.pk, "docx"])).streaming_content))
    )
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert [str(label) for _key, label in SectionKey.choices] == headings
    assert any("Retrain every press operator" in c.text for t in word.tables for r in t.rows for c in r.cells)
    assert len(word.inline_shapes) == 2  # the two charts
    assert client_for("leader_b").get(reverse("reports:review_file", args=[review.pk, "pdf"])).status_code == 404


def test_the_next_review_looks_back_on_the_plan(world, client_for):
    first = draft(world, kind="h1")
    item = PlanItem.objects.create(review=first, text="Fence the press line", due_on=D(2026, 9, 30))
    leader = client_for("leader_a")
    leader.post(reverse("reports:plan_done", args=[item.pk]), {"done_on": "2026-08-15"})
    item.refresh_from_db()
    assert item.done_on == D(2026, 8, 15)
    assert client_for("leader_b").post(reverse("reports:plan_done", args=[item.pk]), {"done_on": ""}).status_code == 404
    second = draft(world, kind="h2")
    page = leader.get(second.get_absolute_url()).content.decode()
    assert "Fence the press line" in page and "done on" in page


def test_the_list_filters_and_exports(world, client_for):
    draft(world)
    draft(world, persona="leader_b", unit="B")
    page = client_for("leader_a").get(reverse("reports:review_list"))
    assert page.status_code == 200 and "Branch A" in page.content.decode() and "Branch B" not in page.content.decode()
    export = client_for("admin").get(reverse("reports:review_list"), {"_export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxml")


def test_the_campaign_of_the_period_and_its_commitments_are_in_the_summary(world):
    """The summary tells of the period's campaign with the board's own total, and a commitment left open past its
    date is drafted as a deficiency (point 4: a statement is not words only)."""
    from tests.campaigns.factories import campaign, published, submitted, task
    from zeroharm.campaigns.selectors.board import campaign_board
    from zeroharm.campaigns.services.activities import commitment_add, statement_record

    made = published(world, campaign(world))  # June 2026, branch A
    submitted(world, task(world, made), "A1")
    statement = statement_record(
        campaign=made,
        data={"unit": world.unit("A1"), "speaker": world.people["A1"], "text": "We will drill."},
        acting_user=world.users["director_a1"],
    )
    data = {"text": "Drill every team", "owner": world.people["A1"], "due_on": D(2026, 6, 20)}
    commitment_add(statement=statement, data=data, acting_user=world.users["director_a1"])

    figures = summary_figures(world.users["leader_a"], world.unit("A"), "h1", 2026, today=TODAY)
    board = campaign_board(made, world.unit("A"), world.users["leader_a"], D(2026, 6, 30))
    [told] = figures.campaigns
    assert told["name"] == made.name and (told["total"]["tasks"], told["total"]["done"]) == (board.total.tasks, 1)
    assert (told["kept"], told["open"], [c["text"] for c in told["late"]]) == (0, 1, ["Drill every team"])
    assert summary_figures(world.users["leader_b"], world.unit("B"), "h1", 2026, today=TODAY).campaigns == []
    assert summary_figures(world.users["leader_a"], world.unit("A"), "h2", 2026, today=TODAY).campaigns == []

    review = draft(world)
    [deficiency] = review.deficiencies.filter(source=DeficiencySource.COMMITMENT)
    assert "Drill every team" in deficiency.finding and deficiency.records_url == made.get_absolute_url()
    assert made.name in review.sections.get(key=SectionKey.WORK).text
