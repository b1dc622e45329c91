"""Every refused row of an incident import is reported at once, each with its row, column and reason, and the refused
rows can be downloaded as they were in the file with the reasons beside them, to correct and import again."""

from __future__ import annotations

import pytest
from django.utils import timezone

from tests.test_incident_import import OSHA_ROWS, osha_csv, run
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
