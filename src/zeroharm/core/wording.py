"""Punctuation that follows the page's language (issue 11, point 12). Chinese writes a label's colon, a note's
parentheses and a list's separators full width with no space around them (单位：冲压车间, 张三（冲压车间）, 甲、乙);
English writes them half width with a space after (Unit: Press shop, Zhang San (press shop), a, b). A template or
a view that puts text around a translated label goes through these, so the punctuation is translated with it."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext, pgettext

__all__ = ["colon", "labelled", "bracketed", "listed"]


def colon(label) -> str:
    """The label and its colon: "Unit:" / "单位：". The msgid is the one Django's forms use for `label_suffix`, so
    form labels and page labels are written alike."""
    return f"{label}{gettext(':')}"


def labelled(label, value) -> str:
    """A label and its value on one line: "Unit: Press shop" / "单位：冲压车间"."""
    return pgettext("a label and its value", "%(label)s: %(value)s") % {"label": label, "value": value}


def bracketed(text, note) -> str:
    """A text with a note in parentheses: "Zhang San (press shop)" / "张三（冲压车间）"."""
    return pgettext("a text and a note about it", "%(text)s (%(note)s)") % {"text": text, "note": note}


def listed(items: Iterable) -> str:
    """Items one after the other: "a, b, c" / "甲、乙、丙"."""
    return pgettext("between the items of a list", ", ").join(str(item) for item in items)
