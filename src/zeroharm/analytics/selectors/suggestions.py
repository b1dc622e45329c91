"""How the category suggestions fare on the organisation's own incidents (issue 16 point 2), for administrators.

When a person first gives an incident its GB 6441 category, the suggester's first choice is kept with it
(`Incident.suggested_category`, by `incidents.services.incident_update`). Over the incidents of a scope, the
suggestions *checked* are those with both; *kept*, those whose category is still the suggested one; the others
are corrections, which the next model learns with more weight (`analytics.similarity`). Kept over checked is
the suggester's accuracy on the organisation's own incidents, as its staff judged them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, F, Q

from zeroharm.analytics.selectors.scope import Scope, incidents
from zeroharm.analytics.similarity import category_meta
from zeroharm.core.roles import Role
from zeroharm.core.scoping import user_grants

__all__ = ["SuggestionReview", "administers", "suggestion_review"]


@dataclass(frozen=True)
class SuggestionReview:
    checked: int  # incidents of the scope classified by a person after a suggestion
    kept: int  # ... whose category is the one suggested
    corrections_learnt: int | None = None  # of the model's corrections (all units), how many it now gets right
    corrections_in_model: int | None = None  # None: not shown (the user administers no whole group)

    @property
    def changed(self) -> int:
        return self.checked - self.kept

    @property
    def accuracy(self) -> float | None:
        return self.kept / self.checked if self.checked else None

    @property
    def accuracy_percent(self) -> float | None:
        return None if self.accuracy is None else round(100 * self.accuracy, 1)


def administers(user, unit, *, whole_group: bool = False) -> bool:
    """An administrator of the unit (a grant on it or above it), or of a whole group when `whole_group`."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(
        grant.role == Role.ADMIN and (grant.depth == 1 if whole_group else unit.path.startswith(grant.path))
        for grant in user_grants(user)
    )


def suggestion_review(user, scope: Scope) -> SuggestionReview | None:
    """The suggestions checked and kept over the scope's incidents; None for a user who does not administer the
    scope's unit. The figures of the model itself (trained on every unit) only for a whole group's administrator."""
    if not administers(user, scope.unit):
        return None
    row = (
        incidents(user, scope)
        .exclude(suggested_category="")
        .exclude(category="")
        .aggregate(checked=Count("id"), kept=Count("id", filter=Q(category=F("suggested_category"))))
    )
    review = SuggestionReview(checked=row["checked"] or 0, kept=row["kept"] or 0)
    if administers(user, scope.unit, whole_group=True):
        meta = category_meta() or {}
        if "corrections" in meta:
            review = SuggestionReview(review.checked, review.kept, meta["corrections_learnt"], meta["corrections"])
    return review
