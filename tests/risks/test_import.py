"""Importing an existing risk register: a point from several rows, all or nothing, errors by row and column."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zeroharm.core.imports import read_table, run_import
from zeroharm.risks.importers import RiskRegisterImporter
from zeroharm.risks.models import RiskPoint

pytestmark = pytest.mark.django_db

HEADER = [
    "point_code",
    "point_name",
    "kind",
    "unit_code",
    "location",
    "hazard",
    "cause_category",
    "accident_types",
    "method",
    "likelihood",
    "exposure",
    "consequence",
    "controls",
    "emergency_measures",
    "emergency_phone",
]


def workbook(*rows) -> bytes:
    book = openpyxl.Workbook()
    book.active.append(HEADER)
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def run(content: bytes, user, commit=True):
    headers, rows = read_table(SimpleUploadedFile("register.xlsx", content))
    return run_import(RiskRegisterImporter(), headers, rows, user, commit=commit)


GOOD = [
    (
        "P1",
        "冲压机操作岗位",
        "job",
        "A1a",
        "A线",
        "手进入模具区",
        "people",
        "03",
        "lec",
        3,
        6,
        15,
        "engineering: 双手按钮和光幕; ppe: 防护手套",
        "立即停机",
        "110",
    ),
    (
        "P1",
        "冲压机操作岗位",
        "job",
        "A1a",
        "A线",
        "模具飞出",
        "equipment",
        "01;03",
        "",
        None,
        None,
        None,
        "administrative: 换模作业票",
        "",
        "",
    ),
    ("P2", "10kV配电室", "场所区域", "B1a", "", "带电作业触电", "设备", "5", "ls", 3, None, 4, "", "", ""),
]


def test_a_register_lands_with_hazards_controls_and_colours(world):
    result = run(workbook(*GOOD), world.users["safety"])
    assert result.errors == [] and (result.created, result.updated) == (2, 1)
    p1 = RiskPoint.objects.get(code="P1")
    assert (p1.color, p1.score) == ("orange", 270)
    assert sorted(p1.hazard_sources.values_list("description", flat=True)) == ["手进入模具区", "模具飞出"]
    assert p1.hazard_sources.get(description="模具飞出").accident_types == ["01", "03"]
    assert sorted(p1.controls.values_list("control_type", flat=True)) == ["administrative", "engineering", "ppe"]
    p2 = RiskPoint.objects.get(code="P2")
    assert (p2.kind, p2.color) == ("place", "orange")  # kind and cause given by their Chinese names
    assert p2.hazard_sources.get().accident_types == ["05"]
    # Importing the same file again adds no duplicate hazard sources or controls.
    run(workbook(*GOOD), world.users["safety"])
    assert p1.hazard_sources.count() == 2 and p1.controls.count() == 3


def test_bad_rows_land_nothing_and_are_named(world):
    bad = [
        GOOD[0],
        ("P3", "x", "job", "NOPE", "", "h", "people", "", "", None, None, None, "", "", ""),
        ("P4", "x", "job", "A1a", "", "h", "people", "3;99", "lec", 4, 6, 15, "", "", ""),
        ("P5", "x", "job", "A1a", "", "h", "people", "", "", None, None, None, "guard rail", "", ""),
    ]
    result = run(workbook(*bad), world.users["safety"])
    messages = [str(e) for e in result.errors]
    assert "row 3, column unit_code: 'NOPE' is not the code of a unit in your scope" in messages
    assert any(m.startswith("row 4, column accident_types:") for m in messages)
    assert any(m.startswith("row 4, column likelihood:") for m in messages)
    assert any(m.startswith("row 5, column controls:") for m in messages)
    assert not RiskPoint.objects.filter(code__in=["P1", "P3", "P4", "P5"]).exists()


def test_a_branch_leader_imports_only_into_his_branch(world):
    result = run(workbook(GOOD[2]), world.users["leader_a"])
    assert [str(e) for e in result.errors] == ["row 2, column unit_code: 'B1a' is not the code of a unit in your scope"]


def test_the_import_page(world, client_for):
    c = client_for("safety")
    url = reverse("risks:import", args=["register"])
    assert c.get(url).status_code == 200
    template = openpyxl.load_workbook(io.BytesIO(c.get(url + "?template=xlsx").content))
    assert [cell.value for cell in template["data"][1]] == HEADER
    assert client_for("director_a1").get(url).status_code == 403  # supervisors enter, safety managers import
    assert client_for("auditor").get(url).status_code == 403
