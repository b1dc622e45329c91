"""The machinery of `zeroharm demo`: a shared, seeded context handed to every app's demo steps."""

from __future__ import annotations

import random
from dataclasses import dataclass, field

__all__ = ["DemoContext", "DEMO_PASSWORD"]

# Printed with the logins; meets the password rules. Demo data only: never use it on a real site.
DEMO_PASSWORD = "ZeroHarm-demo-2026"  # noqa: S105


@dataclass
class DemoContext:
    """What steps share: one seeded random generator (so the demo is the same every time) and named objects."""

    seed: int = 2026
    scale: float = 1.0
    rng: random.Random = field(init=False)
    objects: dict = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)  # (persona, username, scope)

    def __post_init__(self):
        self.rng = random.Random(self.seed)
