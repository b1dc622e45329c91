"""Question files: GIFT and Moodle XML read into the template's rows, and every format gives back what it wrote."""

import io
from decimal import Decimal

import pytest

from zeroharm.core.imports import ImportFileError, read_upload
from zeroharm.training.exam_formats.files import EXPORTS, READERS
from zeroharm.training.exam_formats.gift import parse_gift, write_gift
from zeroharm.training.exam_formats.moodle import parse_moodle, write_moodle
from zeroharm.training.exam_formats.table import COLUMNS, QuestionData, type_of

GIFT = r"""// a comment line
$CATEGORY: $course$/top/Fire safety

::Q1:: Which extinguisher suits an electrical fire? {=CO2 ~Water ~Foam #### Water conducts electricity.}

Pick the protective equipment {~%50%Gloves ~%50%Goggles ~%-100%Sandals}

A hot-work permit is needed on site.{T}

Smoking is allowed in the store.{FALSE}

$CATEGORY: Gas
Name the gas \{colourless\}\: {=carbon monoxide =CO}

Describe the lock-out steps. {}

What is 2\=2? {#2}
"""


def test_gift_reads_each_kind_with_topics_titles_and_escapes():
    questions = parse_gift(GIFT)
    assert [(q.kind, q.answer, q.topic) for q in questions] == [
        ("single", "A", "Fire safety"),
        ("multiple", "AB", "Fire safety"),
        ("true_false", "T", "Fire safety"),
        ("true_false", "F", "Fire safety"),
        ("short", "carbon monoxide\nCO", "Gas"),
        ("short", "", "Gas"),
        ("", "", "Gas"),
    ]
    first = questions[0]
    assert first.text == "Which extinguisher suits an electrical fire?"
    assert first.options == ["CO2", "Water", "Foam"]
    assert first.explanation == "Water conducts electricity."
    assert questions[4].text == "Name the gas {colourless}:"
    assert questions[1].options == ["Gloves", "Goggles", "Sandals"]
    assert questions[6].problem  # numeric: named, not dropped


def test_gift_seven_options_is_a_problem_not_a_silent_cut():
    (question,) = parse_gift("Pick {=a ~b ~c ~d ~e ~f ~g}")
    assert question.problem and len(question.options) == 7


MOODLE = b"""<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Electrical</text></category></question>
  <question type="multichoice">
    <name><text>Q1</text></name>
    <questiontext format="html"><text><![CDATA[<p>Who may <b>repair</b> a switchboard?</p>]]></text></questiontext>
    <generalfeedback format="html"><text>Only licensed electricians.</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="0" format="html"><text>Anyone</text></answer>
    <answer fraction="100" format="html"><text>A licensed electrician</text></answer>
    <tags><tag><text>difficulty:3</text></tag></tags>
  </question>
  <question type="multichoice">
    <questiontext format="plain_text"><text>Which are PPE?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>Helmet</text></answer>
    <answer fraction="-100"><text>Radio</text></answer>
    <answer fraction="50"><text>Boots</text></answer>
  </question>
  <question type="truefalse">
    <questiontext format="html"><text>Water conducts.</text></questiontext>
    <answer fraction="100"><text>true</text></answer><answer fraction="0"><text>false</text></answer>
  </question>
  <question type="shortanswer">
    <questiontext format="html"><text>Unit of current?</text></questiontext>
    <answer fraction="100"><text>ampere</text></answer><answer fraction="100"><text>A</text></answer>
  </question>
  <question type="essay">
    <questiontext format="html"><text>Explain earthing.</text></questiontext>
    <graderinfo format="html"><text>A path to earth for fault current.</text></graderinfo>
  </question>
  <question type="matching"><questiontext><text>Match</text></questiontext></question>
</quiz>"""


def test_moodle_reads_each_kind():
    questions = parse_moodle(MOODLE)
    assert [(q.kind, q.answer, q.topic) for q in questions] == [
        ("single", "B", "Electrical"),
        ("multiple", "AC", "Electrical"),
        ("true_false", "T", "Electrical"),
        ("short", "ampere\nA", "Electrical"),
        ("short", "A path to earth for fault current.", "Electrical"),
        ("", "", "Electrical"),
    ]
    first = questions[0]
    assert first.text == "Who may repair a switchboard?"
    assert (first.points, first.difficulty, first.explanation) == (Decimal(2), 3, "Only licensed electricians.")
    assert questions[-1].problem


@pytest.mark.parametrize(
    "payload",
    [
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><quiz>&b;</quiz>',
        b'<?xml version="1.0"?><!DOCTYPE quiz [<!ENTITY x SYSTEM "file:///etc/passwd">]><quiz>&x;</quiz>',
        b"<quiz><question",
        b"<html></html>",
    ],
    ids=["entities", "external-entity", "malformed", "not-a-quiz"],
)
def test_moodle_refuses_entities_external_references_and_junk(payload):
    with pytest.raises(ImportFileError):
        parse_moodle(payload)


SAMPLE = [
    QuestionData("Pick one: a=b?", "single", ["x {1}", "y ~ z", "w#"], "B", "Because: yes", "Fire", 1, Decimal("2")),
    QuestionData("Pick two", "multiple", ["a", "b", "c"], "AC", "", "Fire", 2, Decimal("1")),
    QuestionData("Line one\nline two", "true_false", [], "F", "", "", 3, Decimal("1.5")),
    QuestionData("Name it", "short", [], "carbon monoxide\nCO", "Back\\slash", "Gas", 2, Decimal("10")),
]


def _same(read, written, *, with_grades=True):
    keys = ("text", "kind", "options", "answer", "explanation", "topic")
    keys += ("difficulty", "points") if with_grades else ()
    assert [[getattr(q, k) for k in keys] for q in read] == [[getattr(q, k) for k in keys] for q in written]


def test_gift_round_trip():
    _same(parse_gift(write_gift(SAMPLE)), SAMPLE, with_grades=False)  # GIFT has no difficulty or points


def test_moodle_round_trip():
    _same(parse_moodle(write_moodle(SAMPLE)), SAMPLE)


@pytest.mark.parametrize("fmt", ["xlsx", "xml", "gift"])
def test_each_export_reads_back_as_the_template_rows(fmt, settings):
    writer, ending = EXPORTS[fmt]
    upload = io.BytesIO(writer(SAMPLE))
    upload.name = f"bank{ending}"
    table = read_upload(upload, readers=READERS)
    assert table.headers[: len(COLUMNS)] == COLUMNS
    first = dict(zip(table.headers, table.rows[0], strict=False))
    assert (first["question"], first["type"], first["a"], first["answer"]) == ("Pick one: a=b?", "single", "x {1}", "B")


def test_type_words_of_chinese_banks():
    assert [type_of(w) for w in ("单选题", "多选", "判断题", "简答题", "Single", "essay")] == [
        "single",
        "multiple",
        "true_false",
        "short",
        "single",
        "",
    ]
