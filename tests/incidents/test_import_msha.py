"""The MSHA accidents sample (Form 7000-1 reports of US mines), an excerpt of 100 records copied byte for byte
(tests/fixtures/make_msha_excerpt.py), imported through the importer with the mapping the user guide describes:
Excel serial dates, ACCIDENT_TIME as HHMM, DEGREE_INJURY through a value table into the person's outcome (the
fatal accidents land as deaths), NO_INJURIES as the number of people, DAYS_LOST as days away, and `?` / `NO VALUE
FOUND` / 9996–9999 as empty. MSHA's own CAL_YR and CAL_QTR check that no day and month were swapped."""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.incident_import import COMPUTED_INCIDENT, COMPUTED_PERSON, SHANGHAI
from zeroharm.incidents import services
from zeroharm.incidents.choices import InjuryClass, Outcome
from zeroharm.incidents.importing import ColumnMapping, guess_columns, import_incidents, read_file
from zeroharm.incidents.importing.values import DEFAULT_EMPTY_VALUES, parse_table_text
from zeroharm.incidents.models import Incident

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "msha-accidents-excerpt.csv"
COLUMNS = {
    "occurred_at": ["accident_dt", "accident_time"],
    "description": ["narrative"],
    "location": ["subunit", "ug_location"],
    "event_type": ["accident_type"],
    "agent": ["injury_source"],
    "outcome": ["degree_injury"],
    "people_injured": ["no_injuries"],
    "days_away": ["days_lost"],
    "nature": ["nature_injury"],
    "body_part": ["inj_body_part"],
}
# As typed on the column page (docs/user-guide-incident-import.md).
OUTCOME_TABLE = """
FATALITY = fatal
PERM TOT OR PERM PRTL DISABLTY = Permanent total disability
DAYS AWAY FROM WORK ONLY = lost_time
DYS AWY FRM WRK & RESTRCTD ACT = lost_time
DAYS RESTRICTED ACTIVITY ONLY = restricted
NO DYS AWY FRM WRK,NO RSTR ACT = medical
ALL OTHER CASES (INCL 1ST AID) = first_aid
OCCUPATNAL ILLNESS NOT DEG 1-6 = medical
ACCIDENT ONLY = unhurt
INJURIES DUE TO NATURAL CAUSES =
INJURIES INVOLVNG NONEMPLOYEES =
"""
OUTCOMES = {
    "FATALITY": Outcome.FATAL,
    "PERM TOT OR PERM PRTL DISABLTY": Outcome.PERMANENT_DISABILITY,
    "DAYS AWAY FROM WORK ONLY": Outcome.LOST_TIME,
    "DYS AWY FRM WRK & RESTRCTD ACT": Outcome.LOST_TIME,
    "DAYS RESTRICTED ACTIVITY ONLY": Outcome.RESTRICTED,
    "NO DYS AWY FRM WRK,NO RSTR ACT": Outcome.MEDICAL,
    "ALL OTHER CASES (INCL 1ST AID)": Outcome.FIRST_AID,
    "OCCUPATNAL ILLNESS NOT DEG 1-6": Outcome.MEDICAL,
}
NO_TIME = ("9996", "9997", "9998", "9999")


def records() -> list[dict]:
    """The excerpt read independently of the product: the standard csv module."""
    return list(csv.DictReader(io.StringIO(FIXTURE.read_bytes().decode("ascii"), newline="")))


def when(record: dict) -> tuple[datetime.datetime, bool]:
    day = datetime.date(1899, 12, 30) + datetime.timedelta(days=int(record["ACCIDENT_DT"]))
    clock = record["ACCIDENT_TIME"].zfill(4)
    if clock in NO_TIME:
        return datetime.datetime.combine(day, datetime.time(12), SHANGHAI), True
    moment = datetime.datetime.combine(day, datetime.time(0), SHANGHAI)
    return moment + datetime.timedelta(hours=int(clock[:2]), minutes=int(clock[2:])), False


def test_the_msha_excerpt_lands_with_its_deaths_people_and_dates(world):
    table, errors = parse_table_text("outcome", OUTCOME_TABLE)
    assert errors == []
    headers, rows = read_file(SimpleUploadedFile("msha.csv", FIXTURE.read_bytes()))
    assert {k: v for k, v in guess_columns(headers).items() if k in COLUMNS} == {
        k: v for k, v in COLUMNS.items() if k not in ("location", "agent")
    } | {"agent": ["injury_source"]}
    mapping = ColumnMapping(
        columns=COLUMNS,
        unit=world.units["A1"],
        value_tables={"outcome": table},
        empty_values=[*DEFAULT_EMPTY_VALUES, *NO_TIME],
    )
    result = import_incidents(mapping, headers, rows, world.users["safety"], commit=True)
    assert result.errors == [] and result.committed and result.created == 100, result.errors[:5]

    incidents = {i.description: i for i in Incident.objects.prefetch_related("people")}
    by_narrative = {r["NARRATIVE"].strip(): r for r in records()}
    assert len(by_narrative) == len(incidents) == 100
    fatal = [r for r in by_narrative.values() if r["DEGREE_INJURY"] == "FATALITY"]
    assert len(fatal) == 11 and sum(i.deaths for i in incidents.values()) == 11
    for narrative, record in by_narrative.items():
        incident = incidents[narrative]
        people = list(incident.people.all())
        # The serial day and the HHMM clock, no day and month swapped (MSHA's own year and quarter agree).
        assert (incident.occurred_at, incident.time_unknown) == when(record), record["ACCIDENT_TIME"]
        if record["ACCIDENT_TIME"] != "2400":  # 24:00 is the next day's midnight
            local = incident.occurred_at.astimezone(SHANGHAI)
            assert (local.year, (local.month - 1) // 3 + 1) == (int(record["CAL_YR"]), int(record["CAL_QTR"]))
        # As many people as NO_INJURIES; the report's own person first, with its degree and days lost.
        assert len(people) == int(record["NO_INJURIES"])
        if people:
            first = people[0]
            days = int(record["DAYS_LOST"] or 0)
            no_degree = Outcome.LOST_TIME if days else Outcome.FIRST_AID  # e.g. natural causes, NO VALUE FOUND
            assert first.outcome == OUTCOMES.get(record["DEGREE_INJURY"], no_degree)
            assert first.days_away == days
            assert all(p.outcome == Outcome.FIRST_AID and p.days_away == 0 for p in people[1:])
        assert incident.deaths == (record["DEGREE_INJURY"] == "FATALITY")
    assert {p.injury_class for i in incidents.values() for p in i.people.all() if p.days_away >= 105} == {
        InjuryClass.SERIOUS
    }
    methane = [i for n, i in incidents.items() if "METHAN" in n]
    assert [(i.deaths, i.people.count()) for i in methane] == [(1, 16), (1, 16)]  # two reports of one explosion

    # The figures are what services.refresh_figures derives from the same facts.
    stored = {
        i.pk: (
            [getattr(i, f) for f in COMPUTED_INCIDENT],
            [[getattr(p, f) for f in COMPUTED_PERSON] for p in i.people.all()],
        )
        for i in incidents.values()
    }
    for incident in incidents.values():
        services.refresh_figures(incident)
    assert stored == {
        i.pk: (
            [getattr(i, f) for f in COMPUTED_INCIDENT],
            [[getattr(p, f) for f in COMPUTED_PERSON] for p in i.people.all()],
        )
        for i in Incident.objects.prefetch_related("people")
    }
