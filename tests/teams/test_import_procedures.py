"""Importing a procedure's clauses from a Word document, a workbook or a csv file: what each gives, the refusals
(each naming where and why, nothing written), the preview → confirm flow, and who reaches the page."""

from __future__ import annotations

import io
import zipfile

import docx
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from tests.support.permissions import check_answer, expected_status, reaches
from tests.teams.factories import procedure_in_force
from zeroharm.teams.choices import VersionStatus
from zeroharm.teams.services.procedures import MAX_CLAUSES, clauses_replace

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"teams:procedure_import"}
PERSONAS = ["anonymous", "leader_b", "worker_a1a", "monitor_a1a", "director_a1", "leader_a", "auditor", "safety"]


def import_url(procedure, query=""):
    return reverse("teams:procedure_import", args=[procedure.pk]) + query


def docx_bytes(paragraphs=(), table=None) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, text in enumerate(row):
                grid.cell(r, c).text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def draft_clauses(procedure):
    draft = procedure.versions.get(status=VersionStatus.DRAFT)
    return [(c.number, c.text, c.key_risks, c.ppe) for c in draft.clauses.order_by("position")]


def upload(client, procedure, name, content, **data):
    return client.post(import_url(procedure), {"file": SimpleUploadedFile(name, content), "encoding": "auto", **data})


def imported(client, procedure, name, content, **data):
    """Upload, check the preview, confirm: the response of the confirmation."""
    preview = upload(client, procedure, name, content, **data)
    assert preview.status_code == 200, preview.context and preview.context["read"]
    assert preview.context["read"].errors == []
    return client.post(import_url(procedure), {"token": preview.context["token"]})


def unchanged(procedure):
    """Nothing written: no draft started, the version in force as it was."""
    assert list(procedure.versions.values_list("status", flat=True)) == [VersionStatus.IN_FORCE]
    assert procedure.current.clauses.count() == 3


@pytest.fixture
def procedure(world):
    return procedure_in_force(world, n=3)


#
# What each kind of file gives
#


def test_a_word_document_gives_a_clause_per_paragraph(world, client_for, procedure):
    content = docx_bytes(
        [
            "角磨机安全操作规程",
            "",
            "1. 作业前检查砂轮片无裂纹",
            "2、佩戴防护面罩和防护手套",
            "   ",
            "（3）禁止拆除防护罩",
            "第4条 停机断电后方可更换砂轮片",
            "4.1 更换后空转一分钟",
            "作业结束清理现场",
        ]
    )
    director = client_for("director_a1")
    preview = upload(director, procedure, "规程.docx", content)
    assert preview.status_code == 200
    assert "作业前检查砂轮片无裂纹" in preview.content.decode() and "replaces all clauses" in preview.content.decode()
    assert draft_clauses(procedure)[0][1] == "OP-1 1"  # the preview wrote nothing yet: the copy in force
    confirmed = director.post(import_url(procedure), {"token": preview.context["token"]})
    assert confirmed.status_code == 302 and confirmed["Location"] == procedure.get_absolute_url()
    assert draft_clauses(procedure) == [
        ("1", "作业前检查砂轮片无裂纹", "", []),
        ("2", "佩戴防护面罩和防护手套", "", []),
        ("3", "禁止拆除防护罩", "", []),
        ("4", "停机断电后方可更换砂轮片", "", []),
        ("4.1", "更换后空转一分钟", "", []),
        ("5", "作业结束清理现场", "", []),
    ]
    draft = procedure.versions.get(status=VersionStatus.DRAFT)
    assert draft.change_note == "Clauses imported from 规程.docx."
    assert procedure.current.clauses.count() == 3  # the version in force is untouched


def test_a_word_document_with_its_clauses_in_a_table(world, client_for, procedure):
    content = docx_bytes(
        ["焊接作业操作规程"],
        table=[["序号", "条款内容"], ["1", "持证上岗"], ["2", "清理周围可燃物"], ["3", "佩戴焊接面罩"]],
    )
    response = imported(client_for("director_a1"), procedure, "weld.docx", content, change_note="从 Word 导入")
    assert response.status_code == 302
    assert [c[:2] for c in draft_clauses(procedure)] == [
        ("1", "持证上岗"),
        ("2", "清理周围可燃物"),
        ("3", "佩戴焊接面罩"),
    ]
    assert procedure.versions.get(status=VersionStatus.DRAFT).change_note == "从 Word 导入"


