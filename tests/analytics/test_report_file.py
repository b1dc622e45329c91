"""The accident analysis report over many incidents, made by the worker (analytics.report_file through
core.filejobs): the same text as the report made at once, for the user who asked alone, refused if the unit has
gone out of their reach since (issue 16 point 8)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from tests.support.analytics import END, START, Planted
from zeroharm.core import filejobs
from zeroharm.core.models import FileJob, FileJobStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted(world, settings):
    settings.ZEROHARM_REPORT_AT_ONCE_INCIDENTS = 10  # the planted set holds more
    return Planted(world)


def _url(world, code):
    return reverse("analytics:report") + f"?unit={world.unit(code).pk}&start={START}&end={END}"


def _text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def test_a_large_report_is_made_by_the_worker_with_the_same_findings(
    planted, world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("admin")
    asked = client.get(_url(world, "G"))
    assert asked["Content-Type"].startswith("text/html") and b"more than 10 take a while" in asked.content
    assert not FileJob.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(_url(world, "G"))
    job = FileJob.objects.get()
    assert started["Location"] == reverse("files:detail", args=[job.key])
    assert job.status == FileJobStatus.DONE and (job.done, job.total) == (2, 2)
    assert job.params["unit"] == world.unit("G").pk and job.filename.startswith("accident-analysis-g-")
    download = client.get(reverse("files:download", args=[job.key]))
    text = _text(b"".join(download.streaming_content))
    assert "Hand injuries recur in Workshop A1 at Press line 3: 9 in 2 years, 6 of them at night." in text
    assert "Branch B probably under-reports" in text
    assert client_for("safety").get(reverse("files:download", args=[job.key])).status_code == 404


def test_a_small_report_is_still_made_at_once(planted, world, client_for, settings):
    settings.ZEROHARM_REPORT_AT_ONCE_INCIDENTS = 10_000
    response = client_for("admin").get(_url(world, "G"))
    assert response["Content-Type"] == "application/pdf" and not FileJob.objects.exists()


def test_a_unit_out_of_reach_is_404_before_and_refused_in_the_worker(
    planted, world, client_for, django_capture_on_commit_callbacks
):
    assert client_for("leader_b").post(_url(world, "A")).status_code == 404 and not FileJob.objects.exists()
    params = {"unit": world.unit("A").pk, "start": START.isoformat(), "end": END.isoformat(), "kinds": []}
    with django_capture_on_commit_callbacks(execute=True):  # as if asked while leader_b still led branch A
        job = filejobs.file_job_start(user=world.users["leader_b"], kind="analytics.report", title="A", params=params)
    job.refresh_from_db()
    assert job.status == FileJobStatus.FAILED and job.error == "You may no longer analyse this unit."
