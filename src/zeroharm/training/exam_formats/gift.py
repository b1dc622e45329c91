"""GIFT, Moodle's plain-text question format: the subset of single and multiple choice, true/false and short answer.

    // a comment
    $CATEGORY: Fire safety
    ::Q1:: Which extinguisher suits an electrical fire? {=CO2 ~Water ~Foam #### Water conducts.}
    Pick all that apply {~%50%Gloves ~%50%Goggles ~%-100%Sandals}
    A permit is needed for hot work.{T}
    Name the gas. {=carbon monoxide =CO}
    Describe the lock-out steps. {}

Special characters in text are escaped: \\: \\= \\~ \\# \\{ \\}. Numeric, matching and missing-word questions are not
read; each is returned with a problem, which the import names by its row.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from zeroharm.training.choices import QuestionType
from zeroharm.training.exam_formats.table import OPTION_COLUMNS, QuestionData, topic_of_category
from zeroharm.training.rules.questions import FALSE, LETTERS, TRUE

__all__ = ["parse_gift", "write_gift"]

SPECIAL = ":=~#{}"
# Escaped specials are swapped for private-use characters while the text is split, then swapped back.
_HIDE = {f"\\{char}": chr(0xE000 + index) for index, char in enumerate(SPECIAL)}
_SHOW = {hidden: escaped[1] for escaped, hidden in _HIDE.items()}
_TRUE_WORDS, _FALSE_WORDS = {"T", "TRUE"}, {"F", "FALSE"}


def _hide(text: str) -> str:
    text = text.replace("\\\\", "\ue0ff").replace("\\n", "\ue0fe")
    for escaped, hidden in _HIDE.items():
        text = text.replace(escaped, hidden)
    return text


def _show(text: str) -> str:
    for hidden, char in _SHOW.items():
        text = text.replace(hidden, char)
    return text.replace("\ue0fe", "\n").replace("\ue0ff", "\\").strip()


def _blocks(text: str):
    """(category, block) for each question; a `$CATEGORY:` line sets the topic of the questions after it."""
    category = ""
    lines = [line for line in text.replace("\r\n", "\n").split("\n") if not line.lstrip().startswith("//")]
    for block in re.split(r"\n\s*\n", "\n".join(lines)):
        block = block.strip()
        if not block:
            continue
        if block.startswith("$CATEGORY:"):
            first, _newline, rest = block.partition("\n")
            category = topic_of_category(first.removeprefix("$CATEGORY:").strip())
            block = rest.strip()
            if not block:
                continue
        yield category, block


def parse_gift(text: str) -> list[QuestionData]:
    return [_question(_hide(block), topic) for topic, block in _blocks(text)]


def _question(block: str, topic: str) -> QuestionData:
    if block.startswith("::"):
        block = block[2:].partition("::")[2]  # the title: not kept (a question here has none)
    block = re.sub(r"^\s*\[(html|moodle|plain|markdown)\]", "", block)
    before, brace, rest = block.partition("{")
    body, closing, after = rest.partition("}")
    text = _show(re.sub(r"<[^>]+>", "", before))
    if not brace or not closing:
        return QuestionData(text=text, kind="", topic=topic, problem=_("No answer block {…}: not a question."))
    if after.strip():
        return QuestionData(text=text, kind="", topic=topic, problem=_("Missing-word questions are not read."))
    body, _sep, feedback = body.partition("####")
    data = _answers(body.strip())
    data.text, data.topic, data.explanation = text, _show(topic), _show(feedback)
    return data


def _answers(body: str) -> QuestionData:
    """What the answer block says: true/false, choices (= right, ~ wrong, ~%n% weighted), alternatives or nothing."""
    word = body.split("#", 1)[0].strip().upper()
    if word in _TRUE_WORDS | _FALSE_WORDS:
        return QuestionData(text="", kind=QuestionType.TRUE_FALSE, answer=TRUE if word in _TRUE_WORDS else FALSE)
    if not body:
        return QuestionData(text="", kind=QuestionType.SHORT)  # an essay: the marker reads it
    if body.startswith("#") or "->" in body:
        return QuestionData(text="", kind="", problem=_("Numeric and matching questions are not read."))
    items = re.findall(r"([=~])([^=~]*)", body)
    if not items or re.sub(r"[=~][^=~]*", "", body).strip():
        return QuestionData(text="", kind="", problem=_("The answer block could not be read."))
    if all(marker == "=" for marker, _text in items):
        alternatives = [_show(text.split("#", 1)[0]) for _marker, text in items]
        return QuestionData(text="", kind=QuestionType.SHORT, answer="\n".join(alternatives))
    return _choices(items)


def _choices(items: list[tuple[str, str]]) -> QuestionData:
    options, right = [], []
    for marker, text in items:
        text = text.split("#", 1)[0]
        weight = re.match(r"\s*%(-?[\d.]+)%", text)
        if weight:
            text = text[weight.end() :]
        options.append(_show(text))
        if marker == "=" or (weight and float(weight.group(1)) > 0):
            right.append(len(options) - 1)
    problem = _("More than six options.") if len(options) > len(OPTION_COLUMNS) else ""
    answer = "".join(LETTERS[index] for index in right if index < len(LETTERS))
    kind = QuestionType.MULTIPLE if len(right) > 1 else QuestionType.SINGLE
    return QuestionData(text="", kind=kind, options=options, answer=answer, problem=problem)


#
# Writing
#


def _escape(text: str) -> str:
    text = (text or "").replace("\\", "\\\\")
    for char in SPECIAL:
        text = text.replace(char, f"\\{char}")
    return text.replace("\r\n", "\n").replace("\n", "\\n")


def _block(data: QuestionData) -> str:
    if data.kind == QuestionType.TRUE_FALSE:
        body = "TRUE" if data.answer == TRUE else "FALSE"
    elif data.kind == QuestionType.SHORT:
        body = " ".join(f"={_escape(alt)}" for alt in data.answer.split("\n") if alt.strip())
    else:
        right = set(data.answer)
        share = 100 / max(len(right), 1)
        weights = {True: f"%{share:g}%", False: "%-100%"} if data.kind == QuestionType.MULTIPLE else None
        body = " ".join(_option(LETTERS[i] in right, option, weights) for i, option in enumerate(data.options))
    if data.explanation:
        body += f" ####{_escape(data.explanation)}"
    return f"{_escape(data.text)} {{{body}}}"


def _option(is_right: bool, option: str, weights: dict | None) -> str:
    if weights is None:
        return f"{'=' if is_right else '~'}{_escape(option)}"
    return f"~{weights[is_right]}{_escape(option)}"


def write_gift(questions: list[QuestionData]) -> str:
    """The questions as GIFT, a `$CATEGORY:` line before each change of topic."""
    out, topic = [], None
    for data in questions:
        if data.topic != topic:
            topic = data.topic
            out.append(f"$CATEGORY: {topic}\n" if topic else "$CATEGORY: \n")
        out.append(_block(data) + "\n")
    return "\n".join(out)
