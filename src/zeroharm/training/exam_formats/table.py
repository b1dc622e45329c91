"""The common template's columns, and a question as one of its rows (what every format reads into)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from zeroharm.training.choices import QuestionType
from zeroharm.training.rules.questions import LETTERS

__all__ = [
    "COLUMNS",
    "PROBLEM",
    "OPTION_COLUMNS",
    "QuestionData",
    "data_of",
    "row_of",
    "rows_with_header",
    "topic_of_category",
    "type_of",
]

OPTION_COLUMNS = [letter.lower() for letter in LETTERS]
COLUMNS = ["question", "type", *OPTION_COLUMNS, "answer", "explanation", "topic", "difficulty", "points"]
# What a reader of another format could not make of a question (more than six options, a type we do not have):
# a column of its own, which the import refuses with the row's number instead of dropping the question silently.
PROBLEM = "problem"

# What the type column may say: our codes, the English labels, and the words Chinese question banks use.
_TYPE_WORDS = {
    QuestionType.SINGLE: {"single", "single choice", "单选", "单选题", "单项选择题"},
    QuestionType.MULTIPLE: {"multiple", "multiple choice", "多选", "多选题", "多项选择题"},
    QuestionType.TRUE_FALSE: {"true_false", "true or false", "truefalse", "判断", "判断题"},
    QuestionType.SHORT: {"short", "short answer", "简答", "简答题", "问答题"},
}
_WORD_TYPE = {word: kind for kind, words in _TYPE_WORDS.items() for word in words}


_CATEGORY_PREFIXES = ("$course$/top/", "$course$/", "$system$/top/", "$system$/", "top/")


def topic_of_category(category: str) -> str:
    """The topic a Moodle category path names: its part below the course's (or system's) top category."""
    path = category.strip().rstrip("/") + "/"
    for prefix in _CATEGORY_PREFIXES:
        if path.startswith(prefix):
            return path[len(prefix) :].rstrip("/")
    return path.rstrip("/")


def type_of(word: str) -> str:
    """The question type a cell names, or "" when it names none."""
    return _WORD_TYPE.get((word or "").strip().lower(), "")


@dataclass
class QuestionData:
    text: str
    kind: str
    options: list[str] = field(default_factory=list)
    answer: str = ""
    explanation: str = ""
    topic: str = ""
    difficulty: int | None = None
    points: Decimal | None = None
    problem: str = ""


def data_of(question) -> QuestionData:
    return QuestionData(
        text=question.text,
        kind=question.kind,
        options=list(question.options or []),
        answer=question.answer,
        explanation=question.explanation,
        topic=question.topic,
        difficulty=question.difficulty,
        points=question.points,
    )


def _number(value) -> str:
    if value is None:
        return ""
    return format(value.normalize(), "f") if isinstance(value, Decimal) else str(value)


def row_of(data: QuestionData) -> list[str]:
    """The question as a row of the template, with its problem (if any) last."""
    options = [*data.options, *[""] * (len(OPTION_COLUMNS) - len(data.options))]
    return [
        data.text,
        data.kind,
        *options[: len(OPTION_COLUMNS)],
        data.answer,
        data.explanation,
        data.topic,
        _number(data.difficulty),
        _number(data.points),
        data.problem,
    ]


def rows_with_header(questions: list[QuestionData]) -> list[list[str]]:
    """The header and one row per question: what a reader of another format gives the import."""
    return [[*COLUMNS, PROBLEM], *(row_of(data) for data in questions)]
