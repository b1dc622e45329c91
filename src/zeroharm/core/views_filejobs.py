"""The page of a file the worker makes (core.filejobs): its progress while it is made, then its download. Only the
user who asked sees either; anyone else, as for a record they cannot see, gets 404."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views import View

from zeroharm.core.filejobs import file_job_start
from zeroharm.core.models import FileJob, FileJobStatus

__all__ = ["FileJobView", "FileJobDownloadView", "file_job_ask"]

# Still waiting after this long: the page says the worker may not be running (docs/deployment.md).
WORKER_PATIENCE = datetime.timedelta(minutes=2)


def file_job_ask(request, *, kind: str, title: str, params: dict, why: str):
    """For a page whose file is too large to make now: on GET, a page that says so with a button; its POST (to the
    same address, the same query string) queues the file and goes to its page. A GET never queues anything, so a
    reload or a link preview makes no file."""
    if request.method == "POST":
        job = file_job_start(user=request.user, kind=kind, title=title, params=params)
        return redirect("files:detail", key=job.key)
    return render(request, "core/file_job_ask.html", {"title": title, "why": why, "action": request.get_full_path()})


class FileJobView(LoginRequiredMixin, View):
    """The whole page, or (htmx, every second while it is made) only its status."""

    def get(self, request, key):
        job = get_object_or_404(FileJob, key=key, owner=request.user)
        finished = job.status in (FileJobStatus.DONE, FileJobStatus.FAILED)
        context = {
            "job": job,
            "finished": finished,
            "keep_days": settings.ZEROHARM_FILE_JOBS_KEEP_DAYS,
            "worker_late": job.status == FileJobStatus.QUEUED and timezone.now() - job.created_at > WORKER_PATIENCE,
        }
        if request.htmx:
            return render(request, "core/_file_job_status.html", context)
        context["others"] = (
            FileJob.objects.filter(owner=request.user).exclude(pk=job.pk).order_by("-created_at", "-pk")[:10]
        )
        return render(request, "core/file_job.html", context)


class FileJobDownloadView(LoginRequiredMixin, View):
    def get(self, request, key):
        job = get_object_or_404(FileJob, key=key, owner=request.user, status=FileJobStatus.DONE)
        return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)
