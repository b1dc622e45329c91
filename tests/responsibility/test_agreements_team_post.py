"""The team → post level: a team's leader issues the year's agreement to each active member of the team (not to
themselves), checked at least as strict as the team's own agreement, sent once that one is signed, and signed by the
member with their password; the member reads theirs (only theirs), the cascade board counts them under their team."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.responsibility.factories import A1_TARGETS, agreement_template, team_chain
from zeroharm.core.models import Signature
from zeroharm.org.models import Person
from zeroharm.responsibility.models import Agreement
from zeroharm.responsibility.services.agreements import (
    agreement_content,
    agreement_issue,
    agreement_revise,
    agreement_send,
    agreement_sign,
    agreement_targets_replace,
    own_agreement,
)

pytestmark = pytest.mark.django_db

POST_TARGETS = [
    {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": None, "veto": True},
    {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "98", "weight": None, "veto": False},
]


@pytest.fixture
def team(world):
    """The team's own agreement signed, and its members' drafts issued by the team leader from a team template."""
    own, due_on = team_chain(world)
    template = agreement_template(world, unit="A1a", level="team_post", targets=POST_TARGETS, title="Post agreement")
    drafts = agreement_issue(template=template, year=2026, due_on=due_on, acting_user=world.users["monitor_a1a"])
    return {"own": own, "template": template, "drafts": {a.recipient_person.name: a for a in drafts}}


def test_the_team_issues_to_each_member_but_its_leader(world, team):
    drafts = team["drafts"]
    assert sorted(drafts) == ["Person of A1a", "Second member"]
    for draft in drafts.values():
        assert (draft.issuer.code, draft.recipient.code, draft.level, draft.status) == (
            "A1a",
            "A1a",
            "team_post",
            "drafted",
        )
        assert draft.parent_id == team["own"].pk and draft.targets.count() == 2
    assert own_agreement(world.unit("A1a"), 2026).pk == team["own"].pk  # a member's is not the team's own
    due = datetime.date(2026, 4, 30)
    monitor = world.users["monitor_a1a"]
    assert agreement_issue(template=team["template"], year=2026, due_on=due, acting_user=monitor) == []
    with pytest.raises(ValidationError, match="already has its agreement"):
        agreement_issue(
            template=team["template"], year=2026, due_on=due, acting_user=monitor, person=world.people["A1a"]
        )
    with pytest.raises(ValidationError, match="an active member of the team"):
        agreement_issue(
            template=team["template"], year=2027, due_on=due, acting_user=monitor, person=world.people["B1a"]
        )
    with pytest.raises(PermissionDenied):
        agreement_issue(template=team["template"], year=2027, due_on=due, acting_user=world.users["leader_b"])


def test_a_left_member_is_not_issued_to(world, team):
    Person.objects.filter(name="Second member").update(status="left")
    template = agreement_template(world, unit="A1a", level="team_post", targets=POST_TARGETS)
    issued = agreement_issue(
        template=template, year=2027, due_on=datetime.date(2027, 3, 1), acting_user=world.users["monitor_a1a"]
    )
    assert [a.recipient_person.name for a in issued] == ["Person of A1a"]


def test_the_targets_are_at_least_as_strict_as_the_teams_own(world, team):
    draft = team["drafts"]["Person of A1a"]
    weaker = [{**POST_TARGETS[0], "veto": False}, {**POST_TARGETS[1], "value": "95"}]
    with pytest.raises(ValidationError) as refused:
        agreement_targets_replace(agreement=draft, targets=weaker, acting_user=world.users["monitor_a1a"])
    assert refused.value.messages == [
        "Fatalities = 0: a veto in the issuer's own agreement stays a veto.",
        "Hidden dangers rectified on time (%) ≥ 96: a target at least as strict as the issuer's is needed, "
        "not Hidden dangers rectified on time (%) ≥ 95.",
    ]


def test_the_member_signs_with_their_password(world, team):
    draft = team["drafts"]["Person of A1a"]
    sent = agreement_send(agreement=draft, acting_user=world.users["monitor_a1a"])
    assert agreement_content(sent)["party_b_person"] == "P-A1a"
    with pytest.raises(PermissionDenied):
        agreement_sign(agreement=sent, acting_user=world.users["director_a1"], password=PASSWORD)
    with pytest.raises(ValidationError):
        agreement_sign(agreement=sent, acting_user=world.users["worker_a1a"], password="wrong")
    sent = agreement_sign(agreement=sent, acting_user=world.users["worker_a1a"], password=PASSWORD)
    done = agreement_sign(agreement=sent, acting_user=world.users["monitor_a1a"], password=PASSWORD)
    assert done.status == "signed"
    assert sorted(Signature.objects.filter(object_id=done.pk).values_list("meaning", flat=True)) == [
        "party_a",
        "party_b",
    ]
    revision = agreement_revise(agreement=done, acting_user=world.users["monitor_a1a"])
    assert (revision.revision, revision.recipient_person_id) == (2, done.recipient_person_id)


def test_sending_waits_for_the_teams_own_agreement(world):
    from tests.responsibility.factories import first_leaders, issued, signed

    first_leaders(world)
    to_a = issued(world, recipient="A")[0]
    signed(world, to_a, "admin", "leader_a")
    issued(world, unit="A", level="branch_workshop", targets=A1_TARGETS, recipient="A1")
    drafts = issued(world, unit="A1a", level="team_post", targets=POST_TARGETS)
    assert drafts and all(d.parent_id is None for d in drafts)  # the team has no agreement of its own yet
    with pytest.raises(ValidationError, match="is not signed yet"):
        agreement_send(agreement=drafts[0], acting_user=world.users["leader_a"])


def test_the_member_reads_only_their_own(world, client_for, team):
    mine, theirs = team["drafts"]["Person of A1a"], team["drafts"]["Second member"]
    agreement_send(agreement=mine, acting_user=world.users["monitor_a1a"])
    worker = client_for("worker_a1a")
    page = worker.get(mine.get_absolute_url())
    assert page.status_code == 200 and "Person of A1a" in page.content.decode()
    assert worker.get(theirs.get_absolute_url()).status_code == 404
    sign = worker.get(reverse("responsibility:agreement_sign", args=[mine.pk]))
    assert sign.status_code == 200 and "Sign with my password" in sign.content.decode()
    assert (
        worker.post(reverse("responsibility:agreement_sign", args=[mine.pk]), {"password": PASSWORD}).status_code == 302
    )
    assert Agreement.objects.get(pk=mine.pk).party_b_signature.signer_id == world.users["worker_a1a"].pk
    assert client_for("leader_b").get(mine.get_absolute_url()).status_code == 404
    assert client_for("director_a1").get(reverse("responsibility:agreement_sign", args=[mine.pk])).status_code == 403


def test_the_issue_page_offers_the_teams_members(world, client_for, team):
    url = reverse("responsibility:agreement_issue")
    monitor = client_for("monitor_a1a")
    form = monitor.get(url).content.decode()
    assert f'value="{world.people["A1a"].pk}"' in form and f'value="{world.people["B1a"].pk}"' not in form
    template = agreement_template(world, unit="A1a", level="team_post", targets=POST_TARGETS)
    post = {"template": template.pk, "year": 2027, "due_on": "2027-03-31", "person": world.people["A1a"].pk}
    assert monitor.post(url, post).status_code == 302
    assert list(Agreement.objects.filter(year=2027).values_list("recipient_person__name", flat=True)) == [
        "Person of A1a"
    ]
    wrong = client_for("leader_b").post(url, {**post, "year": 2028})
    assert wrong.status_code == 200 and not Agreement.objects.filter(year=2028).exists()


def test_the_cascade_board_counts_the_members(world, client_for, team):
    agreement_send(agreement=team["drafts"]["Person of A1a"], acting_user=world.users["monitor_a1a"])
    response = client_for("safety").get(reverse("responsibility:cascade"), {"unit": world.unit("A").pk, "year": 2026})
    board = response.context["board"]
    assert {label: (t.drafted, t.sent, t.signed, t.overdue) for label, t in board.by_level} == {
        "Group → branch": (0, 0, 1, 0),
        "Branch → workshop": (0, 0, 1, 0),
        "Workshop → team": (0, 0, 1, 0),
        "Team → post (each member)": (1, 0, 0, 1),  # sent, due 30 April: overdue since
    }
    a1 = next(c for c in board.by_child.children if c.code == "A1")
    assert (a1.figures.drafted, a1.figures.sent, a1.figures.signed, a1.figures.overdue) == (1, 0, 2, 1)
    members = [(row.unit.code, row.person.name, row.status) for row in board.rows if row.person is not None]
    assert members == [("A1a", "Person of A1a", "overdue"), ("A1a", "Second member", "drafted")]
    assert "Second member" in response.content.decode()
    below = client_for("monitor_a1a").get(team["own"].get_absolute_url()).content.decode()
    assert team["drafts"]["Second member"].get_absolute_url() in below  # the chain below the team's own


def test_the_overdue_scan_tells_the_member_and_the_team_leader(world, team):
    from django.utils import timezone

    from zeroharm.notifications.models import Notification
    from zeroharm.responsibility.scans_agreements import EVENT, overdue_agreements

    agreement_send(agreement=team["drafts"]["Person of A1a"], acting_user=world.users["monitor_a1a"])
    assert overdue_agreements(now=timezone.now()) == "1 agreements flagged overdue"
    told = Notification.objects.filter(event=EVENT)
    assert sorted(n.recipient.username for n in told) == ["monitor_a1a", "worker_a1a"]


def test_a_member_finds_their_agreement_on_my_responsibilities_and_signs_it(world, client_for, team):
    mine, theirs = team["drafts"]["Person of A1a"], team["drafts"]["Second member"]
    worker = client_for("worker_a1a")
    page = reverse("responsibility:mine")
    assert f'data-agreement="{mine.pk}"' not in worker.get(page).content.decode()  # a draft binds nobody yet
    for draft in (mine, theirs):
        agreement_send(agreement=draft, acting_user=world.users["monitor_a1a"])
    html = worker.get(page).content.decode()
    sign = reverse("responsibility:agreement_sign", args=[mine.pk])
    assert f'data-agreement="{mine.pk}"' in html and f'href="{sign}"' in html
    assert f'data-agreement="{theirs.pk}"' not in html  # a colleague's is not theirs
    worker.post(sign, {"password": PASSWORD})
    html = worker.get(page).content.decode()
    assert "you signed on" in html and f'href="{sign}"' not in html
    leader = client_for("monitor_a1a").get(page).content.decode()  # the team leader signs both as party A
    assert f'data-agreement="{mine.pk}"' in leader and f'data-agreement="{theirs.pk}"' in leader
