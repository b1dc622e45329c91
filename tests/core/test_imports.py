"""Imports land whole or not at all, name every bad row, read GBK and cp1252 text, and refuse wrong files."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zeroharm.core.imports import ImportFileError, read_table, run_import
from zeroharm.org.importers import ManHoursImporter, PersonImporter, UnitImporter
from zeroharm.org.models import ManHours, OrgUnit, Person

pytestmark = pytest.mark.django_db

HEADER = "employee_no,name,unit_code,position_code,employment_type,hire_date,birth_date,sex,phone,status\n"


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def people_csv(*rows: str, encoding="utf-8") -> bytes:
    return (HEADER + "".join(r + "\n" for r in rows)).encode(encoding)


def do_import(importer, content: bytes, name: str, user, *, commit=True, encoding="auto"):
    headers, rows = read_table(upload(name, content), encoding)
    return run_import(importer, headers, rows, user, commit=commit)


def test_good_file_lands_with_history(world):
    admin = world.users["admin"]
    content = people_csv(
        "E1,王伟,A1a,WELDER,employee,2021-03-15,1990-07-02,M,13800000000,active",
        "E2,李娜,A1b,,contractor,2022/01/05,,F,,",
    )
    result = do_import(PersonImporter(), content, "people.csv", admin)
    assert result.errors == [] and result.created == 2 and result.committed
    wang = Person.objects.get(employee_no="E1")
    assert wang.unit.code == "A1a" and wang.position.code == "WELDER" and str(wang.hire_date) == "2021-03-15"
    assert Person.objects.get(employee_no="E2").employment_type == "contractor"
    assert wang.history.first().history_user == admin


def test_reimport_updates_instead_of_duplicating(world):
    admin = world.users["admin"]
    do_import(PersonImporter(), people_csv("E1,王伟,A1a,,,,,,,"), "p.csv", admin)
    result = do_import(PersonImporter(), people_csv("E1,王伟伟,A1b,,,,,,,"), "p.csv", admin)
    assert (result.created, result.updated) == (0, 1)
    person = Person.objects.get(employee_no="E1")
    assert (person.name, person.unit.code, person.version) == ("王伟伟", "A1b", 2)


def test_bad_rows_land_nothing_and_every_bad_row_is_named(world):
    before = Person.objects.count()
    content = people_csv(
        "E1,王伟,A1a,,,2021-03-15,,,,",  # row 2: fine
        "E2,李娜,A1a,,,2023-13-01,,,,",  # row 3: bad date
        "E3,张三,NOPE,,,,,,,",  # row 4: unknown unit
        "E4,,A1a,,,,,,,",  # row 5: missing name
        "E5,赵六,A1a,,boss,,,,,",  # row 6: bad employment type
        "E6,钱七,B1a,,,,,,,",  # row 7: fine for admin
    )
    result = do_import(PersonImporter(), content, "people.csv", world.users["admin"])
    messages = [str(e) for e in result.errors]
    assert "row 3, column hire_date: '2023-13-01' is not a date" in messages
    assert "row 4, column unit_code: 'NOPE' is not the code of a unit in your scope" in messages
    assert any(m.startswith("row 5, column name:") for m in messages)
    assert any(m.startswith("row 6, column employment_type: 'boss' is not one of") for m in messages)
    assert {e.row for e in result.errors} == {3, 4, 5, 6}
    assert Person.objects.count() == before and not result.committed


def test_unit_outside_scope_is_refused_by_row(world):
    content = people_csv("E1,王伟,A1a,,,,,,,", "E2,李娜,B1a,,,,,,,")
    result = do_import(PersonImporter(), content, "people.csv", world.users["safety"])
    assert result.errors == []  # the group safety manager reaches both branches
    world.users["leader_a"]  # unit leaders cannot import people at all (checked by the page test below)
    from zeroharm.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=world.users["leader_a"], role="safety_manager", unit=world.unit("A"))
    user = type(world.users["leader_a"]).objects.get(pk=world.users["leader_a"].pk)
    result = do_import(PersonImporter(), people_csv("E3,孙八,A1a,,,,,,,", "E4,周九,B1a,,,,,,,"), "p.csv", user)
    assert [str(e) for e in result.errors] == ["row 3, column unit_code: 'B1a' is not the code of a unit in your scope"]
    assert not Person.objects.filter(employee_no="E3").exists()


def test_gbk_encoded_csv(world):
    content = people_csv("E1,王伟,A1a,,,,,,,", "E2,欧阳娜娜,A1b,,,,,,,", encoding="gbk")
    with pytest.raises(UnicodeDecodeError):
        content.decode("utf-8")
    result = do_import(PersonImporter(), content, "people.csv", world.users["admin"])
    assert result.errors == []
    assert Person.objects.get(employee_no="E2").name == "欧阳娜娜"


def test_windows_1252_encoded_csv(world):
    content = people_csv("E1,José Müller,A1a,,,,,,,", "E2,Zoë Façade,A1b,,,,,,,", encoding="cp1252")
    result = do_import(PersonImporter(), content, "people.csv", world.users["admin"])
    assert result.errors == []
    assert Person.objects.get(employee_no="E1").name == "José Müller"


def test_xlsx_with_real_dates_and_numbers(world):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["unit_code", "month", "hours", "average_headcount"])
    import datetime

    sheet.append(["A1b", datetime.datetime(2026, 9, 1), 3520, 22])
    sheet.append(["A1b", "2026-08", 3400.5, 21])
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = do_import(ManHoursImporter(), buffer.getvalue(), "hours.xlsx", world.users["admin"])
    assert result.errors == [] and result.created == 2
    assert str(ManHours.objects.get(unit__code="A1b", month="2026-08-01").hours) == "3400.5"


def test_man_hours_cannot_be_counted_twice_in_a_branch(world):
    content = b"unit_code,month,hours,average_headcount\nA1,2026-10,5000,30\n"
    result = do_import(ManHoursImporter(), content, "hours.csv", world.users["admin"])
    assert [e.row for e in result.errors] == [2]
    assert "already recorded for a unit above or below" in str(result.errors[0])


def test_units_import_builds_the_tree_in_file_order(world):
    content = "code,name,kind,parent_code\nC,Branch C,branch,G\nC1,Workshop C1,车间,C\nC1a,Team,team,C1\n"
    result = do_import(UnitImporter(), content.encode(), "units.csv", world.users["admin"])
    assert result.errors == [], result.errors
    team = OrgUnit.objects.get(code="C1a")
    assert [u.code for u in OrgUnit.objects.get_ancestors(team)] == ["G", "C", "C1"]


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("people.pdf", b"%PDF-1.4", "Only .xlsx workbooks and .csv text files"),
        ("people.xlsx", b"name,unit\n", "named .xlsx but is not an Excel workbook"),
        ("people.csv", b"\x89PNG\r\n\x1a\n\x00\x00", "not a .csv text file"),
        ("people.csv", b"", "no rows"),
        ("people.csv", b"employee_no,name\nE1,x\n", "missing: unit_code"),
    ],
)
def test_wrong_files_are_refused_whole(world, name, content, message):
    with pytest.raises(ImportFileError, match=message):
        do_import(PersonImporter(), content, name, world.users["admin"])


def test_import_page_preview_then_confirm(world, client_for):
    c = client_for("safety")
    url = reverse("org:import", args=["people"])
    assert c.get(url + "?template=xlsx")["Content-Type"].startswith("application/vnd.openxml")
    template = openpyxl.load_workbook(io.BytesIO(c.get(url + "?template=xlsx").content))
    assert [cell.value for cell in template["data"][1]] == [col.name for col in PersonImporter.columns]
    assert c.get(url + "?template=csv").content.decode("utf-8-sig").startswith("employee_no,name,unit_code")

    bad = c.post(url, {"file": upload("p.csv", people_csv("E1,王伟,A1a,,,2023-13-01,,,,")), "encoding": "auto"})
    assert "row 2, column hire_date: &#x27;2023-13-01&#x27; is not a date" in bad.content.decode()
    assert not Person.objects.filter(employee_no="E1").exists()

    preview = c.post(url, {"file": upload("p.csv", people_csv("E1,王伟,A1a,,,,,,,")), "encoding": "auto"})
    assert preview.status_code == 200 and not Person.objects.filter(employee_no="E1").exists()
    token = preview.context["token"]
    done = c.post(url, {"token": token})
    assert done.status_code == 302 and Person.objects.filter(employee_no="E1").exists()
    assert c.post(url, {"token": token}).status_code == 302  # a used preview cannot be replayed
    assert Person.objects.filter(employee_no="E1").count() == 1


def test_upload_size_is_limited(world, client_for, settings):
    settings.IMPORT_MAX_BYTES = 100
    response = client_for("admin").post(
        reverse("org:import", args=["people"]),
        {"file": upload("p.csv", people_csv(*["E1,王伟,A1a,,,,,,,"] * 20)), "encoding": "auto"},
    )
    assert "larger than" in response.content.decode()
