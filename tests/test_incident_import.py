"""Importing historical incidents with a column mapping: the OSHA Severe Injury Reports as published, a Chinese
workbook, every kind of bad input (refused whole, every refused row named), saved mappings, and who may do it."""

from __future__ import annotations

import csv
import datetime
import io
import os
import time
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from zeroharm.core.imports import ImportFileError
from zeroharm.core.imports.dates import parse_when
from zeroharm.incidents import services
from zeroharm.incidents.choices import BodyPart, InjuryNature, Outcome
from zeroharm.incidents.importing import (
    ColumnMapping,
    body_part_for,
    guess_columns,
    import_incidents,
    nature_for,
    parse_count,
    read_file,
)
from zeroharm.incidents.importing.stash import STASH_DIR
from zeroharm.incidents.models import ImportMapping, Incident, InvolvedPerson
from zeroharm.incidents.oiics import gb6441_for

MATRIX_URL_NAMES = {
    "incidents:import",
    "incidents:import_map",
    "incidents:import_preview",
    "incidents:import_result",
    "incidents:import_mappings",
    "incidents:import_mapping_delete",
}

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "osha-severe-injury-2015-excerpt.csv"
SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))

OSHA_HEADER = (
    "ID,UPA,EventDate,Employer,Address1,Address2,City,State,Zip,Latitude,Longitude,Primary NAICS,"
    "Hospitalized,Amputation,Inspection,Final Narrative,Nature,NatureTitle,Part of Body,"
    "Part of Body Title,Event,EventTitle,Source,SourceTitle,Secondary Source,Secondary Source Title"
)
# Three rows of the 2015 file as published (a narrative over two lines, a cp1252 ’, doubled quotes).
OSHA_ROWS = [
    "2015010015,931176,1/1/2015,FCI Otisville Federal Correctional Institution,Two Mile Drive,,OTISVILLE,NEW YORK,"
    '10963,41.46,-74.53,922140,1.00,0.00,1018519,"Three correctional facility guards were escorting a restrained '
    "federal prison inmate when he became disruptive, requiring the use of force. \r\nTwo guards and the inmate fell "
    "onto the Lieutenant's right leg, fracturing his fibula. He was transported to the hospital and released the "
    'following day.",111,Fractures,513,Lower leg(s),1214,"Injured by physical contact with person while restraining, '
    'subduing-unintentional",5721,Co-worker,5772,Inmate or detainee in custody',
    '2015010072,930100,1/5/2015,"NBTY, INC.",4320 VETERANS HWY.,,HOLBROOK,NEW YORK,11741,40.78,-73.08,325411,2.00,'
    "0.00,1016261,An employee was operating an electric ride on powered industrial truck (PIT). Employee became pinned "
    'between the PIT and a steel racking system while attempting to avoid hitting another employee.,10,"Traumatic '
    'injuries and disorders, unspecified",9999,Nonclassifiable,2721,Part of occupant’s body caught between vehicle '
    'and other object in nonroadway transport incident,8622,Powered industrial carrier,2219,"Cases, cabinets, racks, '
    'shelves, n.e.c."',
    "2015010010,973257,1/8/2015,Mate Trailers Inc.,8910 Point Six Circle,,HOUSTON,TEXAS,77240,29.90,-95.62,336212,"
    '0.00,1.00,,"Employee was utilizing a portable band saw ""laydown saw""  to cut aluminum to be used on belt '
    'trailers when he cut the tip of his middle finger on the right hand.",1311,Amputations,4422,Fingertip(s),6252,'
    "Injured by slipping or swinging object held by injured worker,3572,Band saws,,",
]
OSHA_COLUMNS = {
    "occurred_at": ["eventdate"],
    "description": ["final narrative"],
    "location": ["address1", "address2", "city", "state"],
    "event_type": ["eventtitle"],
    "agent": ["sourcetitle"],
    "event_code": ["event"],
    "source_code": ["source"],
    "external_ref": ["upa"],
    "nature": ["naturetitle"],
    "body_part": ["part of body title"],
    "hospitalized": ["hospitalized"],
    "amputation": ["amputation"],
}
COMPUTED_INCIDENT = ["deaths", "serious_injuries", "minor_injuries", "recordable_cases", "grade", "supplementary_due"]
COMPUTED_PERSON = [
    "lost_workdays",
    "injury_class",
    "stat_class",
    "recordable",
    "recordability_reason",
    "osha_column",
    "osha_days_away",
    "osha_restricted_days",
    "on_osha_log",
]


