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


#
# The monthly counts (analytics.monthly): a write marks the months it changes stale, in its transaction.
#


def _incident_month_before(sender, instance, **kwargs) -> None:
    """The month the incident was in before this save (it may move to another): as record_lock read it, or asked."""
    if instance._state.adding or instance.pk is None:
        return
    stored = getattr(instance, "_stored_values", {})
    if "occurred_at" in stored:
        instance._month_before = stored["occurred_at"]
        return
    instance._month_before = sender._base_manager.filter(pk=instance.pk).values_list("occurred_at", flat=True).first()


def _incident_written(sender, instance, **kwargs) -> None:
    from zeroharm.analytics.monthly import local_month, months_changed

    moments = [instance.occurred_at, instance.__dict__.pop("_month_before", None)]
    months_changed(local_month(m) for m in moments if m is not None)


def _incident_part_written(sender, instance, **kwargs) -> None:
    """A person involved or a cause: the month of their incident."""
    from zeroharm.analytics.monthly import local_month, months_changed
    from zeroharm.incidents.models import Incident

    incident = instance._state.fields_cache.get("incident")
    moment = (
        incident.occurred_at
        if incident is not None
        else Incident._base_manager.filter(pk=instance.incident_id).values_list("occurred_at", flat=True).first()
    )
    if moment is not None:
        months_changed([local_month(moment)])


def _man_hours_written(sender, instance, **kwargs) -> None:
    from zeroharm.analytics.monthly import months_changed

    months_changed([instance.month])


def _connect_monthly_counts() -> None:
    from django.db.models.signals import post_delete, post_save, pre_save

    from zeroharm.incidents.models import Cause, Incident, InvolvedPerson
    from zeroharm.org.models import ManHours

    pre_save.connect(_incident_month_before, sender=Incident, dispatch_uid="analytics.month_before")
    for name, signal in (("saved", post_save), ("deleted", post_delete)):
        signal.connect(_incident_written, sender=Incident, dispatch_uid=f"analytics.incident_{name}")
        for model in (InvolvedPerson, Cause):
            signal.connect(_incident_part_written, sender=model, dispatch_uid=f"analytics.{model.__name__}_{name}")
        signal.connect(_man_hours_written, sender=ManHours, dispatch_uid=f"analytics.man_hours_{name}")


_connect_monthly_counts()


def _incidents_months_changed(*, incident_ids):
    """Writes past the signals (an import's bulk insert, the figures' UPDATE) publish the incidents they changed."""
    from zeroharm.analytics.monthly import local_month, months_changed
    from zeroharm.incidents.models import Incident

    moments = Incident._base_manager.filter(pk__in=incident_ids).values_list("occurred_at", flat=True).distinct()
    months_changed({local_month(m) for m in moments})


subscribe("incidents.changed", _incidents_months_changed)


@register_scan("analytics.monthly")
def monthly_scan() -> str:
    """Count the months not kept yet (a new installation, rows written past the signals)."""
    from zeroharm.analytics.monthly import count_months

    months, rows = count_months()
    return f"{months} months counted ({rows} rows)"
