"""Names are text in every chart and PDF: a unit or category name with `$` signs is not read as a formula.

matplotlib reads `$…$` as mathtext: `$x^2$` came out as x², and an unbalanced `$x^$` made the chart (and the
report PDF that embeds it) fail with a 500. core.charts turns that off for every figure.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.support.analytics import D, admin, at, make_incident

pytestmark = pytest.mark.django_db

BROKEN, FORMULA = "$x^$", "$x^2$"
WINDOW = "start=2025-11-01&end=2026-10-31"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def dollar_units(world):
    """Workshop A1 is called `$x^$`, workshop A2 `$x^2$`; each has incidents and a hidden danger."""
    from zeroharm.hazards.models import HiddenDanger

    for code, name in (("A1", BROKEN), ("A2", FORMULA)):
        unit = world.unit(code)
        unit.name = name
        unit.save(update_fields=["name"])
        for month in (3, 4, 5):
            make_incident(unit, at(D(2026, month, 2)), category="03", recordable=1)
        HiddenDanger.objects.create(
            unit=unit, location=name, description="Guard missing", found_on=D(2025, 8, 4), category="condition"
        )
    return world


def drawn_texts(svg: bytes) -> dict[str, int]:
    """Each text of a matplotlib SVG → how many glyphs were drawn for it (the text is kept as a comment before its
    outlines). Drawn as written, every character is one glyph (spaces too); as a formula, `$x^2$` is two."""
    parser = ET.XMLParser(target=ET.TreeBuilder(insert_comments=True))  # noqa: S314 - our own chart
    root = ET.fromstring(svg, parser=parser)  # noqa: S314
    texts = {}
    for group in root.iter(f"{SVG}g"):
        first = next(iter(group), None)
        if first is not None and first.tag is ET.Comment:
            texts[first.text.strip()] = sum(1 for _use in group.iter(f"{SVG}use"))
    return texts


def assert_names_drawn_as_written(svg: bytes, *names: str) -> None:
    texts = {text: uses for text, uses in drawn_texts(svg).items() if "$" in text}
    for name in names:
        assert any(name in text for text in texts), (name, texts)
    for text, uses in texts.items():
        assert uses == len(text), (text, uses)
    assert b"Oblique" not in svg  # mathtext draws its variables in an oblique face


def test_analytics_charts_draw_the_names_as_text(dollar_units):
    """The analysis charts of the PDF (the pages draw theirs in the browser: tests/analytics/test_browser_charts.py)."""
    from zeroharm.analytics import charts, selectors
    from zeroharm.analytics.selectors import Scope

    user, window = admin(dollar_units), (D(2025, 11, 1), D(2026, 10, 31))
    by_unit = selectors.breakdown(user, Scope(dollar_units.unit("A"), *window), "unit")
    assert_names_drawn_as_written(charts.breakdown_svg(by_unit, "By unit"), BROKEN, FORMULA)
    for code, name in (("A1", BROKEN), ("A2", FORMULA)):
        series = selectors.unit_series(user, Scope(dollar_units.unit(code), *window))
        assert_names_drawn_as_written(charts.u_chart_svg(series, f"Rate — {name}"), name)


def test_the_analysis_report_pdf_prints_the_names_literally(dollar_units, client_for):
    from pypdf import PdfReader

    response = client_for("admin").get(reverse("analytics:report") + f"?unit={dollar_units.unit('A').pk}&{WINDOW}")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert BROKEN in text and FORMULA in text


def test_pdf_charts_keep_the_names_as_text_elements():
    """In the PDF the charts keep their text as <text> (the PDF's fonts draw it): the name, not a formula."""
    from zeroharm.analytics import charts
    from zeroharm.analytics.selectors import Breakdown, Row

    rows = [Row(key=str(i), label=name, count=i + 1) for i, name in enumerate((BROKEN, FORMULA))]
    breakdown = Breakdown(dimension="unit", label="Unit", rows=rows, total=3)
    svg = charts.breakdown_svg(breakdown, f"By unit — {BROKEN}", for_pdf=True)
    assert f">{BROKEN}<".encode() in svg and f">{FORMULA}<".encode() in svg
