"""Answers saved as they are given, the page being left, and handing in.

A save is one small UPDATE of the candidate's item (no history row: PaperItem is a plain model on purpose), guarded
in the statement itself by the paper being open and before its deadline, and by being newer than what is stored:
the page stamps each answer with when it was given, so resending after a dropped connection, or saving the same
answer twice, changes nothing, and an older answer arriving late never overwrites a newer one."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.training.choices import PaperStatus
from zeroharm.training.models import Paper, PaperItem
from zeroharm.training.services.exam_marking import mark_on_hand_in
from zeroharm.training.services.exam_papers import PaperRefused

__all__ = ["FOCUS_LOG_MAX", "MAX_ANSWER", "candidate_paper", "hand_in", "page_left", "save_answer"]

MAX_ANSWER = 2000  # PaperItem.answer's length
FOCUS_LOG_MAX = 200  # times kept in the audit; the count goes on


def candidate_paper(user, pk: int) -> Paper:
    """The paper, if it is the signed-in candidate's own; anyone else's is not found (never "forbidden")."""
    paper = Paper.objects.select_related("exam").filter(pk=pk, person__user_id=user.pk).first()
    if paper is None:
        raise Http404
    return paper


def refusal(paper: Paper, now: datetime.datetime) -> str:
    """Why answers cannot change now ("" when they can)."""
    if paper.status != PaperStatus.OPEN:
        return _("This paper has been handed in; its answers cannot change.")
    if now > paper.deadline:
        return _("The time for this paper is over; answers given after %(when)s are not accepted.") % {
            "when": timezone.localtime(paper.deadline).strftime("%H:%M:%S")
        }
    return ""


def save_answer(
    *, paper_id: int, user_id: int, position: int, answer: str, given_at: datetime.datetime | None, now=None
) -> bool:
    """Store the candidate's answer to question `position`; True if it changed what is stored, False if a newer or
    the same one is already there. One UPDATE, which also checks that the paper is this user's, open and in time;
    only when it changes nothing is the reason looked up: not theirs (404), handed in or too late (PaperRefused)."""
    now = now or timezone.now()
    stamp = min(given_at or now, now)  # a clock ahead of the server's cannot put an answer in the future
    updated = _update(paper_id, user_id, position, (answer or "")[:MAX_ANSWER], stamp, now)
    if not updated:
        _why_unchanged(paper_id, user_id, position, now)
    return bool(updated)


def _update(paper_id: int, user_id: int, position: int, answer: str, stamp, now) -> int:
    return (
        PaperItem.objects.filter(paper_id=paper_id, position=position)
        .filter(Q(answered_at__isnull=True) | Q(answered_at__lt=stamp))
        .filter(paper__person__user_id=user_id, paper__status=PaperStatus.OPEN, paper__deadline__gte=now)
        .update(answer=answer, answered_at=stamp)
    )


def _why_unchanged(paper_id: int, user_id: int, position: int, now) -> None:
    """Raise why a save changed nothing; return if the item simply holds this answer or a newer one already."""
    paper = Paper.objects.filter(pk=paper_id, person__user_id=user_id).first()
    if paper is None:
        raise Http404
    reason = refusal(paper, now)
    if reason:
        raise PaperRefused(reason)
    if not PaperItem.objects.filter(paper_id=paper_id, position=position).exists():
        raise PaperRefused(_("This paper has no question %(n)s.") % {"n": position}, status=404)


@transaction.atomic
def page_left(*, paper: Paper, now=None) -> int:
    """Count (and note when) the candidate switched away from the open paper; the count after it."""
    now = now or timezone.now()
    current = Paper.objects.select_for_update().get(pk=paper.pk)
    if current.status != PaperStatus.OPEN:
        return current.focus_lost
    current.focus_lost = F("focus_lost") + 1
    if len(current.focus_log) < FOCUS_LOG_MAX:
        current.focus_log = [*current.focus_log, now.isoformat()]
    current.save(update_fields=["focus_lost", "focus_log"])
    current.refresh_from_db(fields=["focus_lost"])
    return current.focus_lost


@transaction.atomic
def hand_in(*, paper: Paper, acting_user, now=None, status: str = PaperStatus.SUBMITTED) -> Paper:
    """Close the paper and mark it; refused if it is closed already (nothing on it changes again)."""
    now = now or timezone.now()
    current = Paper.objects.select_for_update().select_related("exam__course", "person").get(pk=paper.pk)
    if current.status != PaperStatus.OPEN:
        raise PaperRefused(_("This paper has been handed in already."))
    current.status = status
    current.submitted_at = min(now, current.deadline)
    mark_on_hand_in(current, acting_user)
    return current
