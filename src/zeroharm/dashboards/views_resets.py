"""The log of resets: every incident that reset a safe-days counter of a unit's subtree, newest first."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views import View

from zeroharm.core.scoping import is_whole_tree
from zeroharm.core.views import UnitScopeMixin
from zeroharm.dashboards.safe_days import RESET_RULE, days_since
from zeroharm.incidents import selectors as incidents

PER_PAGE = 50


class ResetLogView(UnitScopeMixin, View):
    """For those who see the incidents of a subtree (an employee sees only their own reports: 403); a unit outside
    the user's reach is a 404. Each row says which counters the incident reset and how long the run it ended was."""

    def get(self, request):
        unit = self.asked_unit()
        resets = incidents.resets_in([unit.path], whole_tree=is_whole_tree(unit.path))
        page = Paginator(resets, PER_PAGE).get_page(request.GET.get("page"))
        rows = _rows(list(page.object_list), _next_older(resets, page))
        return render(
            request,
            "dashboards/resets.html",
            {"unit": unit, "page": page, "rows": rows, "rule": RESET_RULE, "today": timezone.localdate()},
        )


def _next_older(resets, page):
    """The reset just below this page (whose run the page's last row ended), or None: one query."""
    return resets[page.end_index() : page.end_index() + 1].first() if page.object_list else None


def _rows(shown: list, older) -> list[dict]:
    """Each reset with the days since the reset before it (the safe days it ended); None for the first on record."""
    rows = []
    for i, incident in enumerate(shown):
        before = shown[i + 1] if i + 1 < len(shown) else older
        run = days_since(before.occurred_at, timezone.localdate(incident.occurred_at)) if before else None
        rows.append({"incident": incident, "fatal": incident.deaths > 0, "run": run})
    return rows