def test_a_workbook_gives_a_clause_per_row(world, client_for, procedure):
    content = xlsx_bytes(
        [
            ["序号", "条款内容", "主要风险", "防护用品"],
            [1, "检查砂轮片", "砂轮破裂", "安全帽、护目镜"],
            ["1.1", "确认防护罩完好", None, "helmet, gloves"],
            [None, "2 佩戴防护面罩", "飞溅", "Face shield or welding mask"],
            [None, "清理现场", None, None],
        ]
    )
    response = imported(client_for("director_a1"), procedure, "clauses.xlsx", content)
    assert response.status_code == 302
    assert draft_clauses(procedure) == [
        ("1", "检查砂轮片", "砂轮破裂", ["helmet", "goggles"]),
        ("1.1", "确认防护罩完好", "", ["helmet", "gloves"]),
        ("2", "佩戴防护面罩", "飞溅", ["face_shield"]),
        ("3", "清理现场", "", []),
    ]


def test_a_utf8_csv(world, client_for, procedure):
    content = "number,text,key_risks,ppe\r\n1,佩戴安全帽,物体打击,helmet\r\n2,系好安全带,高处坠落,安全带、安全帽\r\n"
    response = imported(client_for("director_a1"), procedure, "clauses.csv", content.encode("utf-8"))
    assert response.status_code == 302
    assert draft_clauses(procedure) == [
        ("1", "佩戴安全帽", "物体打击", ["helmet"]),
        ("2", "系好安全带", "高处坠落", ["harness", "helmet"]),
    ]


def test_a_gbk_csv(world, client_for, procedure):
    lines = [
        "序号,条款,关键风险,防护用品",
        "1,进入受限空间前必须检测氧含量和有毒气体浓度,中毒窒息,呼吸防护用品",
        "2,作业期间设专人监护，不得离开,中毒窒息,",
        "3,电焊作业时穿戴绝缘手套和绝缘靴,触电,绝缘手套和绝缘靴；防护服",
    ]
    content = "\r\n".join(lines).encode("gbk")
    response = imported(client_for("director_a1"), procedure, "受限空间.csv", content)
    assert response.status_code == 302
    assert draft_clauses(procedure) == [
        ("1", "进入受限空间前必须检测氧含量和有毒气体浓度", "中毒窒息", ["respirator"]),
        ("2", "作业期间设专人监护，不得离开", "中毒窒息", []),
        ("3", "电焊作业时穿戴绝缘手套和绝缘靴", "触电", ["insulating", "clothing"]),
    ]


def test_the_templates(world, client_for, procedure):
    director = client_for("director_a1")
    workbook = openpyxl.load_workbook(io.BytesIO(director.get(import_url(procedure, "?template=xlsx")).content))
    assert workbook.sheetnames == ["data", "help", "ppe"]
    assert [c.value for c in workbook["data"][1]] == ["number", "text", "key_risks", "ppe"]
    assert ("helmet", "Safety helmet", "安全帽") in list(workbook["ppe"].values)
    assert director.get(import_url(procedure, "?template=csv")).content.decode("utf-8-sig").startswith("number,text")


#
# Refusals: each names where and why, and nothing is written
#


def refusal(response) -> str:
    assert response.status_code == 400
    read, form = response.context["read"], response.context["form"]
    return " ".join(read.errors if read else form.errors["file"])


def test_a_file_that_is_not_a_word_document(world, client_for, procedure):
    director = client_for("director_a1")
    assert "is not a Word document" in refusal(upload(director, procedure, "fake.docx", b"%PDF-1.7 not a zip"))
    renamed = xlsx_bytes([["a"]])  # a zip, but a workbook's
    assert "is not a readable Word document" in refusal(upload(director, procedure, "book.docx", renamed))
    assert "save it as .docx" in refusal(upload(director, procedure, "old.doc", b"\xd0\xcf\x11\xe0"))
    assert "Only Word documents" in refusal(upload(director, procedure, "clauses.pdf", b"%PDF-1.7"))
    unchanged(procedure)


def test_an_oversized_file(world, client_for, procedure, settings):
    settings.IMPORT_MAX_BYTES = 2**20
    director = client_for("director_a1")
    big = b"PK\x03\x04" + b"\0" * 2**20
    assert "is larger than 1 MB" in refusal(upload(director, procedure, "big.docx", big))
    assert "larger than 1 MB" in refusal(upload(director, procedure, "big.csv", b"text\r\n" + b"x" * 2**20))
    unchanged(procedure)


def test_a_document_that_unpacks_beyond_the_limit(world, client_for, procedure, settings):
    settings.IMPORT_MAX_UNPACKED_BYTES = 2**20
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "a", zipfile.ZIP_DEFLATED) as archive:
        with zipfile.ZipFile(io.BytesIO(docx_bytes(["1. 佩戴安全帽"]))) as source:
            for info in source.infolist():
                archive.writestr(info, source.read(info))
        archive.writestr("word/media/padding.bin", b"\0" * 3 * 2**20)  # 3 MB that pack into a few KB
    message = refusal(upload(client_for("director_a1"), procedure, "bomb.docx", buffer.getvalue()))
    assert "unpacks to 4 MB; at most 1 MB" in message
    unchanged(procedure)


