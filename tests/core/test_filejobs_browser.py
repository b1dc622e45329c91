"""A file the worker makes, in a real browser on a phone (390 × 844): the label sheet asked for, the progress bar
moving as the worker reports (htmx, every second, no reload), then the download, which a PDF reader opens."""

from __future__ import annotations

import pypdf
import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.conftest import World
from tests.support.browser import PHONE_390, check_phone, sign_in
from zeroharm.core import filejobs
from zeroharm.core.models import FileJob, FileJobStatus
from zeroharm.inspections.models import InspectionPoint

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_asked_for_followed_and_downloaded_on_a_phone(new_context, live_server, artifacts, settings):
    settings.ZEROHARM_LABELS_AT_ONCE = 3
    world = World()
    for n in range(5):
        InspectionPoint.objects.create(unit=world.unit("A1a"), code=f"IP-PH-{n}", name=f"Valve {n}")
    # No worker runs here: the test makes the job when it says so.
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    page = sign_in(new_context, live_server, "leader_a", PHONE_390)
    page.goto(live_server.url + reverse("inspections:point_labels") + f"?ancestor_id={world.unit('A').pk}")
    expect(page.get_by_text("More than 3 labels take a while to draw.")).to_be_visible()
    check_phone(page, artifacts, "file-job-ask")
    page.get_by_role("button", name="Make the file").click()
    page.wait_for_url(f"{live_server.url}/files/**")
    expect(page.get_by_text("Waiting for the worker")).to_be_visible()
    job_id = FileJob.objects.get().pk

    FileJob.objects.filter(pk=job_id).update(status=FileJobStatus.RUNNING, done=3, total=10)
    expect(page.locator("#file-job progress")).to_have_attribute("value", "30", timeout=5_000)
    expect(page.get_by_text("step 3 of 10")).to_be_visible()
    check_phone(page, artifacts, "file-job-progress")

    FileJob.objects.filter(pk=job_id).update(status=FileJobStatus.QUEUED)
    assert filejobs.make_file.call(job_id) == "done"  # what the worker does
    download_link = page.get_by_role("link", name="Download")
    expect(download_link).to_be_visible(timeout=5_000)
    check_phone(page, artifacts, "file-job-ready")
    with page.expect_download() as caught:
        download_link.click()
    pdf = pypdf.PdfReader(caught.value.path())
    text = "".join(p.extract_text() for p in pdf.pages)
    assert all(f"IP-PH-{n}" in text for n in range(5))
