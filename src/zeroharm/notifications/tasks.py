"""The notifications' job in the worker, under the name earlier jobs were queued by (defined in services)."""

from zeroharm.notifications.services import deliver

__all__ = ["deliver"]
