"""The standards the code cites are in the repository (issue 11, point 7).

Comments and docs cite `docs/standards/<page>.md#<anchor>`; a citation of the internal reference file that is
not in the repository, or of a page or heading that does not exist, fails here. No database.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
STANDARDS = ROOT / "docs" / "standards"
THIS = Path(__file__).resolve()
# Built from two parts so that this file does not cite what it forbids.
OUTSIDE_REFERENCE = "STANDARDS" + ".md"
SKIPPED_DIRS = {"__pycache__", "node_modules", ".pytest_cache", ".ruff_cache"}
CITATION = re.compile(r"docs/standards/([\w.-]+\.md)(?:#([\w-]+))?")
# A Markdown link from docs/ or from a page of docs/standards/ to a page of docs/standards/.
DOC_LINK = re.compile(r"\]\(((?:standards/)?[\w.-]+\.md)(?:#([\w-]+))?\)")


def _files(*tops: str):
    for top in tops:
        for path in sorted((ROOT / top).rglob("*")):
            if path.is_file() and not SKIPPED_DIRS.intersection(path.relative_to(ROOT).parts):
                yield path


def slug(heading: str) -> str:
    """GitHub's anchor of a heading: lower case, punctuation dropped, spaces → '-'."""
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def anchors(page: Path) -> set[str]:
    """The anchors of a Markdown page's headings (outside code blocks), with GitHub's -1, -2 … for repeats."""
    found: set[str] = set()
    in_code = False
    for line in page.read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            in_code = not in_code
        match = None if in_code else re.match(r"#{1,6} (.+)", line)
        if match:
            base, n = slug(match.group(1)), 0
            while (anchor := base if n == 0 else f"{base}-{n}") in found:
                n += 1
            found.add(anchor)
    return found


def _broken(citations) -> list[str]:
    """Each (where, page, anchor) whose page is missing or has no such heading."""
    broken = []
    for where, page, anchor in citations:
        target = STANDARDS / page
        if not target.is_file():
            broken.append(f"{where}: no page docs/standards/{page}")
        elif anchor and anchor not in anchors(target):
            broken.append(f"{where}: docs/standards/{page} has no heading #{anchor}")
    return broken


def test_slug_follows_github():
    assert slug("Accident grades Decree 493") == "accident-grades-decree-493"
    assert slug("Four do-not-let-go gates") == "four-do-not-let-go-gates"
    assert slug("Electronic submission (ITA)") == "electronic-submission-ita"
    assert slug("Generic 5 x 5 matrix") == "generic-5-x-5-matrix"


def test_nothing_cites_the_reference_outside_the_repository():
    offending = [
        str(path.relative_to(ROOT))
        for path in _files("src", "tests", "docs", "benchmarks")
        if path != THIS and OUTSIDE_REFERENCE.encode() in path.read_bytes()
    ]
    assert offending == []


def test_every_citation_in_code_names_a_page_and_heading_that_exist():
    citations = []
    for path in _files("src", "tests", "benchmarks"):
        if path.suffix in {".py", ".html", ".txt", ".po"} and path != THIS:
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                citations += [(f"{path.relative_to(ROOT)}:{number}", *m.groups()) for m in CITATION.finditer(line)]
    assert citations, "the code cites docs/standards/ (at least the GB 6441 categories and the risk bands)"
    assert _broken(citations) == []


@pytest.mark.parametrize("top", ["docs", "README.md"])
def test_every_link_in_the_docs_to_a_standards_page_resolves(top):
    citations = []
    paths = [ROOT / top] if top.endswith(".md") else [p for p in _files(top) if p.suffix == ".md"]
    for path in paths:
        text = path.read_text(encoding="utf-8")
        in_standards = path.parent == STANDARDS
        for m in CITATION.finditer(text):
            citations.append((str(path.relative_to(ROOT)), *m.groups()))
        for m in DOC_LINK.finditer(text):
            page, anchor = m.groups()
            if page.startswith("standards/") and path.parent == ROOT / "docs":
                citations.append((str(path.relative_to(ROOT)), page.removeprefix("standards/"), anchor))
            elif in_standards and "/" not in page:
                citations.append((str(path.relative_to(ROOT)), page, anchor))
        for m in re.finditer(r"\]\(#([\w-]+)\)", text):
            if in_standards:
                citations.append((str(path.relative_to(ROOT)), path.name, m.group(1)))
    assert _broken(citations) == []


def test_the_index_lists_every_page():
    index = (STANDARDS / "README.md").read_text(encoding="utf-8")
    pages = {p.name for p in STANDARDS.glob("*.md")} - {"README.md"}
    assert pages and all(f"]({page})" in index for page in pages)


def test_the_test_modules_the_pages_name_exist():
    named = {m for page in STANDARDS.glob("*.md") for m in re.findall(r"`(tests/[\w/]+\.py)`", page.read_text("utf-8"))}
    assert named and sorted(m for m in named if not (ROOT / m).is_file()) == []
