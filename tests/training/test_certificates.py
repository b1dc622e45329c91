"""Certificates: dates computed by the rules, reviews (refused at two violations), renewal, scan, reminders."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from zeroharm.notifications.models import Notification
from zeroharm.training.choices import CertificateKind, CertificateStatus, ReviewOutcome
from zeroharm.training.hooks import certificate_reminder_scan
from zeroharm.training.services.certificates import (
    certificate_renew,
    certificate_review,
    certificate_save,
    certificate_scan,
)

pytestmark = pytest.mark.django_db
D = dt.date
LEAP = D(2024, 2, 29)


def add(world, issued=LEAP, kind=CertificateKind.SPECIAL_OPERATION, who="leader_a", code="A1a", **extra):
    data = {
        "person": world.people[code],
        "kind": kind,
        "number": extra.pop("number", "T-1"),
        "issuer": "City bureau",
        "issued_on": issued,
        **extra,
    }
    return certificate_save(data=data, acting_user=world.users[who])


@pytest.mark.parametrize(
    ("kind", "issued", "extra", "dates"),
    [
        # docs/standards/training.md, the special-operation vectors: due +3 y, apply from due − 60 d, valid +6 y
        (CertificateKind.SPECIAL_OPERATION, D(2024, 5, 10), {}, (D(2027, 5, 10), D(2027, 3, 11), D(2030, 5, 10))),
        (CertificateKind.SPECIAL_OPERATION, D(2024, 2, 29), {}, (D(2027, 2, 28), D(2026, 12, 30), D(2030, 2, 28))),
        (CertificateKind.SPECIAL_OPERATION, D(2023, 12, 31), {}, (D(2026, 12, 31), D(2026, 11, 1), D(2029, 12, 31))),
        (
            CertificateKind.SPECIAL_OPERATION,
            D(2024, 5, 10),
            {"extended_review": True},
            (D(2030, 5, 10), D(2030, 3, 11), D(2030, 5, 10)),
        ),
        # special equipment: +4 y, apply by − 1 month
        (CertificateKind.SPECIAL_EQUIPMENT, D(2024, 2, 29), {}, (D(2028, 2, 29), D(2028, 1, 29), D(2028, 2, 29))),
        (CertificateKind.SPECIAL_EQUIPMENT, D(2023, 3, 31), {}, (D(2027, 3, 31), D(2027, 2, 28), D(2027, 3, 31))),
        (
            CertificateKind.SAFETY_MANAGER,
            D(2024, 2, 29),
            {"validity_years": 3},
            (D(2027, 2, 28), D(2026, 12, 30), D(2027, 2, 28)),
        ),
    ],
)
def test_dates_are_computed_from_the_issue_date(world, kind, issued, extra, dates):
    cert = add(world, issued, kind, **extra)
    assert (cert.review_due, cert.apply_from, cert.valid_until) == dates


def test_typed_dates_are_ignored_and_an_edit_computes_them_again(world):
    cert = add(world, D(2024, 5, 10), valid_until=D(2099, 1, 1))
    assert cert.valid_until == D(2030, 5, 10)
    cert = certificate_save(
        instance=cert,
        data={"issued_on": D(2024, 2, 29)},
        acting_user=world.users["leader_a"],
        expected_version=cert.version,
    )
    assert (cert.review_due, cert.valid_until) == (D(2027, 2, 28), D(2030, 2, 28))
    assert cert.history.count() == 2


def test_other_certificates_need_their_validity_and_scope_holds(world):
    with pytest.raises(ValidationError) as refused:
        add(world, kind=CertificateKind.OTHER)
    assert "validity_years" in refused.value.message_dict
    with pytest.raises(PermissionDenied):
        add(world, who="leader_b")  # a person of branch A


def test_a_review_is_refused_at_two_verified_violations(world):
    cert = add(world, verified_violations=2)
    review = certificate_review(
        certificate=cert, reviewed_on=D(2027, 1, 5), outcome=ReviewOutcome.PASSED, acting_user=world.users["leader_a"]
    )
    assert review.outcome == ReviewOutcome.REFUSED
    assert "2 verified violations" in review.reason


def test_one_violation_does_not_refuse_and_a_refusal_needs_a_reason(world):
    cert = add(world, verified_violations=1)
    cert.reminded = [90, 60]
    cert.save()
    with pytest.raises(ValidationError):
        certificate_review(
            certificate=cert,
            reviewed_on=D(2027, 1, 5),
            outcome=ReviewOutcome.REFUSED,
            acting_user=world.users["leader_a"],
        )
    review = certificate_review(
        certificate=cert, reviewed_on=D(2027, 1, 5), outcome=ReviewOutcome.PASSED, acting_user=world.users["leader_a"]
    )
    assert review.outcome == ReviewOutcome.PASSED
    cert.refresh_from_db()
    assert cert.reminded == []  # the expiry's reminders start afresh
    with pytest.raises(PermissionDenied):
        certificate_review(
            certificate=cert,
            reviewed_on=D(2027, 1, 6),
            outcome=ReviewOutcome.PASSED,
            acting_user=world.users["worker_a1a"],
        )


def test_renewal_supersedes_the_old_certificate(world):
    old = add(world, D(2021, 5, 10))
    new = certificate_renew(
        certificate=old, data={"number": "T-2", "issued_on": D(2027, 5, 1)}, acting_user=world.users["leader_a"]
    )
    old.refresh_from_db()
    assert old.status == CertificateStatus.SUPERSEDED
    assert (new.supersedes, new.person, new.kind, new.valid_until) == (old, old.person, old.kind, D(2033, 5, 1))
    with pytest.raises(ValidationError):
        certificate_renew(
            certificate=old, data={"number": "T-3", "issued_on": D(2027, 5, 2)}, acting_user=world.users["leader_a"]
        )


def test_the_scan_goes_through_core_uploads(world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    cert = add(world)
    with pytest.raises(ValidationError):
        certificate_scan(
            certificate=cert, upload=SimpleUploadedFile("x.pdf", b"not a pdf"), acting_user=world.users["leader_a"]
        )
    cert = certificate_scan(
        certificate=cert, upload=SimpleUploadedFile("c.pdf", b"%PDF-1.4 ok"), acting_user=world.users["leader_a"]
    )
    # A made name: the uploaded "c.pdf" could otherwise match the end of a hex name by chance.
    assert re.fullmatch(r"training/certificates/[0-9a-f]{32}\.pdf", cert.scan.name)


def run_on(day):
    with time_machine.travel(dt.datetime(day.year, day.month, day.day, 2, 0), tick=False):
        return certificate_reminder_scan()


def inbox(user, event):
    return list(Notification.objects.filter(recipient=user, event=event).values_list("title", flat=True))


@pytest.fixture
def welder_with_leader(world):
    from zeroharm.org.services import unit_update

    team = world.unit("A1a")
    unit_update(
        instance=team,
        data={"principal": world.people["A1a"]},
        acting_user=world.users["admin"],
        expected_version=team.version,
    )
    workshop = world.unit("A1")
    monitor = world.people["A1"]
    monitor.user = world.users["monitor_a1a"]
    monitor.save()
    unit_update(
        instance=workshop,
        data={"principal": monitor},
        acting_user=world.users["admin"],
        expected_version=workshop.version,
    )
    return add(world, D(2024, 5, 10))  # review due 2027-05-10


def test_reminders_at_90_60_and_30_days_each_once_then_an_escalation(world, welder_with_leader):
    worker, monitor, safety = world.users["worker_a1a"], world.users["monitor_a1a"], world.users["safety"]
    due = D(2027, 5, 10)
    assert run_on(due - dt.timedelta(days=91)).startswith("0 certificates reminded")
    run_on(due - dt.timedelta(days=90))
    run_on(due - dt.timedelta(days=89))
    assert len(inbox(worker, "training.certificate_due")) == 1
    run_on(due - dt.timedelta(days=60))
    run_on(due - dt.timedelta(days=30))
    run_on(due)
    assert len(inbox(worker, "training.certificate_due")) == 3
    assert "due on 2027-05-10" in inbox(worker, "training.certificate_due")[0]
    assert inbox(safety, "training.certificate_lapsed") == []
    run_on(due + dt.timedelta(days=1))
    run_on(due + dt.timedelta(days=2))
    lapsed = inbox(worker, "training.certificate_lapsed")
    assert len(lapsed) == 1 and "Lapsed since 2027-05-10" in lapsed[0]
    assert len(inbox(monitor, "training.certificate_lapsed")) == 1  # the unit above's principal
    assert len(inbox(safety, "training.certificate_lapsed")) == 1  # the safety manager over the unit
    assert inbox(world.users["leader_b"], "training.certificate_lapsed") == []
    welder_with_leader.refresh_from_db()
    assert welder_with_leader.reminded == [90, 60, 30, 0]


def test_a_late_first_scan_sends_one_reminder_and_a_passed_review_moves_to_the_expiry(world, welder_with_leader):
    worker = world.users["worker_a1a"]
    run_on(D(2027, 4, 20))  # 20 days left
    assert len(inbox(worker, "training.certificate_due")) == 1
    certificate_review(
        certificate=welder_with_leader,
        reviewed_on=D(2027, 4, 25),
        outcome=ReviewOutcome.PASSED,
        acting_user=world.users["leader_a"],
    )
    run_on(D(2027, 5, 11))
    assert inbox(worker, "training.certificate_lapsed") == []  # reviewed: valid until 2030-05-10
    run_on(D(2030, 2, 9))
    assert "due on 2030-05-10" in inbox(worker, "training.certificate_due")[0]


def test_without_a_principal_the_units_leaders_by_role_are_reminded(world):
    add(world, D(2024, 5, 10))
    run_on(D(2027, 5, 10) - dt.timedelta(days=30))
    assert len(inbox(world.users["monitor_a1a"], "training.certificate_due")) == 1  # supervisor of team A1a
    assert inbox(world.users["director_a1"], "training.certificate_due") == []  # the workshop's, not the team's
