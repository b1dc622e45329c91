"""Chinese text follows Chinese conventions (issue 11, point 12): full-width punctuation next to Chinese text,
percentages written 93.8% with no space, thousands grouped, and words checked (a US state is 州, not 状态)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from tests.core.chinese import CJK, HALF_BY_CJK

PO = Path(__file__).resolve().parents[2] / "src" / "zeroharm" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

# Placeholders (%(n)s, %s, {{ n }}) and HTML tags are not text: they stand for a neutral character in the checks.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifrx]|%[sdifrx]|\{\{[^}]*\}\}|</?[A-Za-z][^<>]*>")
# "93.8 %": a number or a placeholder, a space, then a literal percent sign (%% in a python-format string).
SPACED_PERCENT = re.compile(r"(?:\d|%\(\w+\)[sdf]|\}\})\s+(?:%%|%(?![(\w]))")


def offences(msgstr: str) -> list[str]:
    text = PLACEHOLDER.sub("X", msgstr)
    found = [f"half-width {m.group()!r}" for m in HALF_BY_CJK.finditer(text)]
    return found + [f"spaced percent {m.group()!r}" for m in SPACED_PERCENT.finditer(msgstr)]


def test_the_checks_catch_what_they_should():
    assert offences("共有: 3 项") and offences("名称(可选)") and offences("确定?") and offences("%(share)s %%")
    assert not offences("%(unit)s：%(text)s") and not offences("（可选）") and not offences("%(a)s (%(b)s)")
    assert not offences("93.8%%") and not offences("HH:MM")


def test_the_chinese_catalogue_uses_full_width_punctuation_and_unspaced_percentages():
    bad = []
    for entry in polib.pofile(str(PO)):
        for msgstr in [entry.msgstr, *entry.msgstr_plural.values()]:
            if re.search(CJK, msgstr) or "%" in msgstr:
                bad += [f"{entry.msgid!r} → {msgstr!r}: {o}" for o in offences(msgstr)]
    assert not bad, f"{len(bad)} translations break Chinese conventions:\n" + "\n".join(bad)


def render(template: str, **context) -> str:
    return Template("{% load zeroharm %}" + template).render(Context(context))


def test_percentages_have_no_space_in_chinese_and_keep_it_in_english():
    with translation.override("zh-hans"):
        assert render("{{ r|percent }}", r=Decimal("93.8")) == "93.8%"
        assert render("{{ r|percent }}", r=None) == "—"
    with translation.override("en"):
        assert render("{{ r|percent }}", r=Decimal("93.8")) == "93.8 %"


def test_counts_are_grouped_by_thousands_in_both_languages():
    for language in ("zh-hans", "en"):
        with translation.override(language):
            assert render("{{ n|thousands }}", n=1234567) == "1,234,567"
            assert render("{{ n|thousands }}", n=999) == "999"


def test_the_figure_tables_group_their_counts():
    """A number cell of the boards and roll-ups shows 6,690 people, not 6690 (the campaign board, training figures,
    the responsibility coverage: every `class="num"` cell that shows a count goes through |thousands)."""
    from types import SimpleNamespace

    from django.template.loader import render_to_string

    figures = dict(tasks=1234, done=1000, accepted=999, overdue=1500, activities=2000, participants=6690)
    progress = SimpleNamespace(**figures, hazards_found=1001, hazards_rectified=1002)
    progress.pledge = SimpleNamespace(signed=2730, people=2963)
    with translation.override("zh-hans"):
        row = render_to_string("campaigns/_board_row.html", {"name": "集团", "p": progress})
    cells = re.findall(r'<td class="num[^"]*">([^<]*)</td>', row)
    assert cells == ["1,234", "1,000", "999", "1,500", "2,730 / 2,963", "2,000", "6,690", "1,001", "1,002"]


@pytest.mark.django_db
def test_a_us_state_is_zhou_on_the_osha_establishment_form(world, client_for):
    """The OSHA forms' "State" is a US state (州), not a workflow state (状态)."""
    client = client_for("admin")
    world.users["admin"].language = "zh-hans"
    world.users["admin"].save()
    page = client.get(reverse("incidents:osha"), {"year": datetime.date.today().year}).content.decode()
    label = re.search(r'<label for="id_state">([^<]*)</label>', page)
    assert label is not None and label.group(1).rstrip("：:") == "州", label