@pytest.fixture(autouse=True)
def own_media_root(settings, tmp_path):
    """Each test its own MEDIA_ROOT, so that the uploads held between the steps can be counted."""
    settings.MEDIA_ROOT = tmp_path / "media"


def osha_csv(*rows: str, header: str = OSHA_HEADER) -> bytes:
    return "\r\n".join([header, *rows, ""]).encode("cp1252")


def osha_excerpt() -> bytes:
    """The committed excerpt: 300 records of the 2015 file, byte for byte (Windows-1252)."""
    return FIXTURE.read_bytes()


def osha_records(data: bytes) -> list[dict]:
    """The file read independently of the product: the standard csv module, Windows-1252."""
    return list(csv.DictReader(io.StringIO(data.decode("cp1252"), newline="")))


def upload(client, content: bytes, name="severeinjury-2015.csv", encoding="cp1252", mapping=""):
    return client.post(
        reverse("incidents:import"),
        {"file": SimpleUploadedFile(name, content), "encoding": encoding, "mapping": mapping},
    )


def column_data(client, map_url: str, **changes) -> dict:
    """What the column page proposes (its initial values), with `changes`."""
    response = client.get(map_url)
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: field.initial for name, field in form.fields.items() if field.initial not in (None, "")}
    data.update({name: value for name, value in form.initial.items() if value not in (None, "")})
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def import_through_pages(client, content: bytes, unit, *, name="severeinjury-2015.csv", encoding="cp1252", **changes):
    """Upload → columns (as proposed, unit chosen) → preview → import. Returns (preview response, import response).

    The dates are read month first, as the OSHA files write them (three rows of January cannot tell it)."""
    changes.setdefault("date_order", "mdy")
    response = upload(client, content, name=name, encoding=encoding)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    map_url = response["Location"]
    response = client.post(map_url, column_data(client, map_url, unit=unit.pk, **changes))
    assert response.status_code == 302, response.context["form"].errors
    preview_url = response["Location"]
    preview = client.get(preview_url)
    return preview, client.post(preview_url)


def mapping(world, columns=None, unit="A1", **fixed) -> ColumnMapping:
    fixed.setdefault("date_order", "mdy")  # the OSHA files write month first
    return ColumnMapping(columns=dict(columns or OSHA_COLUMNS), unit=world.units[unit], **fixed)


def run(world, content: bytes, *, user="safety", commit=True, name="osha.csv", encoding="cp1252", **kwargs):
    headers, rows = read_file(SimpleUploadedFile(name, content), encoding)
    return import_incidents(mapping(world, **kwargs), headers, rows, world.users[user], commit=commit)


def stash_files() -> list[str]:
    try:
        return default_storage.listdir(STASH_DIR)[1]
    except FileNotFoundError:
        return []


#
# Pure parsing (no database)
#


@pytest.mark.parametrize(
    ("text", "expected", "time_unknown"),
    [
        ("1/31/2015", datetime.datetime(2015, 1, 31, 12, 0), True),
        ("2015-01-31", datetime.datetime(2015, 1, 31, 12, 0), True),
        ("2015/1/31", datetime.datetime(2015, 1, 31, 12, 0), True),
        ("2015年1月31日", datetime.datetime(2015, 1, 31, 12, 0), True),
        ("42035", datetime.datetime(2015, 1, 31, 12, 0), True),  # an Excel serial day
        ("42035.75", datetime.datetime(2015, 1, 31, 18, 0), False),
        ("2015-01-31 14:30", datetime.datetime(2015, 1, 31, 14, 30), False),
        ("2015-01-31T08:15:00", datetime.datetime(2015, 1, 31, 8, 15), False),  # an xlsx date-time cell
        ("1/31/2015 2:30 PM", datetime.datetime(2015, 1, 31, 14, 30), False),
        ("2015年1月31日 14:30", datetime.datetime(2015, 1, 31, 14, 30), False),
    ],
)
def test_dates_and_times_in_the_usual_spellings(text, expected, time_unknown):
    moment, unknown = parse_when(text, order="mdy", tz=SHANGHAI)  # the OSHA files write month first
    assert moment == expected.replace(tzinfo=SHANGHAI)
    assert unknown is time_unknown


