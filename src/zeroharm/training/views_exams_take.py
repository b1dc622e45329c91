"""The candidate's pages: my exams, starting a paper, taking it one question per screen, handing it in.

Only the signed-in candidate opens their paper (anyone else: 404). Saving an answer answers the page's script in
JSON (saved or kept), or, for a plain form without the script, goes on to the next question."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from zeroharm.training.choices import PaperStatus
from zeroharm.training.models import Exam
from zeroharm.training.selectors.exams import candidate_exams, shown_items
from zeroharm.training.services.exam_answers import candidate_paper, hand_in, page_left, refusal, save_answer
from zeroharm.training.services.exam_papers import PaperRefused, candidate_of, start_paper

__all__ = ["MyExamsView", "StartView", "TakeView", "AnswerView", "LeftView", "HandInView"]


class MyExamsView(LoginRequiredMixin, View):
    def get(self, request):
        try:
            person = candidate_of(request.user)
        except PaperRefused as exc:
            return render(request, "training/exams/my_exams.html", {"refusal": str(exc), "rows": []})
        now = timezone.now()
        rows = [(exam, papers, exam.opens_at <= now < exam.closes_at) for exam, papers in candidate_exams(person, now)]
        return render(request, "training/exams/my_exams.html", {"rows": rows})


class StartView(LoginRequiredMixin, View):
    def post(self, request, pk):
        exam = get_object_or_404(Exam, pk=pk, is_archived=False)
        try:
            paper = start_paper(exam=exam, user=request.user)
        except PaperRefused as exc:
            if exc.status == 404:
                raise Http404 from exc
            messages.error(request, str(exc))
            return HttpResponseRedirect(reverse("training:my_exams"))
        return HttpResponseRedirect(paper.get_absolute_url())


class TakeView(LoginRequiredMixin, View):
    """The paper: one question per screen (the script shows one at a time; ?q=N without it), or its result."""

    def get(self, request, pk):
        paper = candidate_paper(request.user, pk)
        now = timezone.now()
        if paper.status == PaperStatus.OPEN and now > paper.deadline:
            paper = hand_in(paper=paper, acting_user=request.user, now=now, status=PaperStatus.EXPIRED)
        items = shown_items(paper)
        closed = refusal(paper, now)
        template = "training/exams/paper_result.html" if closed else "training/exams/paper_take.html"
        current = _position(request.GET.get("q"), len(items))
        return render(request, template, {"paper": paper, "items": items, "current": current, "closed": closed})


def _position(value, count: int) -> int:
    return int(value) if str(value or "").isdigit() and 1 <= int(value) <= count else 1


def _given_at(value) -> datetime.datetime | None:
    """When the page says the answer was given (milliseconds since 1970, the script's clock)."""
    try:
        return datetime.datetime.fromtimestamp(int(value) / 1000, tz=datetime.UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


class AnswerView(LoginRequiredMixin, View):
    def post(self, request, pk):
        # No read before the write: the save's one UPDATE checks the paper is this user's, open and in time.
        position = _position(request.POST.get("position"), 10**4)
        answer = "".join(request.POST.getlist("answer"))
        url = reverse("training:paper_take", args=[pk])
        try:
            changed = save_answer(
                paper_id=pk,
                user_id=request.user.pk,
                position=position,
                answer=answer,
                given_at=_given_at(request.POST.get("at")),
            )
        except PaperRefused as exc:
            if _wants_json(request):
                return JsonResponse({"error": str(exc)}, status=exc.status)
            messages.error(request, str(exc))
            return HttpResponseRedirect(url)
        if _wants_json(request):
            return JsonResponse({"position": position, "saved": changed})
        return HttpResponseRedirect(f"{url}?q={position + 1}")


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


class LeftView(LoginRequiredMixin, View):
    """The page was hidden or lost focus (sent by the page's script with navigator.sendBeacon)."""

    def post(self, request, pk):
        paper = candidate_paper(request.user, pk)
        return JsonResponse({"focus_lost": page_left(paper=paper)})


class HandInView(LoginRequiredMixin, View):
    def post(self, request, pk):
        paper = candidate_paper(request.user, pk)
        try:
            hand_in(paper=paper, acting_user=request.user)
        except PaperRefused as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Your paper has been handed in."))
        return HttpResponseRedirect(paper.get_absolute_url())
