"""My rewards and penalties, and a person's safety record on one page, for each kind of user."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.rewards.factories import approved, recorded

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"rewards:mine", "rewards:safety_record"}


def url(name, *args):
    return reverse(f"rewards:{name}", args=args)


def test_no_login_goes_to_the_sign_in_page(world):
    for address in (url("mine"), url("safety_record", world.people["A1a"].pk)):
        response = Client().get(address)
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_the_person_sees_what_to_acknowledge_first(world, client_for):
    recorded(world, reason="First fine")
    approved(world, reason="Second fine")
    page = client_for("worker_a1a").get(url("mine")).content.decode()
    assert page.index("Second fine") < page.index("First fine")
    assert page.count("Acknowledge and sign") == 1 and "You acknowledged it on" in page
    assert "Second fine" not in client_for("leader_a").get(url("mine")).content.decode()


@pytest.mark.parametrize(
    ("persona", "code", "expected"),
    [
        ("leader_a", "A1a", 200),
        ("auditor", "B1a", 200),
        ("worker_a1a", "A1a", 200),
        ("worker_a1a", "A1", 404),
        ("leader_b", "A1a", 404),
    ],
)
def test_a_safety_record_for_each_user(world, client_for, persona, code, expected):
    recorded(world, reason="Grinding without a shield")
    response = client_for(persona).get(url("safety_record", world.people[code].pk))
    assert response.status_code == expected
    if expected == 200 and code == "A1a":
        page = response.content.decode()
        assert "Grinding without a shield" in page and "No face shield at the grinder" in page
        assert "Training and certificates" in page


def test_a_user_without_a_role_in_rewards_is_refused(world, client_for, django_user_model):
    nobody = django_user_model.objects.create_user("nobody", "n@example.com", "x")
    c = Client()
    c.force_login(nobody)
    assert c.get(url("safety_record", world.people["A1a"].pk)).status_code == 403


def test_a_persons_page_links_to_their_safety_record_for_those_who_may_read_it(world, client_for):
    from django.urls import reverse

    person = world.people["A1a"]
    link = url("safety_record", person.pk)
    page = client_for("leader_a").get(reverse("org:person_detail", args=[person.pk])).content.decode()
    assert f'href="{link}"' in page
    auditor_page = client_for("auditor").get(reverse("org:person_detail", args=[person.pk])).content.decode()
    assert f'href="{link}"' in auditor_page


@pytest.mark.parametrize(
    ("persona", "code"),
    [("leader_a", "A1a"), ("auditor", "B1a"), ("worker_a1a", "A1a"), ("worker_a1a", "A1"), ("leader_b", "A1a")],
)
def test_the_panels_decision_without_a_query_is_the_selectors(world, persona, code, django_assert_num_queries):
    from zeroharm.rewards.selectors.records import may_read_safety_record, people_visible_to

    user, person = world.users[persona], world.people[code]
    expected = people_visible_to(user).filter(pk=person.pk).exists()
    assert person.unit.path  # loaded, as on the person's page
    with django_assert_num_queries(0):
        assert may_read_safety_record(user, person) is expected
