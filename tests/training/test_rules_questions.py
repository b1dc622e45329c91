import pytest

from zeroharm.training.choices import QuestionType as Q
from zeroharm.training.rules.questions import is_correct, normalise_answer, question_errors


@pytest.mark.parametrize(
    ("kind", "options", "answer", "field"),
    [
        (Q.SINGLE, ["a", "b", "c"], "B", None),
        (Q.SINGLE, ["a", "b", "c"], "D", "answer"),
        (Q.SINGLE, ["a", "b", "c"], "AB", "answer"),
        (Q.SINGLE, ["a"], "A", "options"),
        (Q.SINGLE, ["a", ""], "A", "options"),
        (Q.MULTIPLE, ["a", "b", "c", "d"], "A,C", None),
        (Q.MULTIPLE, ["a", "b", "c", "d"], "C", "answer"),
        (Q.MULTIPLE, list("abcdefg"), "AB", "options"),
        (Q.TRUE_FALSE, [], "对", None),
        (Q.TRUE_FALSE, [], "maybe", "answer"),
        (Q.TRUE_FALSE, ["x", "y"], "T", "options"),
        (Q.SHORT, [], "Cut the power first.", None),
        (Q.SHORT, [], "  ", "answer"),
    ],
)
def test_question_errors(kind, options, answer, field):
    errors = question_errors(kind, options, answer)
    assert (next(iter(errors)) if errors else None) == field


@pytest.mark.parametrize(
    ("kind", "right", "given", "correct"),
    [
        (Q.SINGLE, "B", "b", True),
        (Q.SINGLE, "B", "C", False),
        (Q.SINGLE, "B", "", False),
        (Q.MULTIPLE, "ACD", "DCA", True),
        (Q.MULTIPLE, "ACD", "AC", False),  # all and only the right options
        (Q.MULTIPLE, "ACD", "ABCD", False),
        (Q.TRUE_FALSE, "T", "正确", True),
        (Q.TRUE_FALSE, "F", "T", False),
        (Q.SHORT, "x", "x", None),
    ],
)
def test_marking(kind, right, given, correct):
    assert is_correct(kind, right, given) is correct


def test_normalise():
    assert normalise_answer(Q.MULTIPLE, "c, a; a") == "AC"
    assert normalise_answer(Q.TRUE_FALSE, "×") == "F"
