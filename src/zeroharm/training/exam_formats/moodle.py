"""Moodle XML: multichoice (single and multiple), truefalse, shortanswer, and essay (read as a short answer).

Parsed with defusedxml, which refuses entity declarations and external references (no billion laughs, no file or
network reads). A category question sets the topic of the questions after it; the difficulty travels as a tag
`difficulty:N`, the points as `defaultgrade`. Other question types are returned with a problem the import names.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal, InvalidOperation
from xml.etree.ElementTree import Element, SubElement, tostring

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring
from django.utils.translation import gettext as _

from zeroharm.core.imports import ImportFileError
from zeroharm.training.choices import QuestionType
from zeroharm.training.exam_formats.table import OPTION_COLUMNS, QuestionData, topic_of_category
from zeroharm.training.rules.questions import FALSE, LETTERS, TRUE

__all__ = ["parse_moodle", "write_moodle"]


def _text(element: Element | None, path: str = "text") -> str:
    """The text of `path` under `element`, HTML tags taken out when the element says its format is html."""
    if element is None:
        return ""
    node = element.find(path)
    value = (node.text if node is not None else "") or ""
    if element.get("format", "html") in ("html", "moodle_auto_format"):
        value = html.unescape(re.sub(r"<br\s*/?>|</p>\s*<p>", "\n", value))
        value = html.unescape(re.sub(r"<[^>]+>", "", value)) if "<" in value else value
    return value.strip()


def parse_moodle(data: bytes) -> list[QuestionData]:
    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError) as exc:
        raise ImportFileError(_("The file is not a readable Moodle XML file: %(error)s.") % {"error": exc}) from exc
    if root.tag != "quiz":
        raise ImportFileError(_("The file is not a Moodle XML question file (its root is not <quiz>)."))
    questions, topic = [], ""
    for node in root.iter("question"):
        kind = node.get("type", "")
        if kind == "category":
            topic = topic_of_category(_text(node.find("category")))
            continue
        questions.append(_question(node, kind, topic))
    return questions


def _question(node: Element, kind: str, topic: str) -> QuestionData:
    data = QuestionData(
        text=_text(node.find("questiontext")),
        kind="",
        explanation=_text(node.find("generalfeedback")),
        topic=topic,
        difficulty=_difficulty(node),
        points=_points(node),
    )
    reader = _READERS.get(kind)
    if reader is None:
        data.problem = _("Moodle questions of type “%(type)s” are not read.") % {"type": kind}
        return data
    reader(node, data)
    return data


def _difficulty(node: Element) -> int | None:
    for tag in node.iterfind("tags/tag"):
        match = re.fullmatch(r"difficulty:([123])", _text(tag))
        if match:
            return int(match.group(1))
    return None


def _points(node: Element) -> Decimal | None:
    try:
        return Decimal((node.findtext("defaultgrade") or "").strip())
    except InvalidOperation:
        return None


def _fraction(answer: Element) -> float:
    try:
        return float(answer.get("fraction", "0"))
    except ValueError:
        return 0.0


def _multichoice(node: Element, data: QuestionData) -> None:
    answers = node.findall("answer")
    data.options = [_text(answer) for answer in answers]
    right = [i for i, answer in enumerate(answers) if _fraction(answer) > 0]
    single = (node.findtext("single") or "true").strip().lower() in ("true", "1")
    data.kind = QuestionType.SINGLE if single else QuestionType.MULTIPLE
    data.answer = "".join(LETTERS[i] for i in right if i < len(LETTERS))
    if len(data.options) > len(OPTION_COLUMNS):
        data.problem = _("More than six options.")


def _truefalse(node: Element, data: QuestionData) -> None:
    data.kind = QuestionType.TRUE_FALSE
    for answer in node.findall("answer"):
        if _fraction(answer) > 0:
            data.answer = TRUE if _text(answer).lower() == "true" else FALSE


def _shortanswer(node: Element, data: QuestionData) -> None:
    data.kind = QuestionType.SHORT
    data.answer = "\n".join(_text(answer) for answer in node.findall("answer") if _fraction(answer) > 0)


def _essay(node: Element, data: QuestionData) -> None:
    data.kind = QuestionType.SHORT
    data.answer = _text(node.find("graderinfo"))


_READERS = {"multichoice": _multichoice, "truefalse": _truefalse, "shortanswer": _shortanswer, "essay": _essay}


#
# Writing
#


def _add_text(parent: Element, tag: str, value: str, *, fmt: str | None = "plain_text") -> Element:
    element = SubElement(parent, tag, {"format": fmt} if fmt else {})
    SubElement(element, "text").text = value
    return element


def _answer(parent: Element, fraction: float, value: str) -> None:
    _add_text(parent, "answer", value).set("fraction", f"{fraction:g}")


def _write_answers(node: Element, data: QuestionData) -> None:
    if data.kind == QuestionType.TRUE_FALSE:
        _answer(node, 100 if data.answer == TRUE else 0, "true")
        _answer(node, 100 if data.answer == FALSE else 0, "false")
    elif data.kind == QuestionType.SHORT:
        for alternative in data.answer.split("\n"):
            _answer(node, 100, alternative)
    else:
        right = set(data.answer)
        SubElement(node, "single").text = "true" if data.kind == QuestionType.SINGLE else "false"
        SubElement(node, "shuffleanswers").text = "true"
        share = 100 / max(len(right), 1)
        for i, option in enumerate(data.options):
            _answer(node, share if LETTERS[i] in right else 0, option)


_WRITTEN_TYPE = {
    QuestionType.SINGLE: "multichoice",
    QuestionType.MULTIPLE: "multichoice",
    QuestionType.TRUE_FALSE: "truefalse",
    QuestionType.SHORT: "shortanswer",
}


def _question_node(root: Element, number: int, data: QuestionData) -> None:
    node = SubElement(root, "question", {"type": _WRITTEN_TYPE[data.kind]})
    _add_text(node, "name", f"Q{number}", fmt=None)
    _add_text(node, "questiontext", data.text)
    _add_text(node, "generalfeedback", data.explanation)
    SubElement(node, "defaultgrade").text = str(data.points if data.points is not None else 1)
    if data.difficulty:
        _add_text(SubElement(node, "tags"), "tag", f"difficulty:{data.difficulty}", fmt=None)
    _write_answers(node, data)


def write_moodle(questions: list[QuestionData]) -> bytes:
    root, topic = Element("quiz"), None
    for number, data in enumerate(questions, start=1):
        if data.topic != topic:
            topic = data.topic
            category = SubElement(root, "question", {"type": "category"})
            _add_text(category, "category", f"$course$/top/{topic}" if topic else "$course$/top", fmt=None)
        _question_node(root, number, data)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + tostring(root, encoding="unicode").encode("utf-8")
