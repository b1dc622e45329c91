"""THE Word file writer (python-docx) for documents issued from the records (a summary review, a campaign's closing
report): a header line (the group's name), headings, paragraphs, grid tables and pictures, saved to bytes.

User text goes in as text runs, never as markup (python-docx escapes it); a paragraph break is a blank line in the
text, as the page's textareas have it. Cells are strings: the caller formats numbers and dates the way the page
shows them."""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence

__all__ = ["WordDocument"]

PICTURE_WIDTH_CM = 14  # a chart across an A4 page's text width, with margins


class WordDocument:
    def __init__(self, *, header: str | None, title: str):
        from docx import Document

        self._document = Document()
        if header:
            self._document.sections[0].header.paragraphs[0].text = header
        self._document.add_heading(title, level=0)

    def heading(self, text: str, level: int = 1) -> None:
        self._document.add_heading(text, level=level)

    def text(self, text: str) -> None:
        """One paragraph per block of the text (blocks are separated by a blank line); nothing for empty text."""
        for block in (b.strip() for b in text.split("\n\n")):
            if block:
                self._document.add_paragraph(block)

    def numbered(self, items: Iterable[str]) -> None:
        for item in items:
            self._document.add_paragraph(item, style="List Number")

    def table(self, header: Sequence[str], rows: Iterable[Sequence[str]]) -> None:
        table = self._document.add_table(rows=1, cols=len(header))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, header, strict=True):
            cell.text = str(text)
        for row in rows:
            for cell, text in zip(table.add_row().cells, row, strict=True):
                cell.text = str(text)

    def picture(self, png: bytes) -> None:
        from docx.shared import Cm

        self._document.add_picture(io.BytesIO(png), width=Cm(PICTURE_WIDTH_CM))

    def bytes(self) -> bytes:
        out = io.BytesIO()
        self._document.save(out)
        return out.getvalue()
