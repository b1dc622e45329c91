"""What a column mapping can say beyond "this column fills that field": values fixed for the whole file (a date when
the file has no date column, an outcome), a value table that translates another scheme's words into ours (a degree
of injury into the person's outcome, fatalities included; a classification into a GB 6441 category), the numbers
injured and killed, days away, and the values that mean "empty"."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.support.incident_import import SHANGHAI, column_data, upload
from zeroharm.incidents.choices import InjuryClass, Outcome
from zeroharm.incidents.importing import ColumnMapping, import_incidents, read_file
from zeroharm.incidents.models import Incident

pytestmark = pytest.mark.django_db

# A national case file: no date column at all, another scheme's words for the degree of injury and the category.
CASES = (
    "case,what happened,degree,class,killed,injured,days lost,hour\r\n"
    "C-1,Roof fall on the longwall face,FATALITY,FALL OF ROOF OR BACK,1,2,0,945\r\n"
    "C-2,Hand caught in a conveyor,DAYS AWAY FROM WORK ONLY,MACHINERY,?,1,30,1430\r\n"
    "C-3,Back strain lifting a bag,days away from work only,NO VALUE FOUND,,1,120,9999\r\n"
    "C-4,Methane ignition at the face,FATALITY,IGNITION OR EXPLOSION OF GAS OR DUST,2,0,,\r\n"
    "C-5,Truck tyre burst near the shop,ACCIDENT ONLY,NO VALUE FOUND,0,0,,2400\r\n"
)
COLUMNS = {
    "external_ref": ["case"],
    "description": ["what happened"],
    "outcome": ["degree"],
    "category": ["class"],
    "people_killed": ["killed"],
    "people_injured": ["injured"],
    "days_away": ["days lost"],
    "occurred_at": ["", "hour"],
}
TABLES = {
    "outcome": {"FATALITY": "fatal", "DAYS AWAY FROM WORK ONLY": "lost_time", "ACCIDENT ONLY": "unhurt"},
    "category": {"FALL OF ROOF OR BACK": "11", "MACHINERY": "03", "IGNITION OR EXPLOSION OF GAS OR DUST": "15"},
}


def run(world, content=CASES, **options):
    headers, rows = read_file(SimpleUploadedFile("cases.csv", content.encode()))
    options = {
        "fixed_date": datetime.date(2016, 5, 1),
        "value_tables": TABLES,
        "empty_values": ["?", "NO VALUE FOUND", "9999"],
        **options,
    }
    mapping = ColumnMapping(columns=options.pop("columns", COLUMNS), unit=world.units["A1"], **options)
    return import_incidents(mapping, headers, rows, world.users["safety"], commit=True)


def people(ref):
    return [(p.outcome, p.days_away, p.injury_class) for p in Incident.objects.get(external_ref=ref).people.all()]


def test_a_file_without_dates_with_a_fixed_date_value_tables_and_counts(world):
    result = run(world)
    assert result.errors == [] and result.committed, result.errors
    incidents = {i.external_ref: i for i in Incident.objects.all()}
    # The fixed date for every row, with the row's own time when it has one (9999 means none; 24:00 ends the day).
    assert [(incidents[r].occurred_at, incidents[r].time_unknown) for r in ("C-1", "C-2", "C-3", "C-5")] == [
        (datetime.datetime(2016, 5, 1, 9, 45, tzinfo=SHANGHAI), False),
        (datetime.datetime(2016, 5, 1, 14, 30, tzinfo=SHANGHAI), False),
        (datetime.datetime(2016, 5, 1, 12, 0, tzinfo=SHANGHAI), True),
        (datetime.datetime(2016, 5, 2, 0, 0, tzinfo=SHANGHAI), False),
    ]
    # Killed and injured counted; the row's degree and days describe its first person; the killed are fatal.
    fatal, lost, first_aid = Outcome.FATAL, Outcome.LOST_TIME, Outcome.FIRST_AID
    assert people("C-1") == [(fatal, 0, InjuryClass.FATAL), (first_aid, 0, ""), (first_aid, 0, "")]
    assert people("C-2") == [(lost, 30, InjuryClass.MINOR)]
    assert people("C-3") == [(lost, 120, InjuryClass.SERIOUS)]  # the table's words in any case
    assert people("C-4") == [(fatal, 0, InjuryClass.FATAL), (fatal, 0, InjuryClass.FATAL)]
    assert people("C-5") == []  # an accident without injuries
    assert [incidents[r].deaths for r in ("C-1", "C-2", "C-4", "C-5")] == [1, 0, 2, 0]
    assert [incidents[r].category for r in ("C-1", "C-2", "C-3", "C-4")] == ["11", "03", "", "15"]


def test_values_a_table_does_not_know_are_refused_by_name(world):
    result = run(world, CASES.replace("FATALITY,FALL", "DEAD,FALL"), value_tables={"outcome": TABLES["outcome"]})
    assert [str(e) for e in result.errors] == [
        "row 2, column class: 'FALL OF ROOF OR BACK' is not a GB 6441 accident category (a code 01–20 or its "
        "name), nor in the mapping's value table for it",
        "row 2, column degree: 'DEAD' is not an outcome, nor in the mapping's value table for it",
        "row 3, column class: 'MACHINERY' is not a GB 6441 accident category (a code 01–20 or its name), nor in "
        "the mapping's value table for it",
        "row 5, column class: 'IGNITION OR EXPLOSION OF GAS OR DUST' is not a GB 6441 accident category (a code "
        "01–20 or its name), nor in the mapping's value table for it",
    ]
    assert not result.committed and Incident.objects.count() == 0


def test_without_a_date_column_or_a_fixed_date_the_mapping_is_incomplete(world):
    with pytest.raises(Exception, match="Choose the column for: When it happened, or a date for every row"):
        run(world, fixed_date=None)


def test_the_column_page_edits_value_tables_and_shows_the_values_to_map(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("safety")
    map_url = upload(client, CASES.encode(), name="cases.csv", encoding="auto")["Location"]
    page = client.get(map_url)
    assert page.status_code == 200
    data = column_data(
        client,
        map_url,
        unit=world.units["A1"].pk,
        col__description__0="what happened",
        col__external_ref__0="case",
        col__outcome__0="degree",
        col__occurred_at__0="",
        col__occurred_at__1="hour",
        col__people_killed__0="killed",
        col__people_injured__0="injured",
        col__days_away__0="days lost",
    )
    assert "NO VALUE FOUND" in data["empty_values"].splitlines()  # the defaults
    data["empty_values"] += "\n9999"
    response = client.post(map_url, {**data, "table__outcome": "FATALITY fatal\nACCIDENT ONLY = dead\n"})
    assert response.status_code == 400
    assert response.context["form"].errors["table__outcome"] == [
        "Line 1: “FATALITY fatal” has no “=”: write the file's value = ours.",
        "Line 2: “dead” is not one of ours (unhurt, first_aid, medical, restricted, lost_time, disability, fatal).",
    ]
    # The column's values the outcome cannot read yet are shown beside the table.
    slot = next(s for s in response.context["form"].slots if s.target.key == "outcome")
    assert [v for v, _count, known in slot.values if not known] == [
        "FATALITY",
        "DAYS AWAY FROM WORK ONLY",
        "days away from work only",
        "ACCIDENT ONLY",
    ]
    response = client.post(map_url, {**data, "fixed_date": "", "table__outcome": "FATALITY = fatal"})
    assert response.status_code == 400 and "fixed_date" in response.context["form"].errors
    table = "FATALITY = Fatal\nDAYS AWAY FROM WORK ONLY = lost_time\nACCIDENT ONLY = unhurt\n"
    response = client.post(
        map_url, {**data, "fixed_date": "2016-05-01", "table__outcome": table, "save_as": "National cases"}
    )
    assert response.status_code == 302
    preview = client.get(response["Location"])
    assert preview.context["result"].errors == [] and preview.context["result"].people == 7
    assert client.post(response["Location"]).status_code == 302
    assert Incident.objects.get(external_ref="C-4").deaths == 2
    from zeroharm.incidents.models import ImportMapping

    saved = ImportMapping.objects.get(name="National cases")
    assert saved.value_tables == {
        "outcome": {"FATALITY": "fatal", "DAYS AWAY FROM WORK ONLY": "lost_time", "ACCIDENT ONLY": "unhurt"}
    }
    assert saved.fixed["date"] == "2016-05-01" and "?" in saved.empty_values
