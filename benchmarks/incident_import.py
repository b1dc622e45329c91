#!/usr/bin/env python
"""Time the import of the full OSHA Severe Injury Reports 2015 file (9,858 rows) through the product's pages.

    .venv/bin/python benchmarks/incident_import.py
    .venv/bin/python benchmarks/incident_import.py --file path/to/other.csv --encoding cp1252

A fresh SQLite database in a temporary directory (as benchmarks/run.py), one group with one unit, an
administrator; then, with Django's test client: upload the file (Windows-1252), choose the OSHA columns
(matched by their names), the preview (every row checked) and the import itself (all or nothing). Prints the
time of each step and the number of incidents and people written.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OSHA_2015 = ROOT.parent / "shared" / "data" / "osha-severe-injury-2015" / "severeinjury-2015.csv"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=OSHA_2015)
    parser.add_argument("--encoding", default="cp1252", help="auto, utf-8, gb18030 or cp1252 (default cp1252)")
    args = parser.parse_args(argv)
    if not args.file.exists():
        print(f"{args.file} not found", file=sys.stderr)
        return 2

    for path in (ROOT, ROOT / "src"):
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    from benchmarks.run import _cleanup, _fresh_database, configure

    configure()
    try:
        migrated = _fresh_database()
        print(f"fresh SQLite database migrated in {migrated:.1f} s")
        return _measure(args.file, args.encoding)
    finally:
        _cleanup()


def _measure(file: Path, encoding: str) -> int:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from benchmarks.run import _environment
    from zeroharm.accounts.models import RoleAssignment, User
    from zeroharm.incidents.models import Incident, InvolvedPerson
    from zeroharm.org.trees import build_tree

    build_tree([("B1", "Branch 1", [("W1", "Workshop 1", [])])], root_code="G", root_name="Group")
    user = User.objects.create_user("importer", "importer@example.com", "x")
    RoleAssignment.objects.create(user=user, role="admin", unit_id=build_unit_id("G"))
    setup_test_environment()  # so that responses carry their template context (the form, the result)
    client = Client()
    client.force_login(user)

    content = file.read_bytes()
    timings = []
    assert client.get(reverse("incidents:import")).status_code == 200  # load the URLconf and templates untimed

    def step(name, call):
        started = time.perf_counter()
        response = call()
        timings.append((name, time.perf_counter() - started))
        return response

    response = step(
        "upload",
        lambda: client.post(
            reverse("incidents:import"),
            {"file": SimpleUploadedFile(file.name, content, content_type="text/csv"), "encoding": encoding},
        ),
    )
    assert response.status_code == 302, response.content[:2000]
    map_url = response["Location"]
    response = step("column page", lambda: client.get(map_url))
    assert response.status_code == 200
    form = response.context["form"]
    data = {name: value for name, value in form.initial.items() if value not in (None, "")}
    data.update(unit=build_unit_id("W1"), kind="injury")
    response = step("columns chosen", lambda: client.post(map_url, data))
    assert response.status_code == 302, response.context["form"].errors
    preview_url = response["Location"]
    response = step("preview (every row checked)", lambda: client.get(preview_url))
    result = response.context["result"]
    if result.errors:
        for error in result.errors[:20]:
            print(error)
        print(f"{len(result.errors)} refused rows: nothing imported", file=sys.stderr)
        return 1
    response = step("import (all or nothing)", lambda: client.post(preview_url))
    assert response.status_code == 302, response.content[:4000]

    incidents, people = Incident.objects.count(), InvolvedPerson.objects.count()
    print(
        f"{file.name}: {len(content) / 2**20:.1f} MB, {result.rows} rows → {incidents} incidents, "
        f"{people} people involved"
    )
    for name, seconds in timings:
        print(f"  {name:<30} {seconds:6.1f} s")
    print(f"  {'total':<30} {sum(s for _n, s in timings):6.1f} s")
    print(_environment())
    return 0


def build_unit_id(code: str) -> int:
    from zeroharm.org.models import OrgUnit

    return OrgUnit.objects.get(code=code).pk


if __name__ == "__main__":
    sys.exit(main())
