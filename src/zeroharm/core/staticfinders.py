"""Front-end packages served as static files: exactly the files the pages load, from the `node_modules` folder that
`scripts/setup.sh` fills from the committed `package-lock.json` (plants are often offline: nothing comes from a CDN
at run time, and no third-party code is copied into the repository).

A finder rather than a STATICFILES_DIRS entry because a package's folder holds far more than the page needs (ECharts'
`dist/` is some 30 MB of builds and maps): `collectstatic`, WhiteNoise and the test server see only the files named
in VENDOR_FILES, under `vendor/<package>/`.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import Warning as CheckWarning
from django.core.files.storage import FileSystemStorage

__all__ = ["VENDOR_FILES", "ECHARTS", "VendorFinder", "vendor_file"]

ECHARTS = "vendor/echarts/echarts.min.js"
# static path → the file inside node_modules (ECharts' full build carries its Chinese locale: no second file needed)
VENDOR_FILES = {ECHARTS: "echarts/dist/echarts.min.js"}


def vendor_file(static_path: str) -> Path:
    return Path(settings.ZEROHARM_NODE_MODULES) / VENDOR_FILES[static_path]


class VendorFinder(BaseFinder):
    """Finds the files of VENDOR_FILES, and nothing else, in settings.ZEROHARM_NODE_MODULES."""

    def check(self, **kwargs):
        missing = [path for path in VENDOR_FILES if not vendor_file(path).is_file()]
        if not missing:
            return []
        hint = "Run scripts/setup.sh (it runs `npm ci` from package-lock.json), or set ZEROHARM_NODE_MODULES."
        return [CheckWarning(f"Front-end files not installed: {', '.join(missing)}.", hint=hint, id="core.W002")]

    def find(self, path, find_all=False, **kwargs):
        find_all = find_all or kwargs.get("all", False)  # Django 5.2 still passes the old name
        found = str(vendor_file(path)) if path in VENDOR_FILES and vendor_file(path).is_file() else None
        # as Django's finders: the path, or a list of them for find_all; an empty list when there is none
        return found if found and not find_all else [found] if found else []

    def list(self, ignore_patterns):
        for static_path in VENDOR_FILES:
            file = vendor_file(static_path)
            if file.is_file():
                storage = FileSystemStorage(location=str(file.parent))
                storage.prefix = str(Path(static_path).parent)  # collectstatic writes it under vendor/<package>/
                yield file.name, storage