@pytest.mark.parametrize("text", ["31/31/2015", "yesterday", "2015", "13/1/2015", "2015-02-30"])
def test_what_is_no_date(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_when(text, order="mdy", tz=SHANGHAI)


def test_counts():
    assert [parse_count(v) for v in ("1.00", "0.00", "", "3", "2.0")] == [1, 0, 0, 3, 2]
    for text, why in (
        ("-1.00", "negative"),
        ("1.5", "not a whole number"),
        ("two", "not a number"),
        ("5000", "more than 100 people"),
    ):
        with pytest.raises(ValueError, match=why):
            parse_count(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Amputations", InjuryNature.AMPUTATION),
        ("Fractures", InjuryNature.FRACTURE),
        ("Fractures and dislocations", InjuryNature.MULTIPLE),
        ("Cuts, lacerations", InjuryNature.CUT),
        ("Puncture wounds, except gunshot wounds", InjuryNature.PUNCTURE),
        ("Crushing injuries", InjuryNature.CRUSH),
        ("Heat (thermal) burns, unspecified", InjuryNature.BURN),
        ("Chemical burns and corrosions, unspecified", InjuryNature.CHEMICAL_BURN),
        ("Electrocutions, electric shocks", InjuryNature.ELECTRIC),
        ("Heat exhaustion, prostration", InjuryNature.HEAT),
        ("Concussions", InjuryNature.CONCUSSION),
        ("Bruises, contusions", InjuryNature.CONTUSION),
        ("Soreness, pain, hurt-nonspecified injury", InjuryNature.OTHER),
        ("骨折", InjuryNature.FRACTURE),
        ("左手被压伤", InjuryNature.CRUSH),
        ("", ""),
    ],
)
def test_nature_of_injury_onto_the_closed_list(text, expected):
    assert nature_for(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Finger(s), fingernail(s), n.e.c.", BodyPart.FINGER),
        ("Fingertip(s)", BodyPart.FINGER),
        ("Hand(s), except finger(s)", BodyPart.HAND),
        ("Hand(s) and finger(s)", BodyPart.MULTIPLE),
        ("Lower leg(s)", BodyPart.LEG),
        ("Thigh(s)", BodyPart.LEG),
        ("Toes(s), toenail(s)", BodyPart.TOE),
        ("Eye(s)", BodyPart.EYE),
        ("Skull", BodyPart.HEAD),
        ("Brain", BodyPart.HEAD),
        ("Wrist(s)", BodyPart.WRIST),
        ("Back, including spine, spinal cord, unspecified", BodyPart.BACK),
        ("Pelvis", BodyPart.HIP),
        ("Chest, except internal location of diseases or disorders", BodyPart.CHEST),
        ("BODY SYSTEMS", BodyPart.INTERNAL),
        ("Multiple body parts, n.e.c.", BodyPart.MULTIPLE),
        ("Nonclassifiable", ""),
        ("Trunk, unspecified", ""),
        ("左手食指", BodyPart.FINGER),
        ("右手", BodyPart.HAND),
        ("左腿", BodyPart.LEG),
        ("右脚", BodyPart.FOOT),
    ],
)
def test_body_part_onto_the_closed_list(text, expected):
    assert body_part_for(text) == expected


def test_the_osha_columns_are_recognised_by_their_names():
    headers = [h.lower() for h in OSHA_HEADER.split(",")]
    assert guess_columns(headers) == OSHA_COLUMNS


def test_doubled_quotes_past_the_first_4_kb_stay_in_their_cell():
    """core.imports sniffs the csv dialect from the first 4 KB; the OSHA file doubles quotes only later."""
    filler = [OSHA_ROWS[0].replace("931176", str(900000 + i)) for i in range(12)]
    headers, rows = read_file(SimpleUploadedFile("osha.csv", osha_csv(*filler, OSHA_ROWS[2])), "cp1252")
    assert len(rows) == 13 and max(len(r) for r in rows) == 26  # empty cells after the last value are left out
    assert 'band saw "laydown saw"  to cut' in rows[-1][headers.index("final narrative")]


#
# The OSHA file through the pages
#


