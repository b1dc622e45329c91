"""Files made by the worker: THE path for a report or a sheet too large to make inside a request.

A page that would keep a request (and a server process) busy for long asks `file_job_start` instead: a `FileJob`
row is written, the worker's `make_file` task runs the kind's maker, which reports its progress as it goes, and
the file is stored under a made name and offered to the user who asked, alone (core.views_filejobs: a page with
a progress bar that refreshes itself, then the download). The app that owns the file registers its maker in its
hooks, by dotted path (imported by the worker when first used, so a command's start-up does not load the PDF and
chart libraries a maker needs):

    register_file_maker("inspections.labels", "zeroharm.inspections.labels.labels_file", suffix=".pdf")

    def labels_file(user, params, progress) -> tuple[bytes, str]:   # (the content, the name it is downloaded under)

It runs as `user` in the language the page was in, and must scope what it reads by that user (the request's
checks are long past: the user's roles may have changed since). `progress(done, total)` may be called as often as
convenient; the row is written at most twice a second. Finished files are removed after
ZEROHARM_FILE_JOBS_KEEP_DAYS by the `core.files` scan.
"""

from __future__ import annotations

import datetime
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext
from django_tasks import task

from zeroharm.core.models import FileJob, FileJobStatus
from zeroharm.core.registry import register_scan

__all__ = ["register_file_maker", "file_job_start", "make_file", "purge_files", "Progress"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Kind:
    maker: str  # dotted path of `maker(user, params, progress) -> (content, download name)`
    suffix: str

    def make(self, *args) -> tuple[bytes, str]:
        return import_string(self.maker)(*args)


_kinds: dict[str, _Kind] = {}


def register_file_maker(kind: str, maker: str, *, suffix: str) -> None:
    """`maker`: the dotted path of the function that makes the file; `suffix` ends the stored file's made name."""
    _kinds[kind] = _Kind(maker, suffix)


def file_job_start(*, user, kind: str, title: str, params: dict | None = None) -> FileJob:
    """Queue a file for `user`: the worker makes it once this transaction commits (so it finds the row)."""
    if kind not in _kinds:
        raise ValueError(f"no file maker is registered as {kind!r}")
    job = FileJob.objects.create(
        owner=user,
        kind=kind,
        title=str(title)[:200],
        params=params or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(lambda: make_file.enqueue(job.pk))
    return job


class Progress:
    """The maker's `progress(done, total)`: the row's counts, written when a quarter of a second has passed since
    the last write (or at the end), so a maker can call it for every label without a write for each."""

    interval = 0.25

    def __init__(self, job: FileJob):
        self.job_id = job.pk
        self.written = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if done < total and now - self.written < self.interval:
            return
        self.written = now
        FileJob.objects.filter(pk=self.job_id).update(done=max(0, done), total=max(0, total))


@task()
def make_file(job_id: int) -> str:
    """Make one queued file. A job another worker has claimed, or one gone, is left alone."""
    claimed = FileJob.objects.filter(pk=job_id, status=FileJobStatus.QUEUED).update(status=FileJobStatus.RUNNING)
    if not claimed:
        return "not queued"
    job = FileJob.objects.select_related("owner").get(pk=job_id)
    kind = _kinds.get(job.kind)
    try:
        if kind is None:
            raise ValueError(f"no file maker is registered as {job.kind!r}")
        with translation.override(job.language):
            content, filename = kind.make(job.owner, job.params, Progress(job))
    except (PermissionDenied, ValidationError) as refusal:  # the user's own reason: shown as it is
        return _failed(job, _reason(refusal))
    except Exception:  # a fault of ours: logged in full, the user told it failed
        logger.exception("file job %s (%s) failed", job.pk, job.kind)
        with translation.override(job.language):
            return _failed(job, gettext("The file could not be made. Please try again; if it fails again, tell us."))
    job.file.save(f"{job.key.hex}{kind.suffix}", ContentFile(content), save=False)
    job.refresh_from_db(fields=["total"])  # as the maker's progress last wrote it
    FileJob.objects.filter(pk=job.pk).update(
        status=FileJobStatus.DONE,
        file=job.file.name,
        filename=filename[:200],
        done=job.total or 1,
        total=job.total or 1,
        finished_at=timezone.now(),
    )
    return "done"


def _reason(refusal: Exception) -> str:
    if isinstance(refusal, ValidationError):
        return " ".join(str(message) for message in refusal.messages)
    return str(refusal) or gettext("You may no longer see these records.")


def _failed(job: FileJob, error: str) -> str:
    FileJob.objects.filter(pk=job.pk).update(status=FileJobStatus.FAILED, error=error, finished_at=timezone.now())
    return "failed"


# A file not made within this long never will be (the worker stopped while making it, or none runs): said so.
GIVE_UP_AFTER = datetime.timedelta(hours=1)


@register_scan("core.files")
def purge_files(now: datetime.datetime | None = None) -> str:
    """Files kept ZEROHARM_FILE_JOBS_KEEP_DAYS, then removed with their rows (the user asks again if need be); a
    file still waiting or being made after GIVE_UP_AFTER is marked failed, so its page stops waiting."""
    now = now or timezone.now()
    before = now - datetime.timedelta(days=settings.ZEROHARM_FILE_JOBS_KEEP_DAYS)
    old = list(FileJob.objects.filter(created_at__lt=before))
    for job in old:
        if job.file:
            job.file.delete(save=False)
    FileJob.objects.filter(pk__in=[job.pk for job in old]).delete()
    stuck = FileJob.objects.filter(
        status__in=[FileJobStatus.QUEUED, FileJobStatus.RUNNING], created_at__lt=now - GIVE_UP_AFTER
    )
    given_up = 0
    for language in set(stuck.values_list("language", flat=True)):
        with translation.override(language):
            error = gettext("The server stopped before the file was made. Please ask for it again.")
        given_up += stuck.filter(language=language).update(status=FileJobStatus.FAILED, error=error, finished_at=now)
    return f"{len(old)} files removed, {given_up} given up"
