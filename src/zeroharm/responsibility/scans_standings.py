"""The standing scan: where each agreement in force stands today, stored on it for the home page (issue 15 point
10: "agreements at risk" under 150 ms, where working out every target of a scope takes seconds).

An agreement in force is a unit's latest signed revision of this year (as the first leader's view and the
assessment read it; a team member's agreement is not measured from a unit's figures). Its targets are computed by
responsibility.selectors.leaders.targets_today, the first leader's view's own code, and it stands as its worst
target (selectors.standings.overall). Each is computed once a day: the worker runs every scan every 15 minutes,
and the first round after midnight does the work; later rounds compute only what was signed since. An agreement no
longer in force this year (a later revision signed, archived) loses its standing, so it is never counted twice.
Run by the worker and `zeroharm scan` (core.registry)."""

from __future__ import annotations

import datetime

from zeroharm.core.cache import bump
from zeroharm.core.indicators import measuring
from zeroharm.responsibility.models import Agreement
from zeroharm.responsibility.selectors.leaders import targets_today
from zeroharm.responsibility.selectors.standings import overall
from zeroharm.responsibility.services.assessment import signed_agreements

__all__ = ["in_force", "agreement_standings"]


def in_force(year: int) -> list[Agreement]:
    """Each unit's latest signed revision of the year, unless archived (a record made by mistake binds nobody)."""
    return [agreement for agreement in signed_agreements(year) if not agreement.is_archived]


def _store(agreement: Agreement, today: datetime.date) -> None:
    found = overall([row.standing for row in targets_today(agreement, agreement.recipient, today)])
    # A queryset update: no history row and no new version (a figure of the records, not an edit of the agreement;
    # an editor's form loaded before stays current).
    Agreement.objects.filter(pk=agreement.pk).update(
        standing=found.standing,
        standing_on=today,
        targets_at_risk=found.at_risk,
        targets_missed=found.missed,
    )


def _clear_others(year: int, kept: set[int]) -> int:
    stale = Agreement.objects.filter(year=year, standing_on__isnull=False).exclude(pk__in=kept)
    return stale.update(standing="", standing_on=None, targets_at_risk=0, targets_missed=0)


def agreement_standings(*, today: datetime.date) -> str:
    """Compute the standing of every agreement in force not yet computed today; clear the others' of the year.
    Running it again the same day changes nothing."""
    agreements = in_force(today.year)
    due = [agreement for agreement in agreements if agreement.standing_on != today]
    with measuring():  # a figure every unit shares (the whole tree's) is computed once for all of them
        for agreement in due:
            _store(agreement, today)
    cleared = _clear_others(today.year, {agreement.pk for agreement in agreements})
    if due or cleared:
        bump()  # the home page's kept figures count the stored standing
    return f"{len(due)} agreements' standing computed, {cleared} cleared"
