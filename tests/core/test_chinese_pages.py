"""The pages as a Chinese reader sees them (issue 11, point 12): no half-width colon, parenthesis, comma or
question mark beside Chinese text. The catalogue's own strings are checked in test_chinese_conventions; this checks
what templates and views put around them (a label's colon, a name's parentheses, a list's commas), on every page
of the administrator's menu and the forms front-line users fill in."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import RequestFactory
from django.utils import translation

from tests.core.chinese import HALF_BY_CJK_ON_A_LINE

pytestmark = pytest.mark.django_db

FORMS = ["/hazards/report/", "/incidents/report/", "/campaigns/add/", "/reviews/add/", "/accounts/me/"]


class _Text(HTMLParser):
    """The page's text, each text node on its own line (cells and list items do not run into each other)."""

    def __init__(self):
        super().__init__()
        self.lines: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag, attrs):
        self._skipping += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skipping -= tag in ("script", "style") and self._skipping > 0

    def handle_data(self, data):
        if not self._skipping and data.strip():
            self.lines.append(data.strip())


def text_of(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return "\n".join(parser.lines)


def _menu(user):
    from zeroharm.core.context_processors import navigation

    request = RequestFactory().get("/")
    request.user = user
    return navigation(request)["nav_sections"]


def test_the_text_is_read_node_by_node():
    assert text_of("<td>伤害</td><td>(1)</td><script>a('中:')</script><p>单位: A</p>") == "伤害\n(1)\n单位: A"


def test_no_half_width_punctuation_beside_chinese_on_any_page(world, client_for):
    admin = world.users["admin"]
    admin.language = "zh-hans"
    admin.save(update_fields=["language"])
    client = client_for("admin")
    urls = [item["url"].split("#")[0] for section in _menu(admin) for item in section["items"]]
    found = {}
    with translation.override(None):  # the middleware activates the user's language; none leaks to later tests
        for url in dict.fromkeys([*urls, *FORMS]):
            response = client.get(url)
            assert response.status_code == 200, url
            hits = {m.group() for m in HALF_BY_CJK_ON_A_LINE.finditer(text_of(response.content.decode()))}
            if hits:
                found[url] = sorted(hits)
    assert len(urls) > 40
    assert not found, f"{len(found)} pages put half-width punctuation beside Chinese text: {found}"
