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

PO = Path(__file__).resolve().parents[2] / "src" / "zeroharm" / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"

CJK = "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]"
HALF_WIDTH = "[:(),;?]"
# Placeholders (%(n)s, %s, {{ n }}) and HTML tags are not text: they stand for a neutral character in the checks.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifrx]|%[sdifrx]|\{\{[^}]*\}\}|</?[A-Za-z][^<>]*>")
HALF_BY_CJK = re.compile(rf"{CJK}\s*{HALF_WIDTH}|{HALF_WIDTH}\s*{CJK}")
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


@pytest.mark.django_db
def test_a_us_state_is_zhou_on_the_osha_establishment_form(world, client_for):
    """The OSHA forms' "State" is a US state (州), not a workflow state (状态)."""
    client = client_for("admin")
    world.users["admin"].language = "zh-hans"
    world.users["admin"].save()
    page = client.get(reverse("incidents:osha"), {"year": datetime.date.today().year}).content.decode()
    label = re.search(r'<label for="id_state">([^<]*)</label>', page)
    assert label is not None and label.group(1).rstrip("：:") == "州", label
