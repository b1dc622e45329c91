"""Jobs of the analysis that run in the worker, never inside a request."""

from django_tasks import task

__all__ = ["refresh_narratives", "count_months"]


@task()
def refresh_narratives() -> str:
    """Bring the narrative index and the category suggester up to the incidents (queued when they change)."""
    from zeroharm.analytics.similarity import refresh

    return refresh()


@task()
def count_months() -> str:
    """Count the analysis' stale months again (queued once a write to what they count is committed)."""
    from zeroharm.analytics import monthly

    months, rows = monthly.count_months()
    return f"{months} months, {rows} rows"
