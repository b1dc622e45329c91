"""Jobs of the analysis that run in the worker, never inside a request."""

from django_tasks import task

__all__ = ["refresh_narratives"]


@task()
def refresh_narratives() -> str:
    """Bring the narrative index and the category suggester up to the incidents (queued when they change)."""
    from zeroharm.analytics.similarity import refresh

    return refresh()