@pytest.mark.django_db
def test_three_osha_rows_land_exactly(world):
    result = run(world, osha_csv(*OSHA_ROWS))
    assert result.errors == [] and result.committed and (result.created, result.people) == (3, 4)
    first = Incident.objects.get(external_ref="931176")
    assert first.occurred_at == datetime.datetime(2015, 1, 1, 12, 0, tzinfo=SHANGHAI)
    assert (first.time_unknown, first.shift, first.kind, first.unit) == (True, "", "injury", world.units["A1"])
    assert first.description.startswith("Three correctional facility guards")
    assert "use of force. \nTwo guards" in first.description  # the line break kept, as \n
    assert first.location == "Two Mile Drive, OTISVILLE, NEW YORK"
    assert first.event_type == "Injured by physical contact with person while restraining, subduing-unintentional"
    assert first.agent == "Co-worker"
    assert first.category == gb6441_for("1214", "5721") == "20"
    assert first.reported_by == world.users["safety"]
    person = first.people.get()
    assert (person.nature, person.body_part, person.injury_text) == ("fracture", "leg", "Fractures; Lower leg(s)")
    assert (person.hospitalized, person.amputation, person.outcome, person.medical_treatment) == (
        True,
        False,
        Outcome.MEDICAL,
        True,
    )
    assert (person.recordable, person.osha_column, first.recordable_cases) == (True, "J", 1)

    pinned = Incident.objects.get(external_ref="930100")
    assert pinned.event_type.startswith("Part of occupant’s body caught")  # Windows-1252 0x92
    assert pinned.location == "4320 VETERANS HWY., HOLBROOK, NEW YORK"
    assert pinned.category == gb6441_for("2721", "8622")
    assert [(p.hospitalized, p.amputation, p.body_part, p.nature) for p in pinned.people.all()] == [
        (True, False, "", "other"),
        (True, False, "", "other"),
    ]
    assert pinned.recordable_cases == 2

    saw = Incident.objects.get(external_ref="973257")
    assert 'band saw "laydown saw"  to cut' in saw.description
    person = saw.people.get()
    assert (person.hospitalized, person.amputation, person.nature, person.body_part) == (
        False,
        True,
        "amputation",
        "finger",
    )


