"""Who a row's people involved are. OSHA's `Hospitalized` counts employees; `Amputation` counts amputations, not
people (one employee who loses two fingers is reported with 2; a report of three fractured toes carries 9): so the
people follow the hospitalised count, and an amputation is a yes on the first person. A row that names an
amputation but counts nothing is flagged to be checked, not filed as first aid."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.support.incident_import import OSHA_ROWS, osha_csv, run
from zeroharm.incidents.choices import Outcome
from zeroharm.incidents.models import Incident

pytestmark = pytest.mark.django_db

# OSHA_ROWS[2]: UPA 973257, Hospitalized 0.00, Amputation 1.00, nature "Amputations", body part "Fingertip(s)".
SAW = OSHA_ROWS[2]


def people(ref: str) -> list[tuple]:
    return [
        (p.outcome, p.hospitalized, p.amputation, p.medical_treatment)
        for p in Incident.objects.get(external_ref=ref).people.order_by("id")
    ]


def test_the_amputation_count_never_counts_people(world):
    rows = [
        SAW.replace("0.00,1.00,,", "1.00,9.00,,").replace("Amputations", "Fractures"),  # three fractured toes: 9
        SAW.replace("973257", "2").replace("0.00,1.00,,", "0.00,2.00,,"),  # one employee lost two fingers
        SAW.replace("973257", "3").replace("0.00,1.00,,", "2.00,1.00,,"),  # two in hospital, one amputation
    ]
    result = run(world, osha_csv(*rows), date_order="mdy")
    assert result.errors == [] and result.committed and result.people == 4
    medical = Outcome.MEDICAL
    assert people("973257") == [(medical, True, True, True)]
    assert people("2") == [(medical, False, True, True)]
    assert people("3") == [(medical, True, True, True), (medical, True, False, True)]


def test_an_amputation_named_but_not_counted_is_flagged_not_first_aid(world, client_for):
    uncounted = SAW.replace("0.00,1.00,,", "0.00,0.00,,")
    preview = run(world, osha_csv(uncounted), commit=False, date_order="mdy")
    assert preview.errors == []
    assert [str(w) for w in preview.warnings] == [
        "row 2, column naturetitle: 'Amputations' is an amputation, but the file counts no one hospitalised or "
        "amputated: the incident is marked to be checked"
    ]
    assert run(world, osha_csv(uncounted), date_order="mdy").committed
    incident = Incident.objects.get(external_ref="973257")
    assert people("973257") == [(Outcome.MEDICAL, False, True, True)]
    assert incident.import_review
    listed = client_for("safety").get(reverse("incidents:incident_list"), {"import_review": "true"})
    assert [i.pk for i in listed.context["table"].data] == [incident.pk]
