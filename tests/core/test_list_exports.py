"""Every list exports exactly its filtered rows, to xlsx (read back with openpyxl) and csv."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from zeroharm.org.models import Person

pytestmark = pytest.mark.django_db

LISTS = [
    "org:orgunit_list",
    "org:person_list",
    "org:position_list",
    "org:manhours_list",
    "accounts:user_list",
    "accounts:roleassignment_list",
    "notifications:delivery_list",
    "risks:riskpoint_list",
]


def xlsx_rows(response) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[c.value for c in row] for row in sheet.iter_rows()]


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


@pytest.mark.parametrize("name", LISTS)
def test_every_list_exports_both_formats(world, client_for, name):
    c = client_for("admin")
    page = c.get(reverse(name))
    count = page.context["table"].paginator.count
    for fmt, reader in (("xlsx", xlsx_rows), ("csv", csv_rows)):
        response = c.get(reverse(name) + f"?_export={fmt}")
        assert response.status_code == 200
        assert f'.{fmt}"' in response["Content-Disposition"]
        assert len(reader(response)) == count + 1  # header + every row, not one page


def test_export_matches_the_filter_and_the_scope(world, client_for):
    from zeroharm.org.trees import build_tree  # noqa: F401 - same builder the fixture used

    for i in range(30):
        Person.objects.create(employee_no=f"X{i:03d}", name=f"Zhang {i:03d}", unit=world.unit("A1b"))
        Person.objects.create(employee_no=f"Y{i:03d}", name=f"Zhang B {i:03d}", unit=world.unit("B1a"))
    url = reverse("org:person_list") + f"?q=zhang&ancestor_id={world.unit('A').pk}&sort=-name"
    admin_rows = xlsx_rows(client_for("admin").get(url + "&_export=xlsx"))
    assert admin_rows[0][:2] == ["Employee number", "Name"]
    names = [row[1] for row in admin_rows[1:]]
    assert names == sorted((f"Zhang {i:03d}" for i in range(30)), reverse=True)

    # A user of branch B asking for branch A's subtree gets nothing: the scope applies to exports too.
    leader_b = xlsx_rows(client_for("leader_b").get(url + "&_export=xlsx"))
    assert leader_b[1:] == []
    everything = csv_rows(client_for("leader_b").get(reverse("org:person_list") + "?_export=csv"))
    assert {row[3] for row in everything[1:]} <= {"B", "B1", "B1a"}  # unit codes of branch B only
