"""One definition per fact (issue 11, point 4): an incident's figures are summed in one place, and the incident
API, the list export, the injury rates and the OSHA 300A read the same figures for the same data set."""

from __future__ import annotations

import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.factories import ManHoursFactory, at, reported_incident
from zeroharm.core.choices import AccidentCategory
from zeroharm.incidents import choices, osha
from zeroharm.incidents.rates_selectors import rate_figures

pytestmark = pytest.mark.django_db


def test_the_accident_categories_are_defined_once():
    assert choices.AccidentCategory is AccidentCategory
    assert AccidentCategory("14").label == "Explosive (gunpowder) explosion"
    assert AccidentCategory("15").label == "Gas (firedamp) explosion"


@pytest.fixture
def cases(world):
    ManHoursFactory(unit=world.unit("A1b"), month=datetime.date(2025, 6, 1))
    return [
        reported_incident(world, "A1a", at(2025, 6, 2), outcome="fatal", date_of_death=datetime.date(2025, 6, 2)),
        reported_incident(world, "A1a", at(2025, 6, 3), outcome="lost_time", days_away=130),  # serious: ≥ 105
        reported_incident(world, "A1b", at(2025, 6, 4), outcome="lost_time", days_away=12),
        reported_incident(world, "A1b", at(2025, 6, 5), outcome="restricted", restricted_days=5),
        reported_incident(world, "A1b", at(2025, 6, 6), outcome="first_aid", treatments=["C"]),
        reported_incident(world, "A1b", at(2025, 6, 7), kind="near_miss"),
    ]


def test_pages_exports_api_rates_and_osha_agree(world, client_for, cases):
    client = client_for("admin")
    a = world.unit("A")
    api = client.get("/api/v1/incidents/", {"ancestor_id": a.pk, "page_size": 100}).json()["results"]
    from_api = {key: sum(row[key] for row in api) for key in ("deaths", "serious_injuries", "recordable_cases")}
    assert from_api == {"deaths": 1, "serious_injuries": 1, "recordable_cases": 4}

    rates = rate_figures(a, datetime.date(2025, 6, 1), datetime.date(2025, 6, 30)).counts
    assert (rates["deaths"], rates["serious"]) == (from_api["deaths"], from_api["serious_injuries"])
    assert rates["G"] + rates["H"] + rates["I"] + rates["J"] == from_api["recordable_cases"]

    summary = osha.summary(osha.log_lines(a, 2025))
    assert from_api["recordable_cases"] == summary.G + summary.H + summary.I + summary.J
    assert (summary.G, rates["G"]) == (1, 1)

    export = client.get(reverse("incidents:incident_list"), {"ancestor_id": a.pk, "_export": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    assert sheet.max_row - 1 == len(api) == len(cases)
