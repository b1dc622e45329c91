"""What makes a question well formed, and how an answer is marked (pure: used by forms, imports and exams)."""

from __future__ import annotations

import string

from django.utils.translation import gettext as _

from zeroharm.training.choices import QuestionType

__all__ = ["LETTERS", "question_errors", "normalise_answer", "is_correct", "TRUE", "FALSE"]

LETTERS = string.ascii_uppercase[:6]  # A–F
TRUE, FALSE = "T", "F"
_TRUE_WORDS = {"T", "TRUE", "Y", "YES", "对", "正确", "是", "√", "✓"}
_FALSE_WORDS = {"F", "FALSE", "N", "NO", "错", "错误", "否", "×", "✗"}


def normalise_answer(kind: str, answer: str) -> str:
    """The stored form of an answer: sorted distinct letters for choices, T/F for true-false, trimmed text else."""
    text = (answer or "").strip()
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        return "".join(sorted({ch for ch in text.upper() if ch in LETTERS}))
    if kind == QuestionType.TRUE_FALSE:
        word = text.upper()
        if word in _TRUE_WORDS:
            return TRUE
        if word in _FALSE_WORDS:
            return FALSE
        return word
    return text


def question_errors(kind: str, options: list, answer: str) -> dict[str, str]:
    """Field → message for a malformed question; empty when it is fine."""
    errors = {}
    options = [str(option).strip() for option in options or []]
    stored = normalise_answer(kind, answer)
    if kind in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        if len(options) < 2 or len(options) > len(LETTERS) or not all(options):
            errors["options"] = _("A choice question needs 2 to 6 options, none empty.")
        elif not stored or any(LETTERS.index(letter) >= len(options) for letter in stored):
            errors["answer"] = _("The answer must name options that exist (A to %(last)s).") % {
                "last": LETTERS[len(options) - 1]
            }
        elif kind == QuestionType.SINGLE and len(stored) != 1:
            errors["answer"] = _("A single-choice question has exactly one right option.")
        elif kind == QuestionType.MULTIPLE and len(stored) < 2:
            errors["answer"] = _("A multiple-choice question has at least two right options.")
    elif kind == QuestionType.TRUE_FALSE:
        if options:
            errors["options"] = _("A true-or-false question has no options.")
        if stored not in (TRUE, FALSE):
            errors["answer"] = _("The answer of a true-or-false question is T or F (对 or 错).")
    elif kind == QuestionType.SHORT:
        if not stored:
            errors["answer"] = _("Give the model answer, which the marker compares with.")
    else:
        errors["kind"] = _("Unknown question type.")
    return errors


def is_correct(kind: str, right: str, given: str) -> bool | None:
    """Whether `given` is right; None for a short answer, which a person marks. Multiple choice: all and only."""
    if kind == QuestionType.SHORT:
        return None
    given = normalise_answer(kind, given)
    return bool(given) and given == normalise_answer(kind, right)