@pytest.mark.django_db
def test_the_osha_excerpt_imports_whole_through_the_pages_and_never_twice(world, client_for):
    content = osha_excerpt()
    records = osha_records(content)
    client = client_for("safety")
    response = upload(client, content)
    assert response.status_code == 302
    map_url = response["Location"]
    page = client.get(map_url)
    assert f"{len(records)} rows" in page.content.decode()
    data = column_data(client, map_url, unit=world.units["A1"].pk, save_as="OSHA severe injury reports")
    assert {k: [data[f"col__{k}__{i}"] for i in range(len(v))] for k, v in OSHA_COLUMNS.items()} == OSHA_COLUMNS
    response = client.post(map_url, data)
    assert response.status_code == 302
    preview_url = response["Location"]

    preview = client.get(preview_url)
    result = preview.context["result"]
    assert result.errors == [] and result.rows == len(records)
    assert Incident.objects.count() == 0  # the preview writes nothing
    assert f"Import {len(records)} incidents" in preview.content.decode()

    started = time.perf_counter()
    response = client.post(preview_url)
    seconds = time.perf_counter() - started
    assert response.status_code == 302 and response["Location"] == reverse(
        "incidents:import_result", args=[preview_url.split("/")[-3]]
    )
    done = client.get(response["Location"])
    people = sum(max(int(float(r["Hospitalized"])), 1) for r in records)  # never the amputation count
    assert f"{len(records)} incidents imported into Workshop A1, with {people} people involved" in (
        done.content.decode()
    )
    print(f"import step: {seconds:.1f} s")  # measured in benchmarks/, never asserted: tests do not time the machine

    assert Incident.objects.count() == len(records)
    assert InvolvedPerson.objects.count() == people
    assert set(Incident.objects.values_list("external_ref", flat=True)) == {r["UPA"] for r in records}
    sample = records[len(records) // 2]
    incident = Incident.objects.get(external_ref=sample["UPA"])
    month, day, year = map(int, sample["EventDate"].split("/"))
    assert incident.occurred_at == datetime.datetime(year, month, day, 12, tzinfo=SHANGHAI)
    assert incident.time_unknown and incident.unit == world.units["A1"]
    assert incident.description == sample["Final Narrative"].replace("\r\n", "\n").strip()
    assert incident.location == ", ".join(sample[c] for c in ("Address1", "Address2", "City", "State") if sample[c])
    assert (incident.event_type, incident.agent) == (sample["EventTitle"].strip(), sample["SourceTitle"].strip())
    assert incident.category == gb6441_for(sample["Event"], sample["Source"])
    hospitalized, amputations = int(float(sample["Hospitalized"])), int(float(sample["Amputation"]))
    persons = list(incident.people.all())
    assert len(persons) == max(hospitalized, 1)
    assert sum(p.hospitalized for p in persons) == hospitalized
    assert [p.amputation for p in persons] == [amputations > 0] + [False] * (len(persons) - 1)
    assert persons[0].injury_text == "; ".join(
        t for t in (sample["NatureTitle"].strip(), sample["Part of Body Title"].strip()) if t
    )
    # Every incident: its people as many as the file counts hospitalised (at least one), an amputation on the first
    # (also when the nature is an amputation that the file forgot to count).
    counted = {
        ref: (n, h, a)
        for ref, n, h, a in Incident.objects.values_list("external_ref").annotate(
            n=Count("people"),
            h=Count("people", filter=Q(people__hospitalized=True)),
            a=Count("people", filter=Q(people__amputation=True)),
        )
    }
    assert counted == {
        r["UPA"]: (
            max(int(float(r["Hospitalized"])), 1),
            int(float(r["Hospitalized"])),
            int(
                float(r["Amputation"]) > 0
                or (nature_for(r["NatureTitle"]) == "amputation" and not float(r["Hospitalized"]))
            ),
        )
        for r in records
    }
    assert max(n for n, _h, _a in counted.values()) >= 2
    # Every narrative and place word for word, curly quotes (Windows-1252 0x93/0x94) included.
    narratives = dict(Incident.objects.values_list("external_ref", "description"))
    assert narratives == {r["UPA"]: r["Final Narrative"].replace("\r\n", "\n").strip() for r in records}
    assert narratives["962863"].startswith("After an employee “the shooter” from another company")

    # One "imported" history row per incident and per person, by the importing user.
    history = Incident.history.filter(history_type="+")
    assert history.count() == len(records)
    assert set(history.values_list("history_change_reason", "history_user__username")) == {("imported", "safety")}
    assert InvolvedPerson.history.count() == people

    # The computed figures are exactly what services.refresh_figures gives, on every incident.
    stored = {
        i.pk: (
            [getattr(i, f) for f in COMPUTED_INCIDENT],
            [[getattr(p, f) for f in COMPUTED_PERSON] for p in i.people.all()],
        )
        for i in Incident.objects.prefetch_related("people")
    }
    assert sum(s[0][3] for s in stored.values()) > 0  # recordable cases were computed
    for incident in Incident.objects.all():
        services.refresh_figures(incident)
    refreshed = {
        i.pk: (
            [getattr(i, f) for f in COMPUTED_INCIDENT],
            [[getattr(p, f) for f in COMPUTED_PERSON] for p in i.people.all()],
        )
        for i in Incident.objects.prefetch_related("people")
    }
    assert refreshed == stored

    # The file is gone from the server; the mapping was saved.
    assert stash_files() == []
    saved = ImportMapping.objects.get(name="OSHA severe injury reports")
    assert saved.columns == OSHA_COLUMNS and saved.fixed == {"unit": "A1", "kind": "injury"}
    assert saved.encoding == "cp1252"

    # The same file again, with the saved mapping: refused whole, every row named, nothing written.
    response = upload(client, content, encoding="auto", mapping=saved.pk)
    map_url = response["Location"]
    page = client.get(map_url)
    assert "Filled in from the saved mapping" in page.content.decode()
    assert page.context["form"].initial["unit"] == world.units["A1"].pk
    response = client.post(map_url, column_data(client, map_url, save_as=""))
    preview = client.get(response["Location"])
    errors = preview.context["result"].errors
    assert len(errors) == len(records)
    assert (
        str(errors[0]) == f"row 2, column upa: '{records[0]['UPA']}' was already imported: an incident with "
        "this external reference exists"
    )
    response = client.post(response["Location"])
    assert response.status_code == 400 and "nothing can be imported" in response.content.decode()
    assert Incident.objects.count() == len(records) and InvolvedPerson.objects.count() == people


@pytest.mark.django_db
def test_a_chinese_workbook_lands_with_its_words(world, client_for):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(
        ["编号", "发生时间", "事故经过", "地点", "事故类别", "伤害性质", "受伤部位", "住院人数", "直接经济损失"]
    )
    sheet.append(
        [
            "ZH-001",
            datetime.datetime(2024, 3, 5, 22, 40),
            "夜班冲压线操作工清理模具时右手被压伤",
            "一车间冲压线",
            "03",
            "压伤",
            "右手",
            1,
            12000.5,
        ]
    )
    sheet.append(
        [
            "ZH-002",
            datetime.date(2024, 4, 1),
            "高处作业时从脚手架坠落，左腿骨折",
            "二号厂房",
            "9 高处坠落",
            "骨折",
            "左腿",
            2,
            None,
        ]
    )
    sheet.append(["ZH-003", 45413, "叉车倒车时撞伤行人", "成品仓库", None, "挫伤", "左脚", 0, None])
    buffer = io.BytesIO()
    book.save(buffer)

    preview, response = import_through_pages(
        client_for("safety"), buffer.getvalue(), world.units["A1a"], name="事故台账.xlsx", encoding="auto"
    )
    assert preview.context["result"].errors == []
    assert "夜班冲压线操作工清理模具时右手被压伤" in preview.content.decode()
    assert response.status_code == 302

    night = Incident.objects.get(external_ref="ZH-001")
    assert night.occurred_at == datetime.datetime(2024, 3, 5, 22, 40, tzinfo=SHANGHAI) and not night.time_unknown
    assert night.shift == services.shift_for(night.occurred_at)
    assert (night.description, night.location, night.category) == (
        "夜班冲压线操作工清理模具时右手被压伤",
        "一车间冲压线",
        "03",
    )
    assert night.direct_loss == Decimal("12000.50")
    person = night.people.get()
    assert (person.nature, person.body_part, person.injury_text, person.hospitalized) == (
        "crush",
        "hand",
        "压伤; 右手",
        True,
    )
    fall = Incident.objects.get(external_ref="ZH-002")
    assert fall.occurred_at == datetime.datetime(2024, 4, 1, 12, tzinfo=SHANGHAI) and fall.time_unknown
    assert fall.category == "09" and fall.people.filter(hospitalized=True, body_part="leg").count() == 2
    forklift = Incident.objects.get(external_ref="ZH-003")
    assert forklift.occurred_at.date() == datetime.date(2024, 5, 1)  # Excel serial 45413
    person = forklift.people.get()
    assert (person.outcome, person.hospitalized, person.nature, person.body_part) == (
        Outcome.FIRST_AID,
        False,
        "contusion",
        "foot",
    )


#
# Bad input: a clear error, and nothing lost or half-written
#


@pytest.mark.django_db
def test_a_wrong_type_or_an_empty_file_is_refused_at_upload(world, client_for):
    client = client_for("safety")
    for name, content, message in (
        ("report.pdf", b"%PDF-1.4 ...", "Only .xlsx workbooks and .csv text files can be imported."),
        ("incidents.xlsx", osha_csv(*OSHA_ROWS), "The file is named .xlsx but is not an Excel workbook."),
        ("empty.csv", b"\r\n\r\n", "The file has no rows."),
        ("headers-only.csv", osha_csv(), "The file has column names but no rows."),
    ):
        response = upload(client, content, name=name)
        assert response.status_code == 400
        assert message in response.context["form"].errors["file"], name
    assert stash_files() == []


@pytest.mark.django_db
def test_a_file_too_large_is_refused(world, client_for, settings):
    settings.IMPORT_MAX_BYTES = 1000
    response = upload(client_for("safety"), osha_csv(*OSHA_ROWS))
    assert response.status_code == 400
    assert any("larger than" in e for e in response.context["form"].errors["file"])


@pytest.mark.django_db
def test_every_refused_row_is_listed_and_nothing_is_written(world):
    Incident.objects.create(
        unit=world.units["A1"], kind="injury", occurred_at=timezone.now(), description="x", external_ref="555555"
    )
    rows = [
        OSHA_ROWS[0],  # row 2: good
        OSHA_ROWS[1].replace("1/5/2015", "31/31/2015"),  # row 3: no date
        OSHA_ROWS[2].replace("0.00,1.00,,", "-1.00,1.00,,"),  # row 4: negative count
        OSHA_ROWS[0].replace("2015010015", "2015010099"),  # row 5: the reference of row 2 again
        OSHA_ROWS[2].replace("973257", "555555"),  # row 6: already in the database
        OSHA_ROWS[2].replace("973257", "973258").replace("1/8/2015", ""),  # row 7: no date at all
    ]
    result = run(world, osha_csv(*rows))
    assert [str(e) for e in result.errors] == [
        "row 3, column eventdate: '31/31/2015' is not a date (e.g. 2015-01-31, 31/01/2015, 2015-01-31 14:30 or an "
        "Excel date)",
        "row 4, column hospitalized: '-1.00' is negative; a count cannot be",
        "row 5, column upa: '931176' is also on row 2: a reference can be imported once",
        "row 6, column upa: '555555' was already imported: an incident with this external reference exists",
        "row 7, column eventdate: the date is empty",
    ]
    assert result.errors[0].value == "31/31/2015" and result.errors[0].column == "eventdate"
    assert not result.committed and result.created == 0
    assert Incident.objects.count() == 1 and InvolvedPerson.objects.count() == 0


@pytest.mark.django_db
def test_refused_rows_on_the_pages_and_in_the_csv(world, client_for):
    client = client_for("safety")
    bad = osha_csv(OSHA_ROWS[0], OSHA_ROWS[1].replace("1/5/2015", "2015-13-45"))
    preview, response = import_through_pages(client, bad, world.units["A1"])
    assert "1 problem found — nothing can be imported" in preview.content.decode()
    assert "row 3, column eventdate: &#x27;2015-13-45&#x27; is not a date" in preview.content.decode()
    assert response.status_code == 400 and Incident.objects.count() == 0
    refused_csv = client.get(preview.request["PATH_INFO"] + "?format=csv")  # the refused row, as in the file
    lines = list(csv.reader(io.StringIO(refused_csv.content.decode("utf-8-sig"))))
    assert lines[0] == [*OSHA_HEADER.split(","), "reason"] and len(lines) == 2
    assert lines[1][2] == "2015-13-45" and lines[1][-1].startswith(
        "row 3, column eventdate: '2015-13-45' is not a date"
    )


@pytest.mark.django_db
def test_a_mapped_column_missing_from_the_file(world, client_for):
    headers = [h.lower() for h in OSHA_HEADER.split(",") if h != "City"]
    with pytest.raises(ImportFileError, match="The file has no column “city”"):
        mapping(world).resolve(headers)
    with pytest.raises(ImportFileError, match="Choose the column for: When it happened"):
        mapping(world, columns={"description": ["final narrative"]}).resolve(headers)

    # A saved mapping used on a file without one of its columns: said on the page, the rest still applies.
    saved = ImportMapping.objects.create(
        name="OSHA", columns=OSHA_COLUMNS, fixed={"unit": "A1"}, encoding="cp1252", owner_unit=world.units["G"]
    )
    no_city = osha_csv(
        *[r.replace(",OTISVILLE,", ",").replace(",HOLBROOK,", ",").replace(",HOUSTON,", ",") for r in OSHA_ROWS],
        header=OSHA_HEADER.replace("City,", ""),
    )
    client = client_for("safety")
    map_url = upload(client, no_city, mapping=saved.pk)["Location"]
    page = client.get(map_url)
    assert "The saved mapping uses the column “city”, which this file does not have." in page.content.decode()
    assert page.context["form"].initial["col__location__2"] == "state"
    # A column the file does not have cannot be posted either.
    response = client.post(map_url, column_data(client, map_url, col__location__3="city"))
    assert response.status_code == 400 and "col__location__3" in response.context["form"].errors


@pytest.mark.django_db
def test_unit_outside_the_import_scope(world, client_for):
    from zeroharm.accounts.models import RoleAssignment, User

    user = User.objects.create_user("safety_a", "safety_a@example.com", "x")
    RoleAssignment.objects.create(user=user, role="safety_manager", unit=world.units["A"])
    world.users["safety_a"] = user
    with pytest.raises(PermissionDenied):
        run(world, osha_csv(*OSHA_ROWS), user="safety_a", unit="B1")
    assert run(world, osha_csv(*OSHA_ROWS), user="safety_a", unit="A2", commit=False).errors == []
    client = client_for("safety")
    client.force_login(user)
    map_url = upload(client, osha_csv(*OSHA_ROWS))["Location"]
    response = client.post(map_url, column_data(client, map_url, unit=world.units["B1"].pk))
    assert response.status_code == 400 and "unit" in response.context["form"].errors
    assert Incident.objects.count() == 0


#
# The uploaded file: held on the server for its user only, and removed
#


@pytest.mark.django_db
def test_the_upload_is_only_its_uploaders_and_is_removed(world, client_for):
    safety, admin = client_for("safety"), client_for("admin")
    map_url = upload(safety, osha_csv(*OSHA_ROWS))["Location"]
    assert len(stash_files()) == 1 and stash_files()[0].startswith(f"{world.users['safety'].pk}-")
    for url in (map_url, map_url.replace("/columns/", "/preview/")):
        response = admin.get(url)  # another user with import rights, same token: not theirs
        assert response.status_code == 302 and response["Location"] == reverse("incidents:import")
    response = safety.post(map_url, {"cancel": "1"})
    assert response.status_code == 302 and stash_files() == []
    assert safety.get(map_url)["Location"] == reverse("incidents:import")


@pytest.mark.django_db
def test_abandoned_uploads_are_swept_after_a_day(world, client_for):
    client = client_for("safety")
    upload(client, osha_csv(*OSHA_ROWS))
    old = default_storage.path(f"{STASH_DIR}/{stash_files()[0]}")
    two_days_ago = time.time() - 2 * 86400
    os.utime(old, (two_days_ago, two_days_ago))
    upload(client, osha_csv(*OSHA_ROWS))
    assert len(stash_files()) == 1 and default_storage.path(f"{STASH_DIR}/{stash_files()[0]}") != old


#
# Saved mappings
#


@pytest.mark.django_db
def test_saved_mappings_are_listed_and_deleted(world, client_for, django_assert_max_num_queries):
    client = client_for("safety")
    ImportMapping.objects.create(
        name="OSHA",
        columns=OSHA_COLUMNS,
        fixed={"unit": "A1"},
        created_by=world.users["admin"],
        owner_unit=world.units["G"],
    )
    with django_assert_max_num_queries(8):
        small = client.get(reverse("incidents:import_mappings"))
    for i in range(20):
        ImportMapping.objects.create(
            name=f"Mapping {i}",
            columns={"description": ["x"]},
            created_by=world.users["safety"],
            owner_unit=world.units["A" if i % 2 else "B"],
        )
    with django_assert_max_num_queries(8):
        grown = client.get(reverse("incidents:import_mappings"))
    assert "OSHA" in small.content.decode() and "Mapping 19" in grown.content.decode()
    assert "Unit: A1" in small.content.decode()
    target = ImportMapping.objects.get(name="OSHA")
    url = reverse("incidents:import_mapping_delete", args=[target.pk])
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302 and not ImportMapping.objects.filter(name="OSHA").exists()
    assert client.get(url).status_code == 404


#
# Permission matrix: anonymous → login, no IMPORT → 403, safety manager and administrator → 200
#


@pytest.fixture
def pages(world, client_for):
    """Every page's URL, with an upload in progress and a finished import of the safety manager's."""
    client = client_for("safety")
    _preview, response = import_through_pages(client, osha_csv(*OSHA_ROWS), world.units["A1"])
    result_url = response["Location"]
    map_url = upload(client, osha_csv(OSHA_ROWS[0].replace("931176", "1")))["Location"]
    client.post(map_url, column_data(client, map_url, unit=world.units["A1"].pk, date_order="mdy"))
    saved = ImportMapping.objects.create(
        name="OSHA", columns=OSHA_COLUMNS, fixed={"unit": "A1"}, owner_unit=world.units["G"]
    )
    return client, {
        "incidents:import": reverse("incidents:import"),
        "incidents:import_map": map_url,
        "incidents:import_preview": map_url.replace("/columns/", "/preview/"),
        "incidents:import_result": result_url,
        "incidents:import_mappings": reverse("incidents:import_mappings"),
        "incidents:import_mapping_delete": reverse("incidents:import_mapping_delete", args=[saved.pk]),
    }


@pytest.mark.django_db
def test_every_import_page_for_every_kind_of_visitor(world, client, client_for, pages):
    safety, urls = pages
    assert set(urls) == MATRIX_URL_NAMES
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/login/"), name
        for persona in ("leader_a", "director_a1", "worker_a1a", "auditor", "leader_b"):
            assert client_for(persona).get(url).status_code == 403, (name, persona)
            assert client_for(persona).post(url, {}).status_code == 403, (name, persona)
        assert safety.get(url).status_code == 200, name
    admin = client_for("admin")
    for name in ("incidents:import", "incidents:import_mappings", "incidents:import_mapping_delete"):
        assert admin.get(urls[name]).status_code == 200, name
    assert ImportMapping.objects.filter(name="OSHA").exists()  # no POST above deleted it
