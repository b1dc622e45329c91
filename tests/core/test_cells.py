"""core.cells: what a list cell shows is what Django and django-tables2 show, worked out with less per cell."""

from __future__ import annotations

import pytest
from django.utils.text import Truncator
from django.utils.translation import override

from zeroharm.core import cells

TEXTS = [
    "",
    "short",
    "x" * 80,
    "x" * 81,
    "Loose guard " * 9,
    "输送带防护罩松动，" * 12,
    "Cafe\u0301 " * 30,  # a combining accent: counted as Truncator counts it
    "e\u0301" * 79 + "tail",
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_truncated_text_is_what_truncator_gives(text, language):
    with override(language):
        assert cells.truncated(text, 80) == Truncator(text).chars(80)


def test_format_html_escapes_its_arguments_as_django_does():
    from django.utils.html import format_html
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext_lazy

    args = ("<b>&\"'", mark_safe("<i>kept</i>"), gettext_lazy("overdue"), 3)
    assert cells.format_html("{} {} {} {}", *args) == format_html("{} {} {} {}", *args)
