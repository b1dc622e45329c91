"""An operating procedure's clauses read from a file: a Word document (.docx) or a table (.xlsx, .csv).

A Word document gives a clause per paragraph, or per row of a table when it keeps its clauses in one (the cells of a
row joined); each goes through `teams.parsing.clauses_from_paragraphs`, so "3.2", "3、", "（3）" and "第3条" become the
clause's number and a title line ending in 规程 is skipped. A table gives a clause per row with the columns number,
text, key risks and protective equipment, read by core.imports (size, rows, columns, cell length, encodings).

The file is checked before it is opened: its size (core.uploads), its first bytes, and for a Word document the size
its zip unpacks to, as core.imports does for a workbook. Every clause is then checked against the limits of a
procedure (how many clauses, how long a text), each refusal naming its paragraph or row and column. Nothing here
writes: the page shows what was read, and `services.procedures.clauses_replace` writes it, all or nothing.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.exports import Sheet, csv_bytes, xlsx_bytes
from zeroharm.core.imports import ImportColumn, ImportFileError, RowError, read_upload
from zeroharm.core.uploads import DocumentRule, file_clean
from zeroharm.teams.choices import Ppe
from zeroharm.teams.models import Clause
from zeroharm.teams.parsing import clauses_from_paragraphs, split_number
from zeroharm.teams.services.procedures import MAX_CLAUSES

__all__ = ["COLUMNS", "ClauseFile", "clauses_read", "ppe_codes", "template_xlsx", "template_csv"]

ENDINGS = (".docx", ".xlsx", ".csv")
# python-docx parses the whole document into memory (openpyxl streams a workbook): its XML is held to less than
# what a workbook may unpack to. A procedure of 500 long clauses is a few MB of it.
DOCX_MAX_XML_BYTES = 32 * 2**20

COLUMNS = [
    ImportColumn("number", gettext_lazy("The clause's number; empty: the next whole number"), False, "3.2"),
    ImportColumn("text", gettext_lazy("The clause, at most 2,000 characters"), True, "作业前检查砂轮片无裂纹"),
    ImportColumn("key_risks", gettext_lazy("Key risks of the clause"), False, "砂轮破裂飞溅伤人"),
    ImportColumn(
        "ppe",
        gettext_lazy("Protective equipment: names or codes (sheet “ppe”), separated by commas or 、"),
        False,
        "安全帽、护目镜",
    ),
]
# What a first row may call each column (compared without case, spaces, underscores or hyphens).
HEADERS = {
    "number": {"number", "no", "no.", "编号", "序号", "条号", "条款号", "条款编号"},
    "text": {"text", "clause", "条款", "内容", "条款内容"},
    "key_risks": {"keyrisks", "risks", "关键风险", "主要风险", "风险"},
    "ppe": {"ppe", "protectiveequipment", "防护用品", "劳动防护用品", "个体防护装备", "劳保用品"},
}
_PPE_SEPARATORS = re.compile(r"[,，、;；\n]+")
_FOLDED = re.compile(r"[\s_\-]+")


@dataclass
class ClauseFile:
    """The clauses read (dicts of number, text, key_risks, ppe, in order) and what is wrong with them."""

    clauses: list[dict] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _fold(text: str) -> str:
    return _FOLDED.sub("", text.casefold())


def _number(value: int) -> str:
    return number_format(value, force_grouping=True)


def _limit(name: str) -> int:
    return Clause._meta.get_field(name).max_length


def clauses_read(upload, encoding: str = "auto") -> ClauseFile:
    """The clauses of an uploaded .docx, .xlsx or .csv file; ImportFileError when the file as a whole is refused."""
    name = (upload.name or "").lower()
    if name.endswith(".doc"):
        raise ImportFileError(_("An old Word .doc file cannot be read; save it as .docx (Word or WPS) first."))
    if not name.endswith(ENDINGS):
        raise ImportFileError(_("Only Word documents (.docx), .xlsx workbooks and .csv text files can be imported."))
    read = _from_docx(upload) if name.endswith(".docx") else _from_table(read_upload(upload, encoding))
    if not read.clauses and not read.errors:
        raise ImportFileError(_("The file holds no clauses."))
    if len(read.clauses) > MAX_CLAUSES:
        read.errors.insert(
            0,
            _("The file holds %(count)s clauses; a procedure holds at most %(limit)s.")
            % {"count": _number(len(read.clauses)), "limit": _number(MAX_CLAUSES)},
        )
    return read


#
# Word documents
#


def _from_docx(upload) -> ClauseFile:
    import docx  # python-docx: loaded only when a Word document is imported

    rule = DocumentRule(
        signatures={".docx": (b"PK\x03\x04",)},
        max_bytes=settings.IMPORT_MAX_BYTES,
        not_allowed=gettext_lazy("%(name)s is not a Word document (.docx)."),
    )
    try:
        file_clean(upload, field=None, rule=rule)  # the size from what the upload declares, then its first bytes
    except ValidationError as exc:
        raise ImportFileError(" ".join(exc.messages)) from exc
    upload.seek(0)
    data = upload.read(settings.IMPORT_MAX_BYTES + 1)
    if len(data) > settings.IMPORT_MAX_BYTES:
        raise ImportFileError(_("The file is larger than %(mb)s MB.") % {"mb": settings.IMPORT_MAX_BYTES // 2**20})
    not_readable = _("%(name)s is not a readable Word document (.docx).") % {"name": upload.name}
    _check_unpacked_size(data, not_readable)
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = list(_blocks(document))
    except Exception as exc:  # any failure of the parser on an uploaded file means "not readable", never a 500
        raise ImportFileError(not_readable) from exc
    texts = [text for _where, text in blocks]
    clauses = clauses_from_paragraphs(texts)
    # clauses_from_paragraphs skips only title lines before the first clause: the rest are the clauses, in order.
    places = [where for where, _text in blocks[len(blocks) - len(clauses) :]]
    read = ClauseFile(clauses=[{**c, "key_risks": "", "ppe": []} for c in clauses])
    read.errors = _clause_errors(read.clauses, places)
    return read


def _check_unpacked_size(data: bytes, not_readable: str) -> None:
    """Refuse a document whose zip unpacks beyond the limits before anything is parsed (the sizes the archive
    declares; zipfile never unpacks a member beyond its declared size)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise ImportFileError(not_readable) from exc
    size = sum(info.file_size for info in members)
    xml = sum(info.file_size for info in members if info.filename.endswith((".xml", ".rels")))
    for measured, limit in ((size, settings.IMPORT_MAX_UNPACKED_BYTES), (xml, DOCX_MAX_XML_BYTES)):
        if measured > limit:
            raise ImportFileError(
                _("The document unpacks to %(size)s MB; at most %(limit)s MB are read.")
                % {"size": _number(-(-measured // 2**20)), "limit": _number(limit // 2**20)}
            )


def _blocks(document):
    """(where, text) of each non-empty paragraph and table row of the document's body, in order. A table's first row
    is its header, and skipped, when it holds no number and the row after it does."""
    from docx.table import Table

    paragraph = table_number = 0
    for block in document.iter_inner_content():
        if not isinstance(block, Table):
            paragraph += 1
            if block.text.strip():
                yield _("paragraph %(n)s") % {"n": paragraph}, block.text.strip()
            continue
        table_number += 1
        rows = _row_texts(block)
        if len(rows) > 1 and not split_number(rows[0])[0] and split_number(rows[1])[0]:
            rows[0] = ""
        for index, text in enumerate(rows, start=1):
            if text:
                yield _("table %(table)s, row %(row)s") % {"table": table_number, "row": index}, text


def _row_texts(table) -> list[str]:
    """Each row's cells joined by a space. A merged cell is read once: python-docx repeats a cell spanning columns
    in its row, and the cell above for a row a vertical merge continues (that row then shows nothing of it)."""
    texts, above = [], set()
    for row in table.rows:
        cells = row.cells
        # The cell's XML element is the identity of a merged cell; the sets hold the elements themselves, which keeps
        # lxml's proxy of each the same object while it is compared.
        elements = {cell._tc for cell in cells}
        parts, seen = [], set()
        for cell in cells:
            if cell._tc in seen or cell._tc in above:
                continue
            seen.add(cell._tc)
            if cell.text.strip():
                parts.append(" ".join(cell.text.split()))
        above = elements
        texts.append(" ".join(parts))
    return texts


#
# Tables: .xlsx and .csv through core.imports
#


def _columns(table) -> dict[str, int]:
    """Each known column's index in the file's first row; the text column must be there."""
    found = {}
    for index, header in enumerate(table.headers):
        for name, names in HEADERS.items():
            if name not in found and _fold(header) in names:
                found[name] = index
    if "text" not in found:
        raise ImportFileError(_("The first row must name the columns; missing: %(columns)s.") % {"columns": "text"})
    return found


def _from_table(table) -> ClauseFile:
    columns, labels, names = _columns(table), table.labels, _ppe_names()
    read, places, counter = ClauseFile(), [], 0
    for row_number, cells in enumerate(table.rows, start=2):  # row 1 is the header, as the user sees it in Excel
        row = {name: cells[index].strip() if index < len(cells) else "" for name, index in columns.items()}
        number, text = row.get("number", ""), row["text"]
        if not number:
            number, text = split_number(text)
        if not text:
            read.errors.append(str(RowError(row_number, labels[columns["text"]], "", _("the clause is empty"))))
            continue
        if number.isdigit():
            counter = int(number)
        elif not number:
            counter += 1
            number = str(counter)
        try:
            ppe = ppe_codes(row.get("ppe", ""), names)
        except ValueError as exc:
            read.errors.append(str(RowError(row_number, labels[columns["ppe"]], row["ppe"], str(exc))))
            ppe = []
        read.clauses.append({"number": number, "text": text, "key_risks": row.get("key_risks", ""), "ppe": ppe})
        places.append(_("row %(row)s") % {"row": row_number})
    read.errors.extend(_clause_errors(read.clauses, places))
    return read


def _ppe_names() -> dict[str, str]:
    """Each protective equipment's code and its label in every language of the site, folded, to its code."""
    known = {}
    for code, label in Ppe.choices:
        known[_fold(code)] = code
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                known[_fold(str(label))] = code
    return known


def ppe_codes(text: str, names: dict[str, str] | None = None) -> list[str]:
    """The Ppe codes of "安全帽、护目镜" or "helmet, goggles": codes, or labels in any of the site's languages.
    ValueError naming what is not protective equipment."""
    known = names or _ppe_names()
    codes, unknown = [], []
    for item in _PPE_SEPARATORS.split(text or ""):
        if not item.strip():
            continue
        code = known.get(_fold(item))
        if code is None:
            unknown.append(item.strip())
        elif code not in codes:
            codes.append(code)
    if unknown:
        raise ValueError(
            _("not protective equipment: %(items)s (use the names or codes of the template's sheet “ppe”)")
            % {"items": "、".join(unknown)}
        )
    return codes


#
# The limits of a clause, each refusal naming where the clause is in the file
#


def _clause_errors(clauses: list[dict], places: list[str]) -> list[str]:
    errors, seen = [], {}
    limits = {name: _limit(name) for name in ("number", "text", "key_risks")}
    for clause, where in zip(clauses, places, strict=True):
        number = clause["number"]
        if number in seen:
            errors.append(
                _("%(where)s: the number %(number)s is used twice (also at %(first)s).")
                % {"where": where, "number": number, "first": seen[number]}
            )
        seen.setdefault(number, where)
        for name, reason in (
            ("number", _("the number has %(length)s characters; at most %(limit)s")),
            ("text", _("the clause has %(length)s characters; at most %(limit)s")),
            ("key_risks", _("the key risks have %(length)s characters; at most %(limit)s")),
        ):
            if len(clause[name]) > limits[name]:
                message = reason % {"length": _number(len(clause[name])), "limit": _number(limits[name])}
                errors.append(
                    _("%(where)s (clause %(number)s): %(reason)s.")
                    % {"where": where, "number": number[:16], "reason": message}
                )
    return errors


#
# The template
#


def template_xlsx() -> bytes:
    """The columns to fill in, what each means, and the protective equipment by name and code."""
    help_rows = [[c.name, _("yes") if c.required else _("no"), str(c.help), c.example] for c in COLUMNS]
    languages = [language for language, _name in settings.LANGUAGES]
    ppe_rows = [[code, *(_label_in(label, language) for language in languages)] for code, label in Ppe.choices]
    return xlsx_bytes(
        [
            Sheet("data", [c.name for c in COLUMNS]),
            Sheet("help", [_("column"), _("required"), _("meaning"), _("example")], help_rows),
            Sheet("ppe", [_("code"), *(str(name) for _language, name in settings.LANGUAGES)], ppe_rows),
        ]
    )


def template_csv() -> bytes:
    return csv_bytes([c.name for c in COLUMNS], [])


def _label_in(label, language: str) -> str:
    with translation.override(language):
        return str(label)
