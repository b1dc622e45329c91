"""A file whose dates are day/month/year lands on the right days: the order detected from the column (or chosen on
the column page), a column that cannot tell day from month stops the preview with the question, and the preview
shows every date in the user's own format, with the month by name."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.support.incident_import import SHANGHAI, column_data, upload
from zeroharm.core.imports import ImportFileError
from zeroharm.incidents.importing import ColumnMapping, import_incidents, read_file
from zeroharm.incidents.models import Incident

pytestmark = pytest.mark.django_db

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "dmy-incidents.csv"
COLUMNS = {
    "external_ref": ["ref"],
    "occurred_at": ["date", "time"],
    "description": ["narrative"],
    "location": ["location"],
}


def ambiguous() -> bytes:
    """The fixture without the rows whose day is above 12: nothing left tells day from month."""
    return b"".join(
        line for line in FIXTURE.read_bytes().splitlines(keepends=True) if not line.startswith((b"EU-03", b"EU-06"))
    )


def run(world, content: bytes, **options):
    headers, rows = read_file(SimpleUploadedFile("dmy.csv", content))
    mapping = ColumnMapping(columns=COLUMNS, unit=world.units["A1"], **options)
    return import_incidents(mapping, headers, rows, world.users["safety"], commit=True)


def landed() -> dict[str, tuple[datetime.datetime, bool]]:
    return {i.external_ref: (i.occurred_at, i.time_unknown) for i in Incident.objects.all()}


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=SHANGHAI)


def test_the_day_month_year_fixture_lands_on_its_days(world):
    result = run(world, FIXTURE.read_bytes())  # the order detected: 25/04/2015 has its day first
    assert result.errors == [] and result.committed
    assert landed() == {
        "EU-01": (at(2015, 4, 3, 7, 45), False),
        "EU-02": (at(2015, 4, 12, 14, 30), False),
        "EU-03": (at(2015, 4, 25, 12, 0), True),
        "EU-04": (at(2015, 5, 1, 11, 5), False),
        "EU-05": (at(2015, 1, 5, 23, 50), False),
        "EU-06": (at(2014, 12, 31, 0, 15), False),
    }


def test_a_column_that_cannot_tell_day_from_month_is_asked_not_guessed(world):
    with pytest.raises(ImportFileError, match="The dates in column “date” can be read day first or month first"):
        run(world, ambiguous())
    assert Incident.objects.count() == 0
    assert run(world, ambiguous(), date_order="dmy").committed
    assert landed()["EU-05"] == (at(2015, 1, 5, 23, 50), False)


def test_the_pages_ask_for_the_order_and_preview_in_the_users_format(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("safety")
    map_url = upload(client, ambiguous(), name="dmy.csv", encoding="auto")["Location"]
    data = column_data(client, map_url, unit=world.units["A1"].pk, col__occurred_at__1="time")
    assert data["date_order"] == "detect"
    response = client.post(map_url, data)
    preview = client.get(response["Location"], follow=True)
    assert preview.redirect_chain[-1][0] == map_url  # back to the columns, with the question
    assert "can be read day first or month first (e.g. 03/04/2015)" in preview.content.decode()

    preview_url = client.post(map_url, {**data, "date_order": "dmy"})["Location"]
    page = client.get(preview_url).content.decode()
    assert "April 3, 2015, 7:45 a.m." in page and "Jan. 5, 2015, 11:50 p.m." in page  # Django's own format
    assert "03/04/2015" not in page
    assert client.post(preview_url).status_code == 302
    assert Incident.objects.get(external_ref="EU-01").occurred_at == at(2015, 4, 3, 7, 45)
    world.users["safety"].language = "zh-hans"
    world.users["safety"].save()
    map_url = upload(client, FIXTURE.read_bytes().replace(b"EU-", b"CN-"), name="dmy.csv")["Location"]
    client.post(map_url, column_data(client, map_url, unit=world.units["A1"].pk, col__occurred_at__1="time"))
    assert "2015年4月25日" in client.get(map_url.replace("/columns/", "/preview/")).content.decode()
    assert reverse("incidents:import")
