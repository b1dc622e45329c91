"""History names who changed what from what to what; a stale save is refused; archive, restore, hard delete."""

from __future__ import annotations

import pytest
from django.urls import reverse

from zeroharm.core import services
from zeroharm.core.history import history_entries
from zeroharm.org.models import Person

pytestmark = pytest.mark.django_db


def edit_data(person, **changes):
    data = {
        "employee_no": person.employee_no,
        "name": person.name,
        "unit": person.unit_id,
        "position": person.position_id or "",
        "employment_type": person.employment_type,
        "hire_date": person.hire_date or "",
        "birth_date": person.birth_date or "",
        "sex": person.sex,
        "phone": person.phone,
        "status": person.status,
        "version": person.version,
    }
    data.update(changes)
    return data


def test_edit_through_the_page_records_the_change(world, client_for):
    person = world.people["A1a"]
    c = client_for("safety")
    response = c.post(
        reverse("org:person_edit", args=[person.pk]), edit_data(person, name="Renamed", phone="13912345678")
    )
    assert response.status_code == 302
    entry = history_entries(Person.objects.get(pk=person.pk))[0]
    assert entry.user == "safety" and entry.kind == "~"
    assert {(c.field, c.old, c.new) for c in entry.changes} == {
        ("name", "Person of A1a", "Renamed"),
        ("phone", "—", "13912345678"),
    }
    page = c.get(reverse("org:person_detail", args=[person.pk])).content.decode()
    assert "Renamed" in page and "<del>Person of A1a</del>" in page


def test_foreign_keys_show_as_names_in_history(world):
    person = world.people["A1a"]
    services.record_update(
        instance=person,
        data={"unit": world.unit("A1b")},
        acting_user=world.users["admin"],
        expected_version=person.version,
    )
    change = history_entries(person)[0].changes[0]
    assert (change.field, change.old, change.new) == ("unit", "Team A1a (A1a)", "Team A1b (A1b)")


def test_second_editor_is_refused_and_nothing_is_overwritten(world, client_for):
    person = world.people["A1a"]
    first, second = client_for("safety"), client_for("admin")
    loaded = edit_data(person)  # both open the form at version 1
    assert first.post(reverse("org:person_edit", args=[person.pk]), {**loaded, "name": "First"}).status_code == 302
    response = second.post(reverse("org:person_edit", args=[person.pk]), {**loaded, "phone": "13700000000"})
    assert response.status_code == 200
    assert "Someone else changed this record" in response.content.decode()
    # The second editor's input is still in the form, so nothing typed is lost.
    assert 'value="13700000000"' in response.content.decode()
    person.refresh_from_db()
    assert (person.name, person.phone, person.version) == ("First", "", 2)


def test_api_stale_version_is_a_409(world, client_for):
    person = world.people["A1a"]
    c = client_for("safety")
    url = f"/api/v1/people/{person.pk}/"
    assert c.patch(url, {"name": "One", "version": 1}, content_type="application/json").status_code == 200
    stale = c.patch(url, {"name": "Two", "version": 1}, content_type="application/json")
    assert stale.status_code == 409
    assert stale.json()["type"] == "client_error" and stale.json()["errors"][0]["code"] == "conflict"
    person.refresh_from_db()
    assert person.name == "One"
    history = c.get(url + "history/").json()["results"]
    assert history[0]["user"] == "safety" and history[0]["changes"][0]["new"] == "One"


def test_scope_is_rechecked_after_writing(world, client_for):
    """Moving a person out of one's own subtree is refused, even through the API."""
    person = world.people["A1a"]
    from zeroharm.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=world.users["director_a1"], role="safety_manager", unit=world.unit("A1"))
    c = client_for("director_a1")
    response = c.patch(
        f"/api/v1/people/{person.pk}/", {"unit": world.unit("B1a").pk, "version": 1}, content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "unit"
    person.refresh_from_db()
    assert person.unit.code == "A1a"


def test_archive_and_restore_keep_the_record(world, client_for):
    person = world.people["A1b"]
    c = client_for("safety")
    c.post(reverse("org:person_archive", args=[person.pk]))
    person.refresh_from_db()
    assert person.is_archived
    listed = c.get(reverse("org:person_list") + "?is_archived=false").context["table"].paginator.count
    assert listed == Person.objects.filter(is_archived=False).count()
    c.post(reverse("org:person_archive", args=[person.pk]), {"restore": "1"})
    person.refresh_from_db()
    assert not person.is_archived
    kinds = [e.kind for e in history_entries(person)]
    assert kinds == ["~", "~", "+"]


def test_hard_delete_is_for_administrators_and_recorded(world, client_for):
    person = world.people["A2"]
    url = reverse("org:person_delete", args=[person.pk])
    assert client_for("safety").post(url).status_code == 403
    admin = client_for("admin")
    assert "cannot be undone" in admin.get(url).content.decode()
    assert admin.post(url).status_code == 302
    assert not Person.objects.filter(pk=person.pk).exists()
    deleted = Person.history.filter(id=person.pk, history_type="-").get()
    assert deleted.history_user == world.users["admin"]


def test_protected_delete_says_why(world, client_for):
    unit = world.unit("A1a")  # has people
    response = client_for("admin").post(reverse("org:orgunit_delete", args=[unit.pk]), follow=True)
    assert "archive it instead" in response.content.decode()


def test_validation_messages_name_the_field(world, client_for):
    person = world.people["A1a"]
    response = client_for("safety").post(
        reverse("org:person_edit", args=[person.pk]), edit_data(person, birth_date="2099-01-01", phone="call me")
    )
    form = response.context["form"]
    assert form.errors["birth_date"] == ["The birth date is in the future."]
    assert "phone" in form.errors


def test_user_text_is_escaped(world, client_for):
    person = world.people["A1a"]
    services.record_update(
        instance=person,
        data={"name": "<script>alert(1)</script>"},
        acting_user=world.users["admin"],
        expected_version=1,
    )
    page = client_for("admin").get(reverse("org:person_detail", args=[person.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
