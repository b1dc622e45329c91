"""The accident pyramid (docs/standards/accident-pyramids.md): a unit's events against Bird's and
Heinrich's ratios, and the under-reporting check."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# ---------------------------------------------------------------------------------------------------------
# Accident pyramid (docs/standards/accident-pyramids.md)
# ---------------------------------------------------------------------------------------------------------

BIRD_RATIO = (1, 10, 30, 600)  # serious : minor : property damage : near misses
HEINRICH_RATIO = (1, 29, 300)  # major : minor : no-injury accidents


@dataclass(frozen=True)
class Pyramid:
    serious: int
    minor: int
    property_damage: int
    near_misses: int
    bird_minor: int  # Bird-expected counts for the observed serious injuries
    bird_property_damage: int
    bird_near_misses: int
    heinrich_minor: int  # Heinrich-expected counts for the observed serious (major) injuries
    heinrich_no_injury: int
    near_misses_per_serious: Decimal | None  # None when there is no serious injury
    threshold: Decimal
    under_reporting: bool  # serious ≥ 1 and near misses per serious < threshold


def pyramid(
    serious: int, minor: int, property_damage: int, near_misses: int, *, threshold: int | Decimal = 10
) -> Pyramid:
    """The observed pyramid beside the Bird and Heinrich ratios, and whether the unit probably under-reports.

    The ratios describe the populations studied; fewer than about 10–30 near misses per serious injury
    suggests near misses go unreported. It is a reporting-culture check, not a prediction.
    """
    for value in (serious, minor, property_damage, near_misses):
        if value < 0:
            raise ValueError("counts cannot be negative")
    threshold = Decimal(threshold)
    per_serious = Decimal(near_misses) / Decimal(serious) if serious else None
    return Pyramid(
        serious,
        minor,
        property_damage,
        near_misses,
        bird_minor=serious * BIRD_RATIO[1],
        bird_property_damage=serious * BIRD_RATIO[2],
        bird_near_misses=serious * BIRD_RATIO[3],
        heinrich_minor=serious * HEINRICH_RATIO[1],
        heinrich_no_injury=serious * HEINRICH_RATIO[2],
        near_misses_per_serious=per_serious,
        threshold=threshold,
        under_reporting=per_serious is not None and per_serious < threshold,
    )
