"""Figures worked out once per user and kept until what they count is written (issue 11, point 18).

The home page counts a scope's open hidden dangers, incidents, actions, units and people: 35 ms on the demo,
545 ms once 30,000 hidden dangers were added — its cost grew with the records. Those counts change only when one of
the counted records is written, so they are kept in the cache (settings.CACHES, shared by the app servers) under a
key made of the user, the language, the day (overdue turns with the date) and one *data version*. The version
is bumped, at the write and after its commit, whenever a counted model is saved or deleted: every cached figure
is then out of date at once, and the next page works it out again. Apps declare the models their figures count
in their hooks.py (`register_counted("hazards.HiddenDanger")`); writes that bypass the model's signals (bulk
inserts of an import, queryset updates) call `bump()` themselves (core.tallies.recount does). `TIMEOUT` bounds what a
missed bump could leave stale. Working the figures out again is cheap too: they are sums of per-unit tallies
(core.tallies), which follow every write in its transaction.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone, translation

__all__ = ["register_counted", "bump", "data_version", "per_user", "TIMEOUT"]

TIMEOUT = 300  # seconds: the longest a write that skipped bump() can leave a figure stale
_VERSION_KEY = "zeroharm:counted:version"


def data_version() -> int:
    version = cache.get(_VERSION_KEY)
    if version is None:
        version = 1
        cache.add(_VERSION_KEY, version, None)  # another process may have set it meanwhile: keep theirs
        version = cache.get(_VERSION_KEY, version)
    return version


def _bump_now() -> None:
    try:
        cache.incr(_VERSION_KEY)
    except ValueError:  # not in the cache (evicted, or never read): any new value makes old keys unreachable
        cache.set(_VERSION_KEY, int(timezone.now().timestamp() * 1000), None)


def bump() -> None:
    """The counted records changed: forget every cached figure now and again once the write is committed (a page
    worked out in between, from the data before the commit, would otherwise be kept)."""
    _bump_now()
    transaction.on_commit(_bump_now)


def _on_write(sender, **kwargs) -> None:
    bump()


def register_counted(*labels: str) -> None:
    """Model labels ("app.Model") whose saves and deletes change cached figures (from an app's hooks.py)."""
    for label in labels:
        for signal in (post_save, post_delete):
            signal.connect(_on_write, sender=label, weak=False, dispatch_uid=f"zeroharm.cache:{signal}:{label}")


def per_user(name: str, user, compute: Callable[[], object]):
    """`compute()`'s value for this user, from the cache while no counted record was written since."""
    key = f"zeroharm:{name}:{user.pk}:{translation.get_language()}:{timezone.localdate().isoformat()}:{data_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, TIMEOUT)
    return value
