"""Every refused row of an incident import is reported at once, each with its row, column and reason, and the refused
rows can be downloaded as they were in the file with the reasons beside them, to correct and import again."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.support.incident_import import OSHA_ROWS, import_through_pages, osha_csv, run
from zeroharm.core.imports import read_table
from zeroharm.incidents.models import Incident

pytestmark = pytest.mark.django_db


def test_duplicates_are_reported_with_every_other_refusal(world):
    """A reference already imported, or twice in the file, is named in the same preview as the row's other faults:
    not only once those are corrected."""
    Incident.objects.create(
        unit=world.units["A1"], kind="injury", occurred_at=timezone.now(), description="x", external_ref="555555"
    )
    rows = [
        OSHA_ROWS[0].replace("1/1/2015", "1/13/2015"),  # row 2: good
        OSHA_ROWS[1].replace("930100", "555555").replace("1/5/2015", "31/31/2015"),  # row 3: in the database, no date
        OSHA_ROWS[2].replace("973257", "931176").replace("0.00,1.00,,", "-1.00,1.00,,"),  # row 4: row 2's, negative
    ]
    result = run(world, osha_csv(*rows), commit=False)
    assert [str(e) for e in result.errors] == [
        "row 3, column eventdate: '31/31/2015' is not a date (e.g. 2015-01-31, 31/01/2015, 2015-01-31 14:30 or an "
        "Excel date)",
        "row 3, column upa: '555555' was already imported: an incident with this external reference exists",
        "row 4, column hospitalized: '-1.00' is negative; a count cannot be",
        "row 4, column upa: '931176' is also on row 2: a reference can be imported once",
    ]


def test_the_refused_rows_download_as_they_were_with_their_reasons(world, client_for, settings, tmp_path):
    """The csv holds the refused rows themselves, in the file's own columns, with every reason of the row beside
    them: correct it and import only those rows again."""
    settings.MEDIA_ROOT = tmp_path
    rows = [
        OSHA_ROWS[0],  # row 2: good
        OSHA_ROWS[1].replace("1/5/2015", "2015-13-45").replace("2.00,0.00,", "2.50,0.00,"),  # row 3: two faults
        OSHA_ROWS[2].replace("973257", "931176"),  # row 4: row 2's reference, a narrative with "" inside
    ]
    client = client_for("safety")
    preview, _response = import_through_pages(client, osha_csv(*rows), world.units["A1"])
    download = client.get(preview.request["PATH_INFO"] + "?format=csv")
    assert download["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="severeinjury-2015-refused-rows.csv"' in download["Content-Disposition"]
    lines = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"), newline="")))
    original = list(csv.reader(io.StringIO(osha_csv(*rows).decode("cp1252"), newline="")))
    assert lines[0] == [*original[0], "reason"]  # the file's own column names, as written
    # The cells as in the file, a spreadsheet's formula starts guarded by the export writer ('-73.08), which the
    # import's reader takes off again: the corrected file imports as it was.
    assert "'-73.08" in lines[1]
    unguarded = [[c[1:] if c.startswith("'-") else c for c in line[:-1]] for line in lines[1:]]
    assert unguarded == [original[2], original[3]]
    reread = read_table(SimpleUploadedFile("refused.csv", download.content))[1]
    assert [row[:-1] for row in reread] == [original[2], original[3]]
    assert [line[-1] for line in lines[1:]] == [
        "row 3, column eventdate: '2015-13-45' is not a date (e.g. 2015-01-31, 31/01/2015, 2015-01-31 14:30 or an "
        "Excel date); row 3, column hospitalized: '2.50' is not a whole number",
        "row 4, column upa: '931176' is also on row 2: a reference can be imported once",
    ]
    assert 'band saw "laydown saw"  to cut' in lines[2][original[0].index("Final Narrative")]
