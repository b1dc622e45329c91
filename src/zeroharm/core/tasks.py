"""Jobs of the platform that run in the worker."""

from django_tasks import task

from zeroharm.core.registry import scans

__all__ = ["run_scans"]


@task()
def run_scans() -> dict[str, str]:
    """Every registered periodic scan once (reminders, escalations, schedules…); each is idempotent."""
    return {name: str(scan()) for name, scan in scans.items()}
