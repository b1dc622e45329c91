"""The demo's summary review (issue 15 point 13): the group's last half-year, drafted from the demo's records,
its deficiencies confirmed with their causes, issued with its PDF and Word file; a plan item done since is ticked."""

from __future__ import annotations

import io

import docx
import pypdf
import pytest

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo"), pytest.mark.django_db]


def test_the_last_half_year_is_reviewed_and_issued(demo):
    from zeroharm.reports.models import SummaryReview

    review = SummaryReview.objects.get()
    assert (review.kind, review.year, review.state) == ("h1", 2026, "issued")
    assert review.unit.depth == 1 and review.figures["injuries"] >= 0
    assert review.deficiencies.exists() and all(d.confirmed and d.cause for d in review.deficiencies.all())
    assert review.plan_items.count() == 3 and review.plan_items.exclude(done_on=None).count() == 2
    with review.pdf.open("rb") as stored:
        text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(stored.read())).pages)
    assert "年上半年安全工作总结" in text and "每月通报各单位责任书目标完成情况" in text
    with review.docx.open("rb") as stored:
        assert docx.Document(io.BytesIO(stored.read())).paragraphs[0].text == review.title


def test_the_build_reports_it(demo):
    _built, lines = demo
    assert any(line.strip().startswith("summary reviews:") and "deficiencies confirmed" in line for line in lines)
