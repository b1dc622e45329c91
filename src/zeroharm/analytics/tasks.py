"""Jobs of the analysis that run in the worker, never inside a request."""

from django_tasks import task

from zeroharm.analytics.monthly import count_stale_months  # defined beside what queues it

__all__ = ["refresh_narratives", "count_stale_months"]


@task()
def refresh_narratives() -> str:
    """Bring the narrative index and the category suggester up to the incidents (queued when they change)."""
    from zeroharm.analytics.similarity import refresh

    return refresh()
