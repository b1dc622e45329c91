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
