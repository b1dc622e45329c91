"""core.pdf.qr_svg: the one QR code drawer of labels, cards and signed PDFs."""

from __future__ import annotations

import re

import numpy as np
import pytest
import qrcode

from zeroharm.core.pdf import qr_svg


def _pixels(svg: str, scale: int = 4) -> np.ndarray:
    """The SVG's strokes (`M<x> <y>.5h<run>`: a run of dark modules on row y) drawn as a white-bordered image."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1))
    grid = np.full((size, size), 255, dtype=np.uint8)
    for x, y, run in re.findall(r"M(\d+) (\d+)\.5h(\d+)", svg):
        grid[int(y), int(x) : int(x) + int(run)] = 0
    return np.pad(np.kron(grid, np.ones((scale, scale), dtype=np.uint8)), 4 * scale, constant_values=255)


@pytest.mark.parametrize(
    "data",
    [
        "http://127.0.0.1:8000/inspections/scan/P-001/",
        "https://safety.example.cn/risks/points/123456/",
        "https://xn--fiq228c.example.cn/hazards/report/?point=" + "X" * 120,  # a long one: a larger version
        "1",
    ],
)
def test_a_code_with_the_fixed_mask_reads_back(data):
    import zxingcpp

    svg = qr_svg(data, border=1)
    assert [code.text for code in zxingcpp.read_barcodes(_pixels(svg))] == [data]


def test_the_mask_is_not_searched(monkeypatch):
    """The search draws all eight masks and scores each (7 ms a code): a 100-label sheet's most costly part."""

    def searched(self):
        raise AssertionError("the mask was searched")

    monkeypatch.setattr(qrcode.QRCode, "best_mask_pattern", searched)
    assert qr_svg("https://safety.example.cn/risks/points/1/").startswith("<svg")


def test_the_same_data_gives_the_same_code():
    assert qr_svg("https://a.example/x/") == qr_svg("https://a.example/x/")
    assert qr_svg("https://a.example/x/") != qr_svg("https://a.example/y/")
