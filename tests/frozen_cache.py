"""The test cache: entries never expire during a test and every test starts with an empty cache.

Code caches some lookups for a while (the unit-kind labels for 60 s). A query-count test that loads a page twice on
a loaded machine could see such an entry expire between the two passes and count one query more: a test that
depends on the machine's speed. Here time does not run out, for every test at once (issue 10, point 18).
"""

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.locmem import LocMemCache


class FrozenLocMemCache(LocMemCache):
    def get_backend_timeout(self, timeout=DEFAULT_TIMEOUT):
        return None  # never expires; tests/conftest.py clears it before each test
