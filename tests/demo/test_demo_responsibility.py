"""The demo's responsibility lists (issue 14): the first leader's list from the law's default and the lists of two
main posts in force twenty days before the build date, acknowledged by the workshop director and the team monitor,
not yet by the others; the coverage page of the group shows red where holders are late."""

from __future__ import annotations

import datetime

import pytest

from .conftest import TODAY

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def test_three_lists_in_force_some_acknowledged(demo):
    from zeroharm.responsibility.models import Acknowledgement, DutyList

    lists = {d.code: d for d in DutyList.objects.select_related("current")}
    assert set(lists) == {"FL-ZH", "TL-ZH", "WELDER-ZH"}
    assert all(d.current.status == "in_force" for d in lists.values())
    assert lists["FL-ZH"].current.effective_on == TODAY - datetime.timedelta(days=20)
    assert lists["FL-ZH"].current.duties.count() == 7
    assert "全员安全生产责任制" in lists["FL-ZH"].current.duties.order_by("order").first().text
    signers = set(Acknowledgement.objects.values_list("signature__signer__username", flat=True))
    assert signers == {"director", "monitor"}


def test_the_groups_coverage_has_signed_and_late_holders(demo):
    from zeroharm.accounts.models import User
    from zeroharm.org.models import OrgUnit
    from zeroharm.responsibility.selectors.coverage import coverage_of

    rolled = coverage_of(OrgUnit.objects.get(code="ZH"), User.objects.get(username="safety"), today=TODAY)
    total = rolled.total
    assert total.signed >= 2 and total.unsigned_late > 0 and total.without_list > 0
    assert total.status == "red"


def test_this_years_agreements_cascade_through_the_tree_with_a_branch_unsigned(demo):
    from zeroharm.org.models import OrgUnit
    from zeroharm.responsibility.models import Agreement

    year = TODAY.year
    units = OrgUnit.objects.filter(is_archived=False, depth__gt=1).count()
    this_year = Agreement.objects.filter(year=year)
    assert this_year.count() == units  # every unit below the group has its agreement
    by_level = {}
    for level, status in this_year.values_list("level", "status"):
        by_level.setdefault(level, set()).add(status)
    assert by_level["group_branch"] == {"signed"}
    assert "signed" in by_level["workshop_team"]
    unsigned = this_year.exclude(status="signed")
    assert unsigned.exists() and all(a.recipient.code.startswith("CHEM") for a in unsigned.select_related("recipient"))
    signed = this_year.filter(status="signed").select_related("party_a_signature", "party_b_signature").first()
    assert signed.party_a_signature.meaning == "party_a" and signed.party_b_signature.meaning == "party_b"


def test_last_years_agreements_are_assessed_and_ranked(demo):
    from zeroharm.responsibility.models import Agreement, Assessment

    last = TODAY.year - 1
    assert Agreement.objects.filter(year=last).exclude(status="signed").count() == 0
    year_end = Assessment.objects.filter(agreement__year=last, period="year").select_related("agreement")
    assert year_end.count() == Agreement.objects.filter(year=last).count()
    assert Assessment.objects.filter(agreement__year=last, period="half_year").count() == year_end.count()
    branches = [a for a in year_end if a.agreement.level == "group_branch"]
    assert all(a.confirmed_at is not None for a in branches)
    assert sorted(a.rank for a in branches if a.rank)[0] == 1 and all(a.peers == len(branches) for a in branches)
    assert {a.computed_at.date() for a in year_end} == {datetime.date(TODAY.year, 1, 6)}
    assert all(a.results.count() == 5 for a in branches)
