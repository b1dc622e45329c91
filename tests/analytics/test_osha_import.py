"""The OSHA Severe Injury Reports, imported through the product's own pages, appear in the analysis: counted in
the breakdowns by their GB 6441 category, found as similar incidents, and teaching the category suggester."""

from __future__ import annotations

import csv
import datetime
import io
from collections import Counter

import pytest

from tests.support.incident_import import import_through_pages, osha_excerpt, own_media_root  # noqa: F401
from zeroharm.analytics import selectors, similarity
from zeroharm.analytics.selectors import Scope
from zeroharm.incidents.models import Incident
from zeroharm.incidents.oiics import gb6441_for

pytestmark = pytest.mark.django_db


def test_imported_osha_rows_appear_in_the_analysis(world, client_for, var_dir, django_capture_on_commit_callbacks):
    data = osha_excerpt()
    # On commit the import tells the analysis, whose worker job (run at once by the tests' backend) indexes them.
    with django_capture_on_commit_callbacks(execute=True):
        preview, done = import_through_pages(client_for("safety"), data, world.unit("A1"))
    assert done.status_code == 302
    records = list(csv.DictReader(io.StringIO(data.decode("cp1252"), newline="")))
    assert Incident.objects.count() == len(records) == 300

    # Breakdowns: the 2015 rows, by GB 6441 category, exactly as the OIICS mapping classifies them.
    scope = Scope(world.unit("G"), datetime.date(2015, 1, 1), datetime.date(2015, 12, 31))
    data_by = selectors.breakdowns(world.users["admin"], scope)
    assert data_by["kind"].total == 300
    expected = Counter(gb6441_for(r["Event"], r["Source"]) for r in records)
    assert {r.key: r.count for r in data_by["category"].rows if r.count} == dict(expected)

    # Similar incidents: a narrative of the file finds its own incident first.
    sample = records[17]
    hits = similarity.similar_to_text(sample["Final Narrative"], world.users["admin"], k=3)
    assert hits and hits[0][0].external_ref.endswith(sample["UPA"])

    # The suggester learns from the imported, classified rows (there are no others here).
    suggestions = similarity.suggest_category("Employee fell from a ladder to the concrete floor below")
    assert suggestions and suggestions[0][0] == "09"
