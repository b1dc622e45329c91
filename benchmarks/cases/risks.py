"""The risk register at scale: three risk points per team (about 27,000 at 10,000 units), the list and the map.

Every point gets a colour and a review date as its latest assessment would have left them (the
assessment rows themselves are not needed to measure these reads), about 4% red, 15% orange, 40%
yellow, the rest blue, with a fifth of the reviews overdue.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from benchmarks.harness import Case, Context, Suite, register

POINTS_PER_TEAM = 3
COLORS = [("red", 4), ("orange", 15), ("yellow", 40), ("blue", 41)]


def build(ctx: Context) -> str:
    from django.db import transaction

    from zeroharm.risks.models import RiskPoint

    today = datetime.date(2026, 11, 28)
    colors = [c for c, weight in COLORS for _ in range(weight)]
    points = []
    for team in ctx.data["teams"]:
        for i in range(POINTS_PER_TEAM):
            color = ctx.rng.choice(colors)
            points.append(
                RiskPoint(
                    unit_id=team.pk,
                    code=f"RP{team.pk}-{i}",
                    name=f"{team.name}风险点{i}",
                    kind="place",
                    color=color,
                    score=Decimal(ctx.rng.choice([20, 70, 90, 180, 270, 540])),
                    assessed_on=today,
                    review_due=today + datetime.timedelta(days=ctx.rng.randint(-60, 300)),
                )
            )
    with transaction.atomic():
        RiskPoint.objects.bulk_create(points, batch_size=2000)
    return f"risks: {len(points):,} risk points"


def _branch(ctx: Context) -> int:
    return ctx.ids["branch"]


register(
    Suite(
        name="risks",
        order=20,
        build=build,
        cases=[
            Case(
                "risks: branch, red/orange/yellow, by next review",
                lambda ctx: f"/risks/?ancestor_id={_branch(ctx)}&color=red&color=orange&color=yellow&sort=review_due",
                persona,
                expect=lambda ctx: "risk-red",
            )
            for persona in ("admin", "leader")
        ]
        + [
            Case(
                "risks: review overdue, whole scope", lambda ctx: "/risks/?review_overdue=true&sort=review_due", persona
            )
            for persona in ("admin", "leader")
        ]
        + [
            Case("risk map of the group", lambda ctx: "/risks/map/", "admin"),
            Case("risk map of a branch", lambda ctx: f"/risks/map/?unit={_branch(ctx)}", "admin"),
            Case("risk map of a branch", lambda ctx: f"/risks/map/?unit={_branch(ctx)}", "leader"),
            Case(
                "API risk points: branch, red",
                lambda ctx: f"/api/v1/risk-points/?ancestor_id={_branch(ctx)}&color=red",
                "leader",
            ),
        ],
    )
)
