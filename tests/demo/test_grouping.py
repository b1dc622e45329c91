"""The demo's tests share one worker, so the demo is built once per test run (tests/demo/conftest.py).

pytest-xdist's `--dist loadgroup` sends the tests marked `xdist_group("demo")` to one worker by adding "@demo" to
their ids. Under pytest 9 that addition was silently lost: the demo's tests were spread over every worker, each built
the demo, and on PostgreSQL each build's ANALYZE waited for the other's locks on the shared catalogues (about ten
minutes of CI). Hence `pytest<9` in requirements-dev.in, and this test, which fails when the grouping is lost again."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.xdist_group("demo")


def test_the_demo_tests_are_grouped_on_one_worker(request):
    if not request.config.getoption("loadgroup", False):
        pytest.skip("not run with --dist loadgroup (make test does)")
    assert request.node.nodeid.endswith("@demo"), request.node.nodeid
