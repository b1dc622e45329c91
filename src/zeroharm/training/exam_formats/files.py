"""A bank's questions as files (xlsx through core.exports, Moodle XML, GIFT), and the readers the import uses."""

from __future__ import annotations

from django.utils.translation import gettext as _

from zeroharm.core.exports import Sheet, xlsx_bytes
from zeroharm.core.imports import ImportFileError
from zeroharm.training.exam_formats.gift import parse_gift, write_gift
from zeroharm.training.exam_formats.moodle import parse_moodle, write_moodle
from zeroharm.training.exam_formats.table import COLUMNS, QuestionData, row_of, rows_with_header

__all__ = ["READERS", "EXPORTS", "gift_rows", "moodle_rows"]


def _decoded(data: bytes, encoding: str) -> str:
    try:
        return data.decode("utf-8-sig" if encoding == "auto" else encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise ImportFileError(_("The GIFT file is not UTF-8 text; choose its encoding in the form.")) from exc


def gift_rows(data: bytes, encoding: str) -> list[list[str]]:
    return rows_with_header(parse_gift(_decoded(data, encoding)))


def moodle_rows(data: bytes, encoding: str) -> list[list[str]]:
    return rows_with_header(parse_moodle(data))


# file name ending → reader, for core.imports (Importer.readers); xlsx and csv are read by core.imports itself
READERS = {".xml": moodle_rows, ".gift": gift_rows, ".gift.txt": gift_rows}


def xlsx_file(questions: list[QuestionData]) -> bytes:
    rows = [row_of(data)[: len(COLUMNS)] for data in questions]
    return xlsx_bytes([Sheet("questions", COLUMNS, rows)])


def moodle_file(questions: list[QuestionData]) -> bytes:
    return write_moodle(questions)


def gift_file(questions: list[QuestionData]) -> bytes:
    return write_gift(questions).encode("utf-8")


# format → (writer, file name ending)
EXPORTS = {"xlsx": (xlsx_file, ".xlsx"), "xml": (moodle_file, ".xml"), "gift": (gift_file, ".gift.txt")}
