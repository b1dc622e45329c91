"""No test depends on the machine's speed: cached entries do not expire during a test (tests/frozen_cache.py)."""

import time

from django.core.cache import cache


def test_a_cache_entry_outlives_its_timeout_in_tests():
    cache.set("zeroharm-test-key", "kept", 0.01)
    time.sleep(0.05)
    assert cache.get("zeroharm-test-key") == "kept"


def test_every_test_starts_with_an_empty_cache():
    assert cache.get("zeroharm-test-key") is None
