"""core.cells: what a list cell shows is what Django and django-tables2 show, worked out with less per cell."""

from __future__ import annotations

import datetime
import zoneinfo

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


MOMENTS = [
    datetime.datetime(2026, 12, 4, 23, 59, 7, tzinfo=datetime.UTC),  # the next day in Shanghai
    datetime.datetime(2026, 1, 2, 3, 4, 5, tzinfo=zoneinfo.ZoneInfo("America/New_York")),
    datetime.datetime(2026, 6, 30, 12, 0),  # naive
]
FORMATS = ["Y-m-d H:i", "Y-m-d", "H:i:s", "d/m/Y 100%", "y.m.d", "j M Y, P", r"Y-m-d \a\t H:i", "DATE_FORMAT"]


@pytest.mark.parametrize("moment", MOMENTS)
@pytest.mark.parametrize("date_format", FORMATS)
@pytest.mark.parametrize("language", ["en", "zh-hans"])
def test_a_moment_is_shown_as_the_date_filter_shows_it(moment, date_format, language, settings):
    from django.template.defaultfilters import date
    from django.utils.timezone import template_localtime

    settings.TIME_ZONE = "Asia/Shanghai"
    with override(language):
        assert cells.date_filter(moment, date_format) == date(template_localtime(moment), date_format)


def test_a_moment_in_digits_needs_no_formatter():
    from unittest import mock

    from django.utils import dateformat

    with mock.patch.object(dateformat, "format", side_effect=AssertionError("formatted the slow way")):
        assert cells.date_filter(MOMENTS[0], "Y-m-d H:i") == "2026-12-05 07:59"
