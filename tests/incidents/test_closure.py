"""The four gates (incidents.services.closure): confirming one gate reads that gate's facts only, and confirming
it again replaces the confirmation."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.support.incidents import investigate_to_closable
from zeroharm.incidents import services
from zeroharm.incidents.choices import CauseFactor, CauseLevel, CauseType, Gate
from zeroharm.incidents.models import GateSign

pytestmark = pytest.mark.django_db


def _report(world):
    return services.incident_report(
        acting_user=world.users["director_a1"],
        kind="injury",
        unit=world.unit("A1a"),
        occurred_at=timezone.now() - datetime.timedelta(hours=2),
        description="Right hand caught in press",
    )


def _sign(world, incident, gate, evidence="Report", user="leader_a"):
    with CaptureQueriesContext(connection) as queries:
        services.gate_sign(incident=incident, acting_user=world.users[user], gate=gate, evidence=evidence)
    return [q["sql"] for q in queries.captured_queries]


FACTS = ("incidents_cause", "incidents_finding", "actions_actionitem", "incidents_lessonacknowledgement")


def _tables(sql: list[str]) -> set[str]:
    """The tables of the gates' facts these queries read."""
    return {table for table in FACTS if any(f'FROM "{table}"' in q for q in sql)}


def test_confirming_a_gate_reads_only_the_facts_of_that_gate(world):
    incident = investigate_to_closable(world, _report(world))
    assert _tables(_sign(world, incident, Gate.CAUSE)) == {"incidents_cause"}
    assert _tables(_sign(world, incident, Gate.ACCOUNTABILITY)) == {"incidents_finding"}
    assert _tables(_sign(world, incident, Gate.MEASURES)) == {"actions_actionitem"}
    assert _tables(_sign(world, incident, Gate.EDUCATION)) == {"incidents_lessonacknowledgement"}
    assert all(check.passed for check in services.gate_checks(incident))


def test_a_gate_is_refused_for_its_own_facts_whatever_the_others(world):
    incident = services.investigation_start(incident=_report(world), acting_user=world.users["director_a1"])
    services.cause_add(
        incident=incident,
        acting_user=world.users["director_a1"],
        level=CauseLevel.ROOT,
        factor=CauseFactor.MANAGEMENT,
        cause_type=CauseType.MANAGEMENT_DEFECT,
        description="No guard check",
    )
    _sign(world, incident, Gate.CAUSE)  # the others do not hold yet
    with pytest.raises(ValidationError) as refused:
        _sign(world, incident, Gate.ACCOUNTABILITY)
    assert "responsible" in str(refused.value)


def test_confirming_a_gate_again_replaces_the_confirmation(world):
    incident = investigate_to_closable(world, _report(world))
    _sign(world, incident, Gate.CAUSE, evidence="First report")
    _sign(world, incident, Gate.CAUSE, evidence="Second report", user="safety")
    sign = GateSign.objects.get(incident=incident, gate=Gate.CAUSE)
    assert (sign.evidence, sign.signed_by) == ("Second report", world.users["safety"])
    assert [h.history_type for h in sign.history.order_by("history_id")] == ["+", "~"]


def test_closing_reads_the_confirmations_without_their_signers(world):
    incident = investigate_to_closable(world, _report(world))
    for gate in Gate.values:
        _sign(world, incident, gate)
    with CaptureQueriesContext(connection) as queries:
        closed = services.incident_close(incident=incident, acting_user=world.users["leader_a"])
    assert closed.state == "closed"
    assert not any('FROM "incidents_gatesign"' in q["sql"] and "org_person" in q["sql"] for q in queries)


def test_closing_is_refused_while_a_gate_is_not_confirmed(world):
    incident = investigate_to_closable(world, _report(world))
    for gate in Gate.values[:-1]:
        _sign(world, incident, gate)
    with pytest.raises(ValidationError) as refused:
        services.incident_close(incident=incident, acting_user=world.users["leader_a"])
    assert str(Gate.EDUCATION.label) in str(refused.value) and str(Gate.CAUSE.label) not in str(refused.value)
