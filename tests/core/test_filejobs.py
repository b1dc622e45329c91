"""core.filejobs: a file too large for a request is asked for, made by the worker with its progress, and offered to
the user who asked alone (issue 16 point 8), shown on the label sheet of inspection points."""

from __future__ import annotations

import datetime
import io
import logging

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.support import inspections as inspections_fixtures
from zeroharm.core import filejobs
from zeroharm.core.models import FileJob, FileJobStatus
from zeroharm.inspections.models import InspectionPoint

insp = inspections_fixtures.insp

# Each persona, no login and another user are shown in test_only_the_user_who_asked_sees_the_file.
MATRIX_URL_NAMES = {"files:detail", "files:download"}


@pytest.fixture
def many_points(world, insp, settings):
    """Seven more points in branch A than the sheet makes at once (the limit lowered to 5 for the test)."""
    settings.ZEROHARM_LABELS_AT_ONCE = 5
    for n in range(7):
        InspectionPoint.objects.create(unit=world.unit("A1b"), code=f"IP-JOB-{n}", name=f"Press line {n}")
    return reverse("inspections:point_labels") + f"?ancestor_id={world.unit('A').pk}"


def _ask(client, url, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # the worker: the immediate backend, once committed
        response = client.post(url)
    assert response.status_code == 302
    return FileJob.objects.get(), response["Location"]


def test_a_large_sheet_is_asked_for_made_by_the_worker_and_downloaded(
    world, client_for, many_points, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    client = client_for("leader_a")
    asked = client.get(many_points)
    assert asked.status_code == 200 and asked["Content-Type"].startswith("text/html")
    assert b"Make the file" in asked.content and b"More than 5 labels" in asked.content
    assert not FileJob.objects.exists()  # a GET (a reload, a link preview) queues nothing

    job, location = _ask(client, many_points, django_capture_on_commit_callbacks)
    assert location == reverse("files:detail", args=[job.key])
    assert job.status == FileJobStatus.DONE and job.owner == world.users["leader_a"]
    assert (job.done, job.total) == (16, 16)  # 8 codes drawn (IP-A1a and the 7), then the PDF as many steps
    assert job.title == "QR labels of 8 inspection points" and job.file.name == f"files/{job.key.hex}.pdf"

    page = client.get(location)
    assert b"Download" in page.content and b"hx-trigger" not in page.content  # finished: no more polling
    download = client.get(reverse("files:download", args=[job.key]))
    assert download.status_code == 200 and "inspection-point-labels.pdf" in download["Content-Disposition"]
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(download.streaming_content))).pages)
    assert all(f"IP-JOB-{n}" in text for n in range(7)) and "IP-A1a" in text and "IP-B1a" not in text


def test_at_the_limit_the_sheet_is_still_made_at_once(world, client_for, insp, settings):
    settings.ZEROHARM_LABELS_AT_ONCE = 1
    response = client_for("leader_a").get(reverse("inspections:point_labels"), {"ancestor_id": world.unit("A").pk})
    assert response["Content-Type"] == "application/pdf" and not FileJob.objects.exists()


def test_only_the_user_who_asked_sees_the_file(
    world, client, client_for, many_points, django_capture_on_commit_callbacks
):
    job, location = _ask(client_for("leader_a"), many_points, django_capture_on_commit_callbacks)
    download = reverse("files:download", args=[job.key])
    for persona in ("leader_b", "admin", "worker_a1a"):  # another branch, the administrator, the asker's own unit
        other = client_for(persona)
        assert other.get(location).status_code == 404 and other.get(download).status_code == 404
    for url in (location, download):
        assert client.get(url)["Location"].startswith(reverse("login"))  # no login


def test_while_it_is_made_the_page_polls_and_shows_the_step(world, client_for, settings):
    job = FileJob.objects.create(owner=world.users["leader_a"], kind="x", title="Labels", language="en")
    FileJob.objects.filter(pk=job.pk).update(status=FileJobStatus.RUNNING, done=30, total=120)
    fragment = client_for("leader_a").get(reverse("files:detail", args=[job.key]), HTTP_HX_REQUEST="true")
    html = fragment.content.decode()
    assert 'hx-trigger="load delay:1s"' in html and 'value="25"' in html and "step 30 of 120" in html
    assert "<h1>" not in html  # the status alone, swapped in place


def test_a_job_waiting_long_says_the_worker_may_not_run(world, client_for):
    job = FileJob.objects.create(owner=world.users["leader_a"], kind="x", title="Labels", language="en")
    page = client_for("leader_a").get(reverse("files:detail", args=[job.key]))
    assert b"may not be running" not in page.content
    FileJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - datetime.timedelta(minutes=3))
    page = client_for("leader_a").get(reverse("files:detail", args=[job.key]))
    assert b"may not be running" in page.content


