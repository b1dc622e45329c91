"""Pledge coverage per child unit (core.rollup): the active people of each child's subtree and how many of them
signed — each person counted once (one signature per person and campaign, counted by person) — and who in a unit
has not signed yet. Two GROUP BY queries and the children, whatever the number of units."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count

from zeroharm.campaigns.models import Campaign, PledgeSheet, PledgeSignature
from zeroharm.core.rollup import children_of, grouped_by_child, roll_up
from zeroharm.core.scoping import subtree_q

__all__ = ["Coverage", "pledge_coverage", "not_signed", "people_in", "sheets_in"]


@dataclass
class Coverage:
    people: int = 0
    signed: int = 0

    def __add__(self, other):
        return Coverage(self.people + other.people, self.signed + other.signed)

    @property
    def percent(self) -> int | None:
        return round(100 * self.signed / self.people) if self.people else None


def people_in(unit):
    from zeroharm.org.models import Person

    return Person.objects.filter(subtree_q(unit.path, "unit__"), status="active", is_archived=False)


def coverage_by_child(campaign: Campaign, unit) -> dict[str, Coverage]:
    """{child path (or the unit's own): Coverage} under `unit` (a unit of the campaign's scope)."""
    figures: dict[str, Coverage] = {}
    for row in grouped_by_child(people_in(unit), unit, {"n": Count("id")}):
        figures.setdefault(row["child"], Coverage()).people = row["n"]
    signed = PledgeSignature.objects.filter(campaign=campaign, person__in=people_in(unit).values("pk"))
    for row in grouped_by_child(signed, unit, {"n": Count("person_id", distinct=True)}, unit_field="person__unit"):
        figures.setdefault(row["child"], Coverage()).signed = row["n"]
    return figures


def pledge_coverage(campaign: Campaign, unit, user):
    """The roll-up of coverage under `unit`: each child visible to `user`, the unit's own people, the total."""
    return roll_up(unit, children_of(unit, user), coverage_by_child(campaign, unit), empty=Coverage)


def not_signed(campaign: Campaign, unit, limit: int = 200):
    """Who in the unit's subtree has not signed yet, by unit and name (the first `limit`)."""
    signed = PledgeSignature.objects.filter(campaign=campaign).values("person_id")
    rows = people_in(unit).exclude(pk__in=signed).select_related("unit").order_by("unit__path", "name")
    return list(rows[:limit])


def sheets_in(campaign: Campaign, unit, limit: int = 100):
    """The signed sheets recorded for the unit's subtree, latest first, with how many signed each and who recorded
    it (the first `limit`)."""
    rows = (
        PledgeSheet.objects.filter(campaign=campaign)
        .filter(subtree_q(unit.path, "unit__"))
        .select_related("unit", "recorded_by__person__unit")
        .annotate(signed=Count("signatures"))
        .order_by("-read_on", "-id")
    )
    return list(rows[:limit])