def test_too_many_clauses(world, client_for, procedure):
    rows = "".join(f"{n},条款 {n}\r\n" for n in range(1, MAX_CLAUSES + 2))
    message = refusal(upload(client_for("director_a1"), procedure, "many.csv", ("number,text\r\n" + rows).encode()))
    assert "The file holds 501 clauses; a procedure holds at most 500." in message
    unchanged(procedure)


def test_a_clause_too_long_and_a_number_used_twice(world, client_for, procedure):
    content = docx_bytes(["1. 佩戴安全帽", "", "2. " + "长" * 2001, "1、再次编号"])
    errors = upload(client_for("director_a1"), procedure, "long.docx", content).context["read"].errors
    assert errors == [
        "paragraph 3 (clause 2): the clause has 2,001 characters; at most 2,000.",
        "paragraph 4: the number 1 is used twice (also at paragraph 1).",
    ]
    unchanged(procedure)


def test_unknown_protective_equipment_names_its_row_and_column(world, client_for, procedure):
    content = xlsx_bytes(
        [["number", "text", "防护用品"], [1, "佩戴安全帽", "安全帽"], [2, "系安全带", "安全带、飞行器"]]
    )
    response = upload(client_for("director_a1"), procedure, "ppe.xlsx", content)
    assert refusal(response).startswith("row 3, column 防护用品: not protective equipment: 飞行器")
    assert b"nothing was imported" in response.content and b'name="token"' not in response.content
    unchanged(procedure)


def test_a_table_without_the_text_column(world, client_for, procedure):
    message = refusal(upload(client_for("director_a1"), procedure, "x.csv", b"number,risk\r\n1,fall\r\n"))
    assert message == "The first row must name the columns; missing: text."
    unchanged(procedure)


#
# The confirmation writes what the server read, once, and only over the draft it previewed
#


def test_an_unknown_or_used_token_writes_nothing(world, client_for, procedure):
    director = client_for("director_a1")
    response = director.post(import_url(procedure), {"token": "0" * 32}, follow=True)
    assert b"That preview has expired" in response.content
    unchanged(procedure)
    preview = upload(director, procedure, "a.csv", "text\r\n佩戴安全帽\r\n".encode())
    token = preview.context["token"]
    assert director.post(import_url(procedure), {"token": token}).status_code == 302
    again = director.post(import_url(procedure), {"token": token}, follow=True)
    assert b"That preview has expired" in again.content
    assert draft_clauses(procedure) == [("1", "佩戴安全帽", "", [])]


def test_a_draft_saved_since_the_preview_is_not_overwritten(world, client_for, procedure):
    director = client_for("director_a1")
    preview = upload(director, procedure, "a.csv", "text\r\n佩戴安全帽\r\n".encode())
    draft = procedure.versions.get(status=VersionStatus.DRAFT)
    typed = [{"number": "9", "text": "typed meanwhile", "key_risks": "", "ppe": []}]
    clauses_replace(
        version=draft, clauses=typed, change_note="", acting_user=world.users["leader_a"], expected_version=None
    )
    response = director.post(import_url(procedure), {"token": preview.context["token"]}, follow=True)
    assert b"Someone else changed this record" in response.content
    assert draft_clauses(procedure) == [("9", "typed meanwhile", "", [])]


#
# Who reaches the page
#


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reaches_the_page(world, client_for, procedure, persona):
    """Procedures are a catalogue every team-safety role reads (even another branch's leader, or a worker whose
    role reaches only his own records), changed in their owner's subtree: whoever reads the procedure without the
    right to change it is refused (403), as on the draft's page (test_views_procedures)."""
    c = Client() if persona == "anonymous" else client_for(persona)
    if persona == "anonymous":
        expected = expected_status(persona, "teams", "change", "A1")
    else:
        expected = 200 if reaches(persona, "teams", "change", "A1") else 403
    assert expected == {"leader_b": 403, "worker_a1a": 403, "director_a1": 200}.get(persona, expected)
    check_answer(c.get(import_url(procedure)), expected)
    posted = c.post(import_url(procedure), {"file": SimpleUploadedFile("a.csv", b"text\r\nx\r\n"), "encoding": "auto"})
    check_answer(posted, expected)
    if expected != 200:
        unchanged(procedure)


def test_the_procedure_page_links_the_import(world, client_for, procedure):
    page = client_for("director_a1").get(reverse("teams:procedure_detail", args=[procedure.pk]))
    assert import_url(procedure).encode() in page.content
    page = client_for("worker_a1a").get(reverse("teams:procedure_detail", args=[procedure.pk]))
    assert import_url(procedure).encode() not in page.content
