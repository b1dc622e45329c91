"""Clauses from text: a clause per paragraph (a typed list, a Word document's paragraphs, a spreadsheet's rows).

A paragraph that opens with a number ("3.", "3.2", "3、", "（3）", "第3条") keeps it as the clause's number; one without
takes the next whole number. Empty paragraphs and a title line ending in "规程" or "procedure" are skipped."""

from __future__ import annotations

import re

__all__ = ["clauses_from_paragraphs", "split_number"]

_NUMBER = re.compile(r"^\s*(?:第\s*(\d+)\s*条|[（(]\s*(\d+)\s*[)）]|(\d+(?:\.\d+)*))\s*[.、．:：)）]?\s*")


def split_number(paragraph: str) -> tuple[str, str]:
    """("3.2", "the text") from "3.2 the text"; ("", text) when it opens with no number."""
    match = _NUMBER.match(paragraph)
    if not match or match.end() == len(paragraph.rstrip()):
        return "", paragraph.strip()
    number = next(group for group in match.groups() if group)
    return number, paragraph[match.end() :].strip()


def clauses_from_paragraphs(paragraphs) -> list[dict]:
    clauses, counter = [], 0
    for raw in paragraphs:
        text = (raw or "").strip()
        if not text:
            continue
        number, body = split_number(text)
        if not number and not clauses and (text.endswith("规程") or text.lower().endswith("procedure")):
            continue  # the document's title
        if number.isdigit():
            counter = int(number)
        elif not number:
            counter += 1
            number = str(counter)
        clauses.append({"number": number, "text": body})
    return clauses
