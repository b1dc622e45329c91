"""The big screen (1920 × 1080, readable across a room): the page, and the part of it htmx asks for again every
`every` seconds. Both draw the same figures, kept per user and unit until a counted record is written."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views import View

from zeroharm.core.cache import per_user
from zeroharm.core.registry import screen_panels
from zeroharm.core.views import UnitScopeMixin
from zeroharm.dashboards.safe_days import RESET_RULE
from zeroharm.dashboards.screen import COLOUR_RULE, screen_figures

REFRESH_SECONDS = 60  # a wall screen: fresh within a minute
MIN_SECONDS, MAX_SECONDS = 2, 3600


def refresh_seconds(query) -> int:
    """`?every=` seconds between refreshes, within bounds; the default otherwise."""
    wanted = str(query.get("every") or "")
    return min(max(int(wanted), MIN_SECONDS), MAX_SECONDS) if wanted.isdigit() and len(wanted) < 6 else REFRESH_SECONDS


class ScreenView(UnitScopeMixin, View):
    """For those who see a subtree of incidents (403 otherwise); a unit outside their reach is a 404."""

    template_name = "dashboards/screen.html"

    def get(self, request):
        unit = self.asked_unit()
        every = refresh_seconds(request.GET)
        query = urlencode({"unit": unit.pk, "every": every})
        context = {
            **per_user(f"screen:{unit.pk}", request.user, lambda: screen_figures(unit)),
            "unit": unit,
            "every": every,
            "refresh_url": f"{reverse('dashboards:screen_refresh')}?{query}",
            "ceremony_url": f"{reverse('responsibility:ceremony')}?{urlencode({'unit': unit.pk})}",
            "colour_rule": COLOUR_RULE,
            "reset_rule": RESET_RULE,
            # each app's fragment, rendered (and escaped) by its own template (core.registry.register_screen_panel)
            "panels": [mark_safe(html) for panel in screen_panels if (html := panel(request, unit))],  # noqa: S308 (rendered from templates)
        }
        return render(request, self.template_name, context)


class ScreenRefreshView(ScreenView):
    """The screen's figures alone, swapped in place by htmx."""

    template_name = "dashboards/_screen_figures.html"
