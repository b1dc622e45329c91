"""Learning from corrections (issue 16 point 2): the suggestion kept when a person first classifies an incident, the
next model weighing the corrections, the edit page abstaining, and the figure administrators see on the analysis
page, with its permissions (no login, wrong role, another branch, the right user)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.urls import reverse

from tests.support.analytics import PRESS_TEXT, make_incident, when
from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.analytics import similarity, text
from zeroharm.incidents import services

pytestmark = pytest.mark.django_db

FALL_TEXT = [
    "Worker fell from the scaffold while fixing a beam on the third level",
    "Fell from a ladder while changing a lamp in the warehouse",
    "Slipped off the roof edge while repairing the gutter and fell to the ground",
    "Fell from the platform when the guard rail gave way",
    "从脚手架上坠落，腿部骨折",
]
BLANK_ON_FOOT = "A steel blank slid off the press table and struck the operator's foot"


@pytest.fixture
def trained(world, var_dir):
    """36 classified incidents (presses "03" in team A1a, falls "09" in team B1a) and the worker's model."""
    for i in range(18):
        make_incident(world.unit("A1a"), when(100 + i), category="03", description=f"{PRESS_TEXT[i % 9]} ({i})")
        make_incident(world.unit("B1a"), when(100 + i), category="09", description=f"{FALL_TEXT[i % 5]} ({i})")
    similarity.refresh()


def classify(world, incident, category: str, persona: str = "safety"):
    services.incident_update(
        incident=incident, acting_user=world.users[persona], data={"category": category}, expected_version=None
    )
    incident.refresh_from_db()
    return incident


def test_the_first_suggestion_is_kept_when_a_person_first_classifies(world, trained):
    incident = make_incident(world.unit("A1a"), when(5), description="Hand crushed by the ram of the press")
    classify(world, incident, "01")
    assert (incident.category, incident.suggested_category) == ("01", "03")
    classify(world, incident, "03")  # changed again later: the first suggestion stays
    assert (incident.category, incident.suggested_category) == ("03", "03")


def test_nothing_is_kept_without_a_model(world, var_dir):
    incident = make_incident(world.unit("A1a"), when(5), description="Hand crushed by the ram of the press")
    assert classify(world, incident, "03").suggested_category == ""


def test_the_next_model_learns_the_corrections_with_more_weight(world, trained):
    first = similarity.suggest_category(BLANK_ON_FOOT)[0][0]
    assert first in {"03", "09"}  # "01" was never taught
    for i in range(4):
        incident = make_incident(world.unit("A1a"), when(10 + i), description=f"{BLANK_ON_FOOT} ({i})")
        assert classify(world, incident, "01").suggested_category == first
    with mock.patch.object(text.CategorySuggester, "fit", autospec=True, side_effect=text.CategorySuggester.fit) as fit:
        similarity.refresh()
    weights = fit.call_args.kwargs["weights"]
    assert sorted(weights)[-4:] == [text.CORRECTION_WEIGHT] * 4 and sorted(weights)[-5] == 1.0
    meta = similarity.category_meta()
    assert (meta["corrections"], meta["corrections_learnt"]) == (4, 4)
    assert similarity.suggest_category(BLANK_ON_FOOT)[0][0] == "01"


def test_the_edit_page_shows_one_category_when_sure_and_three_when_not(world, trained, client_for):
    client = client_for("safety")
    sure = make_incident(
        world.unit("A1a"),
        when(5),
        description="Hand caught by the ram of press line 3",
        agent="Power press",
        people=({"nature": "crush", "body_part": "hand", "injury_text": "Crushed right hand"},),
    )
    page = client.get(reverse("incidents:incident_edit", args=[sure.pk])).content.decode()
    assert "Suggested accident category:" in page and page.count("Mechanical injury ·") == 1
    unsure = [("03", "Mechanical injury", 0.55), ("09", "Fall from height", 0.40), ("01", "Object strike", 0.05)]
    with mock.patch.object(similarity, "suggest_category", return_value=unsure) as asked:
        page = client.get(reverse("incidents:incident_edit", args=[sure.pk])).content.decode()
    assert "the three likeliest" in page and all(f"{label} ·" in page for _c, label, _p in unsure)
    # It reads the narrative, the agent and the injuries (as written, then the closed lists' codes).
    report = text.Report("Hand caught by the ram of press line 3", "Power press", "Crushed right hand crush hand")
    assert asked.call_args.args[0] == report


#
# The administrators' figure on the analysis page
#


@pytest.fixture
def checked(world, trained):
    """Suggestions checked by the staff: in branch A two kept and one corrected, in branch B one corrected."""
    for code, category in (("A1a", "03"), ("A1a", "03"), ("A1a", "01"), ("B1a", "01")):
        incident = make_incident(world.unit(code), when(5), description=PRESS_TEXT[0])
        classify(world, incident, category)
    similarity.refresh()


def overview(client, world, code: str):
    return client.get(reverse("analytics:overview") + f"?unit={world.unit(code).pk}")


def test_no_login_no_figure(client, world, checked):
    response = overview(client, world, "G")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_role_that_administers_nothing_does_not_see_the_figure(world, checked, client_for):
    response = overview(client_for("safety"), world, "G")
    assert response.status_code == 200 and 'id="suggestions"' not in response.content.decode()


def test_the_administrator_of_the_group_sees_the_figure_and_the_model(world, checked, client_for):
    response = overview(client_for("admin"), world, "G")
    assert response.status_code == 200
    review = response.context["review"]
    assert (review.checked, review.kept, review.changed, review.accuracy_percent) == (4, 2, 2, 50.0)
    assert (review.corrections_in_model, review.corrections_learnt) == (2, 2)
    page = response.content.decode()
    assert 'id="suggestions"' in page and "accuracy on your own incidents" in page
    assert "learnt from 2 corrections" in page
    assert overview(client_for("admin"), world, "A").context["review"].checked == 3


def test_the_administrator_of_another_branch_sees_only_the_branch(world, checked, client):
    user = User.objects.create_user("admin_b", "admin_b@example.com", "Test-password-2026")
    RoleAssignment.objects.create(user=user, role="admin", unit=world.unit("B"))
    client.force_login(user)
    review = overview(client, world, "B").context["review"]
    assert (review.checked, review.kept, review.changed) == (1, 0, 1)
    assert review.corrections_in_model is None  # the model learns from every branch: its figures are the group's
    assert overview(client, world, "A").status_code == 404