def test_the_maker_scopes_by_the_user_not_by_what_was_asked(world, insp, django_capture_on_commit_callbacks):
    """Ids posted by hand, or a point moved out of reach since: a point the user does not see is not drawn."""
    theirs = InspectionPoint.objects.filter(unit__code="B1a").values_list("pk", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        job = filejobs.file_job_start(
            user=world.users["leader_a"], kind="inspections.labels", title="Labels", params={"points": list(theirs)}
        )
    job.refresh_from_db()
    assert job.status == FileJobStatus.FAILED and "may print" in job.error and not job.file


def refuses(user, params, progress):
    raise PermissionDenied("You no longer lead this unit.")


def breaks(user, params, progress):
    raise RuntimeError("disk full at /srv/secret")


@pytest.fixture
def makers():
    """Two makers of the test's own: one refuses, one breaks."""
    filejobs.register_file_maker("test.refuses", f"{__name__}.refuses", suffix=".pdf")
    filejobs.register_file_maker("test.breaks", f"{__name__}.breaks", suffix=".pdf")
    yield
    filejobs._kinds.pop("test.refuses")
    filejobs._kinds.pop("test.breaks")


def test_a_refusal_is_shown_and_a_fault_is_logged_not_shown(
    world, makers, caplog, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.ERROR, "zeroharm.core.filejobs"):
        refused = filejobs.file_job_start(user=world.users["leader_a"], kind="test.refuses", title="A")
        broken = filejobs.file_job_start(user=world.users["leader_a"], kind="test.breaks", title="B")
    refused.refresh_from_db()
    broken.refresh_from_db()
    assert refused.status == broken.status == FileJobStatus.FAILED
    assert refused.error == "You no longer lead this unit."
    assert "secret" not in broken.error and "could not be made" in broken.error
    assert "disk full at /srv/secret" in caplog.text  # for the administrator, in the log
    page = client_for("leader_a").get(reverse("files:detail", args=[broken.key]))
    assert b"Failed." in page.content and b"secret" not in page.content
    assert client_for("leader_a").get(reverse("files:download", args=[broken.key])).status_code == 404


def test_a_job_is_made_once_even_if_queued_twice(world, makers):
    job = FileJob.objects.create(owner=world.users["leader_a"], kind="test.refuses", title="A", language="en")
    assert filejobs.make_file.call(job.pk) == "failed"
    assert filejobs.make_file.call(job.pk) == "not queued"


def test_an_unknown_kind_is_refused_at_once(world):
    with pytest.raises(ValueError, match="no file maker"):
        filejobs.file_job_start(user=world.users["leader_a"], kind="nothing.here", title="A")
    assert not FileJob.objects.exists()


def test_progress_writes_at_most_four_times_a_second_and_always_the_end(world, monkeypatch):
    job = FileJob.objects.create(owner=world.users["leader_a"], kind="x", title="A", language="en")
    clock = iter([100.0 + step * 0.01 for step in range(1000)])  # a call every 10 ms
    monkeypatch.setattr(filejobs.time, "monotonic", lambda: next(clock))
    progress = filejobs.Progress(job)
    with CaptureQueriesContext(connection) as writes:
        for done in range(1, 501):
            progress(done, 500)
    assert 19 <= len(writes) <= 23  # 5 s of calls: the first, one each quarter second (about 20), the last
    job.refresh_from_db()
    assert (job.done, job.total) == (500, 500)


def test_old_files_are_removed_with_their_rows(world, makers, settings):
    from django.core.files.base import ContentFile

    settings.ZEROHARM_FILE_JOBS_KEEP_DAYS = 7
    jobs = []
    for age in (8, 6):
        job = FileJob.objects.create(owner=world.users["leader_a"], kind="x", title=f"{age} days", language="en")
        job.file.save(f"{job.key.hex}.pdf", ContentFile(b"%PDF-1.7"), save=True)
        FileJob.objects.filter(pk=job.pk).update(
            status=FileJobStatus.DONE, created_at=timezone.now() - datetime.timedelta(days=age)
        )
        jobs.append(job)
    storage = jobs[0].file.storage
    assert filejobs.purge_files() == "1 files removed, 0 given up"
    assert list(FileJob.objects.values_list("title", flat=True)) == ["6 days"]
    assert not storage.exists(jobs[0].file.name) and storage.exists(jobs[1].file.name)


def test_a_file_never_made_is_given_up_after_an_hour(world):
    """The worker stopped while making it, or none runs: the page stops waiting and says to ask again."""
    ages = {"queued": 61, "running": 90}
    for status, minutes in [*ages.items(), ("done", 120)]:
        job = FileJob.objects.create(owner=world.users["leader_a"], kind="x", title=status, language="zh-hans")
        FileJob.objects.filter(pk=job.pk).update(
            status=status, created_at=timezone.now() - datetime.timedelta(minutes=minutes)
        )
    FileJob.objects.create(owner=world.users["leader_a"], kind="x", title="fresh", language="en")
    assert filejobs.purge_files() == "0 files removed, 2 given up"
    states = dict(FileJob.objects.values_list("title", "status"))
    assert states == {"queued": "failed", "running": "failed", "done": "done", "fresh": "queued"}
    assert FileJob.objects.get(title="running").error == "服务器在文件生成前已停止。请重新申请。"
