"""The chart library is served by the product itself, from the package lock's install (core.staticfinders)."""

from __future__ import annotations

from pathlib import Path

from django.contrib.staticfiles import finders

from zeroharm.core.staticfinders import ECHARTS, VendorFinder


def test_echarts_is_found_as_a_static_file():
    found = finders.find(ECHARTS)
    assert found, "ECharts is not installed: run scripts/setup.sh (npm ci from package-lock.json)"
    text = Path(found).read_bytes()
    assert len(text) > 500_000 and b"echarts" in text[:2000].lower()


def test_only_the_files_the_pages_load_are_listed():
    listed = [(storage.prefix, path) for path, storage in VendorFinder().list([])]
    assert listed == [("vendor/echarts", "echarts.min.js")]
    assert VendorFinder().find("vendor/echarts/echarts.js") == []
    assert VendorFinder().find(ECHARTS, find_all=True) == [finders.find(ECHARTS)]


def test_a_missing_install_is_a_warning_that_says_what_to_run(settings, tmp_path):
    settings.ZEROHARM_NODE_MODULES = tmp_path
    (problem,) = VendorFinder().check()
    assert problem.id == "core.W002" and "scripts/setup.sh" in problem.hint
    assert finders.find(ECHARTS) is None and list(VendorFinder().list([])) == []
