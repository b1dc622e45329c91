"""The review scan: remind before a risk point's review is due, escalate when it is overdue.

Run by `zeroharm scan` (cron or a systemd timer). Idempotent: each point is reminded once and escalated
once per assessment (the dates are kept on the point), however often the scan runs.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.utils.translation import gettext_noop

from zeroharm.notifications.services import notify
from zeroharm.org.models import OrgUnit
from zeroharm.risks.choices import RiskColor
from zeroharm.risks.models import RiskPoint
from zeroharm.risks.services import control_levels

__all__ = ["REMIND_DAYS_BEFORE", "review_scan"]

REMIND_DAYS_BEFORE = 7
KIND_DEPTH = {"group": 1, "branch": 2, "workshop": 3, "team": 4}


def _not_done_since_assessment(field: str) -> Q:
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__lt": F("assessed_on")})


def _principal_users(units: list[OrgUnit]) -> list:
    return [u.principal_user for u in units if u.principal_user]


def _controlling_unit(point: RiskPoint, ancestors: dict[str, OrgUnit]) -> OrgUnit:
    """The unit at the level that controls this colour: the point's own unit, or its ancestor at that level."""
    kind = control_levels()[point.color][0]
    depth = min(KIND_DEPTH[kind], point.unit.depth)
    return ancestors.get(point.unit.path[: depth * OrgUnit.steplen], point.unit)


@transaction.atomic
def review_scan(*, today: datetime.date) -> str:
    live = RiskPoint.objects.filter(is_archived=False).exclude(color="").exclude(review_due=None)
    due_soon = live.filter(review_due__gt=today, review_due__lte=today + datetime.timedelta(days=REMIND_DAYS_BEFORE))
    due_soon = list(
        due_soon.filter(_not_done_since_assessment("review_reminded_on")).select_related("unit__principal__user")
    )
    overdue = list(
        live.filter(review_due__lte=today)
        .filter(_not_done_since_assessment("review_escalated_on"))
        .select_related("unit__principal__user")
    )
    for point in due_soon:
        notify(
            recipients=_principal_users([point.unit]),
            event="risks.review_due",
            title=(gettext_noop("Risk review due on %(date)s: %(point)s"), {"date": point.review_due, "point": point}),
            body=(
                gettext_noop("The %(color)s risk point %(point)s of %(unit)s is due for review."),
                {"color": RiskColor(point.color).label, "point": point, "unit": point.unit.name},
            ),
            url=point.get_absolute_url(),
        )
    RiskPoint.objects.filter(pk__in=[p.pk for p in due_soon]).update(review_reminded_on=today)
    _escalate(overdue, today)
    return f"{len(due_soon)} reminded, {len(overdue)} escalated"


def _escalate(points: list[RiskPoint], today: datetime.date) -> None:
    paths = {p.unit.path[: d * OrgUnit.steplen] for p in points for d in range(1, p.unit.depth + 1)}
    ancestors = {u.path: u for u in OrgUnit.objects.filter(path__in=paths).select_related("principal__user")}
    for point in points:
        controller = _controlling_unit(point, ancestors)
        notify(
            recipients=list({*_principal_users([point.unit, controller])}),
            event="risks.review_overdue",
            title=(gettext_noop("Risk review overdue: %(point)s"), {"point": point}),
            body=(
                gettext_noop(
                    "The review of the %(color)s risk point %(point)s of %(unit)s was due on %(date)s. "
                    "It is controlled at the level of %(controller)s, whose first responsible person is "
                    "informed."
                ),
                {
                    "color": RiskColor(point.color).label,
                    "point": point,
                    "unit": point.unit.name,
                    "date": point.review_due,
                    "controller": controller.name,
                },
            ),
            url=point.get_absolute_url(),
        )
    RiskPoint.objects.filter(pk__in=[p.pk for p in points]).update(review_escalated_on=today)
