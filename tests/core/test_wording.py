"""core.wording: the punctuation around translated text follows the language (issue 11, point 12)."""

from __future__ import annotations

from django.template import Context, Template
from django.utils import translation

from zeroharm.core.wording import bracketed, colon, labelled, listed


def test_chinese_writes_them_full_width_and_english_half_width():
    with translation.override("zh-hans"):
        assert colon("单位") == "单位："
        assert labelled("单位", "冲压车间") == "单位：冲压车间"
        assert bracketed("张三", "E0001") == "张三（E0001）"
        assert listed(["查看", "新增", "修改"]) == "查看、新增、修改"
    with translation.override("en"):
        assert colon("Unit") == "Unit:"
        assert labelled("Unit", "Press shop") == "Unit: Press shop"
        assert bracketed("Zhang San", "E0001") == "Zhang San (E0001)"
        assert listed(["view", "add"]) == "view, add"


def test_django_forms_take_the_same_colon():
    """Form labels end with Django's `label_suffix`, `_(":")`: the catalogue translates it for both."""
    from django import forms

    class Form(forms.Form):
        unit = forms.CharField(label="Unit")

    with translation.override("zh-hans"):
        assert Form()["unit"].label_tag().endswith("Unit：</label>")


def test_the_template_filters_write_the_same():
    template = Template("{% load zeroharm %}{{ a|colon }}|{{ a|bracketed:b }}|{{ items|listed }}")
    with translation.override("zh-hans"):
        chinese = template.render(Context({"a": "导出", "b": "xlsx", "items": ["甲", "乙"]}))
    with translation.override("en"):
        english = template.render(Context({"a": "Export", "b": "xlsx", "items": ["a", "b"]}))
    assert chinese == "导出：|导出（xlsx）|甲、乙" and english == "Export:|Export (xlsx)|a, b"
