from django import template
from django.utils import formats
from django.utils.translation import get_language

from zeroharm.core import wording

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


# Chinese (and Japanese) write a percentage with no space before the sign: 93.8%. Our English pages keep the
# space of ISO 80000-1 (93.8 %).
_UNSPACED_PERCENT = ("zh", "ja")


@register.filter
def percent(value):
    """A share already in percent (93.8) as the page's language writes it; "—" when there is none."""
    if value is None or value == "":
        return "—"
    space = "" if (get_language() or "").startswith(_UNSPACED_PERCENT) else " "
    return f"{formats.number_format(value)}{space}%"


@register.filter
def colon(label):
    """A label and its colon as the page's language writes it: "Export:" / "导出：" (core.wording)."""
    return wording.colon(label)


@register.filter
def bracketed(text, note):
    """`{{ text|bracketed:note }}`: "text (note)" / "text（note）" (core.wording)."""
    return wording.bracketed(text, note)


@register.filter
def listed(items):
    """Items one after the other as the page's language writes them: "a, b" / "甲、乙" (core.wording)."""
    return wording.listed(items)


@register.filter
def thousands(value):
    """A count with its thousands grouped (1,234,567) in the page's language."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, force_grouping=True)


@register.filter
def drawing_data_uri(signature) -> str:
    """A signature's drawn image as a data: URL, for a PDF (its renderer reads no media file by address); "" without
    one. The image was re-encoded when it was drawn (core.uploads.drawing_clean): our own PNG."""
    import base64

    if not getattr(signature, "drawing", None):
        return ""
    try:
        with signature.drawing.open("rb") as stored:
            return "data:image/png;base64," + base64.b64encode(stored.read()).decode("ascii")
    except OSError:
        return ""


@register.inclusion_tag("core/_echart.html")
def echart(chart, table=True):
    """A browser chart (core.echarts.Chart): its container, its option as JSON data and, unless `table=False` (a
    page that shows the same figures in a table of its own), the figures as a table for screen readers and no-script."""
    return {"chart": chart, "option": chart.option(), "option_id": f"{chart.dom_id}-option", "table": table}


@register.simple_tag
def vendor_static(path):
    """The address of an installed front-end file (core.staticfinders), or "" when it is not installed: pages then
    keep their tables rather than fail (the system check says what to run)."""
    from django.templatetags.static import static

    try:
        return static(path)
    except ValueError:  # the manifest of collectstatic does not hold it
        return ""
