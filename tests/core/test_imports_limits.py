"""core.imports reads every import's file within limits it checks before reading: the unpacked size of a workbook,
rows, columns and characters per cell; a broken workbook or an over-long cell is a clear refusal, never a 500; and
Excel's "Unicode text" (UTF-16 with a byte-order mark, tab-separated) is read."""

from __future__ import annotations

import io
import re
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from zeroharm.core.imports import ImportFileError, read_table


def workbook(*rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def rezip(data: bytes, change) -> bytes:
    """The workbook with each member passed through `change(name, bytes)` (None leaves it out)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            content = change(name, source.read(name))
            if content is not None:
                target.writestr(name, content)
    return out.getvalue()


def read(name: str, content: bytes, encoding="auto"):
    return read_table(SimpleUploadedFile(name, content), encoding)


def test_a_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_read(settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 2 * 2**20
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>{"x" * 40}</t></is></c></row>' for n in range(1, 60_001)
    )
    sheet = f"<sheetData>{rows}</sheetData>".encode()
    bomb = rezip(
        workbook(["a"]),
        lambda name, data: re.sub(rb"<sheetData>.*</sheetData>", sheet, data) if name.endswith("sheet1.xml") else data,
    )
    unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(bomb)).infolist())
    assert len(bomb) < unpacked / 10 and 6 * 2**20 < unpacked <= 7 * 2**20
    with pytest.raises(ImportFileError, match=r"^The workbook unpacks to 7 MB; at most 2 MB are read\.$"):
        read("bomb.xlsx", bomb)


def test_rows_beyond_the_limit_are_refused_for_csv_and_xlsx(settings):
    settings.IMPORT_MAX_ROWS = 10
    assert len(read("ten.csv", b"a,b\n" + b"1,2\n" * 10)[1]) == 10
    message = r"^The file has more than 10 rows; at most 10 are read\. Split it into smaller files\.$"
    with pytest.raises(ImportFileError, match=message):
        read("eleven.csv", b"a,b\n" + b"1,2\n" * 11)
    with pytest.raises(ImportFileError, match=message):
        read("eleven.xlsx", workbook(["a", "b"], *[[1, 2]] * 11))


def test_a_csv_of_200000_columns_is_refused_with_its_count():
    header = ",".join(f"c{i}" for i in range(200_000)).encode()
    with pytest.raises(ImportFileError, match=r"^The file has 200,000 columns; at most 200 are read\.$"):
        read("wide.csv", header + b"\n" + b"1\n")


def test_columns_beyond_the_limit_in_a_workbook_and_empty_trailing_columns(settings):
    with pytest.raises(ImportFileError, match=r"^The file has 250 columns; at most 200 are read\.$"):
        read("wide.xlsx", workbook([f"c{i}" for i in range(250)], [1]))
    # Empty cells after the last value are no columns (Excel and csv writers leave them).
    headers, rows = read("trailing.csv", b"a,b" + b"," * 500 + b"\n1,2" + b"," * 500 + b"\n")
    assert headers == ["a", "b"] and rows == [["1", "2"]]


def test_an_over_long_cell_is_refused_with_its_row_and_column():
    long = "x" * 200_000
    with pytest.raises(
        ImportFileError,
        match=r"^Row 3, column narrative: a cell of 200,000 characters; at most 10,000 "
        r"are read\.$",
    ):
        read("long.csv", f"ref,narrative\n1,short\n2,{long}\n".encode())
    with pytest.raises(
        ImportFileError,
        match=r"^Row 2, column narrative: a cell of 12,000 characters; at most 10,000 "
        r"are read\.$",
    ):
        read("long.csv", ("ref,narrative\n1," + "y" * 12_000 + "\n").encode())
    with pytest.raises(ImportFileError, match=r"^Row 2, column B: a cell of 20,000 characters"):
        read("long.xlsx", workbook(["ref"], [1, "z" * 20_000]))


@pytest.mark.parametrize(
    "change",
    [
        lambda name, data: data.replace(b"<sheetData", b"<sheetData><row") if name.endswith("sheet1.xml") else data,
        lambda name, data: data[:-20] if name == "xl/workbook.xml" else data,
        lambda name, data: re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data) if name == "xl/workbook.xml" else data,
        lambda name, data: None if name.endswith("sheet1.xml") else data,
        lambda name, data: b"<x" if name == "xl/styles.xml" else data,
    ],
    ids=["malformed sheet", "malformed workbook", "no sheet", "sheet missing", "malformed styles"],
)
def test_a_broken_workbook_is_refused_not_a_server_error(change):
    with pytest.raises(ImportFileError, match="The file is not a readable .xlsx workbook"):
        read("broken.xlsx", rezip(workbook(["a", "b"], [1, 2]), change))


def test_excel_unicode_text_is_read():
    """What Excel writes as "Unicode text": UTF-16 little-endian with a byte-order mark, tab-separated, CRLF."""
    text = '编号\tnarrative\tdate\r\nZH-1\t"右手被压伤, 住院"\t2024-03-05\r\nZH-2\tJosé fell\t2024-04-01\r\n'
    headers, rows = read("unicode.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    assert headers == ["编号", "narrative", "date"]
    assert rows == [["ZH-1", "右手被压伤, 住院", "2024-03-05"], ["ZH-2", "José fell", "2024-04-01"]]
    assert read("unicode.csv", text.encode("utf-16"), encoding="utf-8")[1][1][0] == "ZH-2"  # the mark decides


@pytest.mark.django_db
def test_the_import_pages_answer_a_bad_file_with_a_message(world, client_for, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = client_for("safety")
    wide = ",".join(f"c{i}" for i in range(200_000)).encode() + b"\n1\n"
    response = client.post(
        reverse("incidents:import"), {"file": SimpleUploadedFile("wide.csv", wide), "encoding": "auto"}
    )
    assert response.status_code == 400
    assert response.context["form"].errors["file"] == ["The file has 200,000 columns; at most 200 are read."]
    broken = rezip(
        workbook(["employee_no", "name", "unit_code"]),
        lambda name, data: data[:-20] if name.endswith("sheet1.xml") else data,
    )
    response = client.post(
        reverse("org:import", args=["people"]), {"file": SimpleUploadedFile("people.xlsx", broken), "encoding": "auto"}
    )
    assert response.status_code == 200
    assert "The file is not a readable .xlsx workbook." in response.content.decode()
