"""Saved column mappings are scoped like every other record: a mapping belongs to a unit, a branch sees, uses and
deletes its own subtree's mappings and never another branch's; mappings of the group (its root unit) are used by
every branch but created, changed and deleted only by a role held at the group."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.support.incident_import import OSHA_COLUMNS, OSHA_ROWS, column_data, osha_csv, upload
from zeroharm.accounts.models import RoleAssignment, User
from zeroharm.incidents.models import ImportMapping

pytestmark = pytest.mark.django_db


@pytest.fixture
def branches(world, client_for, settings, tmp_path):
    """Safety managers of branch A and of branch B, signed in."""
    settings.MEDIA_ROOT = tmp_path
    clients = {}
    for code in ("A", "B"):
        user = User.objects.create_user(f"safety_{code}", f"safety_{code}@example.com", "x")
        RoleAssignment.objects.create(user=user, role="safety_manager", unit=world.units[code])
        world.users[f"safety_{code}"] = user
        clients[code] = client_for("safety")
        clients[code].force_login(user)
    return clients


def save_through_the_column_page(client, name: str, **changes):
    map_url = upload(client, osha_csv(*OSHA_ROWS))["Location"]
    response = client.post(map_url, column_data(client, map_url, save_as=name, date_order="mdy", **changes))
    assert response.status_code == 302, response.context["form"].errors
    return response


def listed(client) -> set[str]:
    return {
        f"{m.name} ({m.owner_unit.code})"
        for m, *_rest in client.get(reverse("incidents:import_mappings")).context["rows"]
    }


def test_a_branch_sees_uses_and_deletes_only_its_own_and_the_groups_mappings(world, branches):
    save_through_the_column_page(branches["A"], "OSHA", unit=world.units["A1"].pk)
    save_through_the_column_page(branches["B"], "OSHA", unit=world.units["B1"].pk)  # the same name: another unit
    group = ImportMapping.objects.create(
        name="Group OSHA", columns=OSHA_COLUMNS, fixed={"unit": "A1"}, owner_unit=world.units["G"]
    )
    mine, theirs = ImportMapping.objects.get(owner_unit__code="A"), ImportMapping.objects.get(owner_unit__code="B")
    assert (mine.name, theirs.name) == ("OSHA", "OSHA")

    assert listed(branches["A"]) == {"OSHA (A)", "Group OSHA (G)"}
    assert listed(branches["B"]) == {"OSHA (B)", "Group OSHA (G)"}
    # Another branch's mapping is not there: not to see, not to use, not to delete.
    delete = reverse("incidents:import_mapping_delete", args=[theirs.pk])
    assert branches["A"].get(delete).status_code == 404 and branches["A"].post(delete).status_code == 404
    response = branches["A"].post(
        reverse("incidents:import"),
        {"file": SimpleUploadedFile("osha.csv", osha_csv(*OSHA_ROWS)), "encoding": "cp1252", "mapping": theirs.pk},
    )
    assert response.status_code == 400 and "mapping" in response.context["form"].errors
    # The group's mapping is used by the branch, not deleted by it.
    assert upload(branches["A"], osha_csv(*OSHA_ROWS), mapping=group.pk).status_code == 302
    group_delete = reverse("incidents:import_mapping_delete", args=[group.pk])
    assert branches["A"].get(group_delete).status_code == 403 and branches["A"].post(group_delete).status_code == 403
    # Its own is.
    assert branches["A"].post(reverse("incidents:import_mapping_delete", args=[mine.pk])).status_code == 302
    assert set(ImportMapping.objects.values_list("owner_unit__code", flat=True)) == {"B", "G"}


def test_only_a_group_role_saves_or_deletes_a_group_mapping(world, branches, client_for):
    map_url = upload(branches["A"], osha_csv(*OSHA_ROWS))["Location"]
    data = column_data(branches["A"], map_url, unit=world.units["A1"].pk, save_as="Everyone's", date_order="mdy")
    assert data["save_for"] == world.units["A"].pk  # by default, the unit of the user's import role
    response = branches["A"].post(map_url, {**data, "save_for": world.units["G"].pk})
    assert response.status_code == 400 and "save_for" in response.context["form"].errors
    assert not ImportMapping.objects.exists()

    group = client_for("safety")
    save_through_the_column_page(group, "Everyone's", unit=world.units["A1"].pk)
    saved = ImportMapping.objects.get(name="Everyone's")
    assert saved.owner_unit == world.units["G"] and saved.created_by == world.users["safety"]
    theirs = ImportMapping.objects.create(name="B's", columns=OSHA_COLUMNS, owner_unit=world.units["B"])
    assert group.post(reverse("incidents:import_mapping_delete", args=[theirs.pk])).status_code == 302
    assert group.post(reverse("incidents:import_mapping_delete", args=[saved.pk])).status_code == 302
    assert not ImportMapping.objects.exists()
