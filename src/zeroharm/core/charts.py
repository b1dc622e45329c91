"""The style of every chart drawn on the server (PDFs, Word files), in one place: matplotlib as self-contained SVG.
Charts in the browser are core.echarts.

- **Names are text.** Unit, category and person names may hold `$` signs, which matplotlib would read as a
  formula (mathtext: `$x^2$` drawn as x², an unbalanced `$x^$` an error). Every figure is made by `chart()`,
  which turns formulas (`text.parse_math`) and TeX off, so whatever the name, it is drawn as written.
- Text is drawn as glyph outlines (`svg.fonttype = "path"`), so a chart needs no font on the viewer's device
  and Chinese labels show everywhere; matplotlib keeps each text as an XML comment before its outlines, and
  the title goes into the SVG's metadata. For a PDF the text stays `<text>` in the PDF's own fonts
  (`for_pdf=True`), which the PDF renderer draws many times faster than outlines.
- Figures use the object API (`matplotlib.figure.Figure`), never pyplot, so requests in several threads do
  not share state.
"""

from __future__ import annotations

import base64
import io
from collections.abc import Iterator
from contextlib import contextmanager

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402 - after choosing the backend

__all__ = [
    "FONT_FAMILY",
    "RC",
    "PDF_RC",
    "BLUE",
    "GREEN",
    "GREY",
    "INK",
    "ORANGE",
    "RED",
    "chart",
    "svg_bytes",
    "png_bytes",
    "data_uri",
]

# Noto CJK covers Latin and Chinese; DejaVu Sans (shipped with matplotlib) is the fallback.
FONT_FAMILY = ["Noto Sans CJK SC", "Noto Sans CJK JP", "WenQuanYi Zen Hei", "DejaVu Sans"]
BLUE, GREEN, GREY, INK, ORANGE, RED = "#1f6fd1", "#1b7a43", "#8a9399", "#1d2327", "#f08c00", "#d7261e"
RC = {
    "text.parse_math": False,  # names are text, never formulas
    "text.usetex": False,
    "font.family": "sans-serif",
    "font.sans-serif": FONT_FAMILY,
    "font.size": 10,
    "svg.fonttype": "path",
    "svg.hashsalt": "zeroharm",  # the same chart is the same bytes
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": GREY,
    "axes.labelcolor": INK,
    "xtick.color": INK,
    "ytick.color": INK,
}
PDF_RC = {"svg.fonttype": "none"}


@contextmanager
def chart(figsize: tuple[float, float], *, for_pdf: bool = False) -> Iterator[Figure]:
    """A new figure in the house style. Draw and save it inside the block: the style applies while it lasts."""
    with matplotlib.rc_context({**RC, **(PDF_RC if for_pdf else {})}):
        yield Figure(figsize=figsize, layout="constrained")


def svg_bytes(figure: Figure, title: str) -> bytes:
    """The figure as SVG, titled for screen readers and without a date (the same chart is the same bytes)."""
    out = io.BytesIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Title": title})
    return out.getvalue()


def png_bytes(figure: Figure, *, dpi: int = 150) -> bytes:
    """The figure as PNG, for a Word document (which shows no SVG); draw it with `chart()` without `for_pdf`."""
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi, metadata={"Software": None})
    return out.getvalue()


def data_uri(svg: bytes) -> str:
    """The SVG as a data: URL, for an <img> in a PDF (the PDF renderer reads no other URL)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")
