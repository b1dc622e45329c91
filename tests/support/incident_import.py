"""The OSHA severe-injury rows and the helpers that upload, map and import them through the pages or the service."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zeroharm.incidents.importing import (
    ColumnMapping,
    import_incidents,
    read_file,
)

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "osha-severe-injury-2015-excerpt.csv"

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
