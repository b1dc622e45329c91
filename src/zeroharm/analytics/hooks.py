from django.utils.translation import gettext_lazy as _

from zeroharm.core.cache import register_counted
from zeroharm.core.events import answer, subscribe
from zeroharm.core.filejobs import register_file_maker
from zeroharm.core.registry import NavItem, register_nav, register_scan


def _may_analyse(user) -> bool:
    from zeroharm.analytics.selectors import may_analyse

    return may_analyse(user)


def _similar_incidents(*, text, user, k=5, exclude_id=None):
    from zeroharm.analytics.similarity import similar_to_text

    return similar_to_text(text, user, k=k, exclude_id=exclude_id)


def _suggested_category(*, text, agent="", injury=""):
    """The suggestion to show: the first category alone when the model is sure, else the three likeliest."""
    from zeroharm.analytics.similarity import suggest_category
    from zeroharm.analytics.text import CategorySuggester, Report

    return CategorySuggester.decide(suggest_category(Report(text or "", agent or "", injury or "")))


# The incident pages ask; the analysis, a floor above them, answers (core.events).
answer("incidents.similar", _similar_incidents)
answer("incidents.suggest_category", _suggested_category)


def _incidents_changed(*, incident_ids):
    """Incidents were written or imported (published after their commit): the worker brings the narrative index
    up to date (a request never builds it, issue 11 point 19)."""
    from zeroharm.analytics.tasks import refresh_narratives

    refresh_narratives.enqueue()


subscribe("incidents.changed", _incidents_changed)

# The analysis charts (views_charts) are kept until what they count is written: incidents (incidents' hooks), man-hours
# and units (org's hooks), and the people involved and causes that the breakdowns by person and factor count.
register_counted("incidents.InvolvedPerson", "incidents.Cause")

register_nav("incidents", NavItem(_("Accident analysis"), "analytics:overview", "safety", order=60, check=_may_analyse))


@register_scan("analytics.narratives")
def narratives_scan() -> str:
    """Keep the similar-incident index and the category model fresh: rebuilt from scratch at most once a day
    (new vocabulary), brought up to date otherwise (the scans run in the worker)."""
    import time

    from zeroharm.analytics import similarity

    meta = similarity.index_meta()
    fresh = meta is not None and time.time() - meta.get("built_at", 0) < 24 * 3600
    return similarity.refresh(force=not fresh)


# A report over more than ZEROHARM_REPORT_AT_ONCE_INCIDENTS incidents is made by the worker (analytics.views).
register_file_maker("analytics.report", "zeroharm.analytics.report_file.report_file", suffix=".pdf")
