"""Every persona, at phone and desktop width, in a real browser against the live server.

Each run signs in through the form, walks the unit tree (HTMX loads the children), opens a unit
and checks its breadcrumbs, filters the people list (HTMX reloads the results) and checks the xlsx
export holds exactly the rows shown, then switches to Chinese. Every request the browser makes must
go to the live server itself: no CDN, no font service, nothing from another origin. At phone width
no page may scroll sideways. Screenshots go to test-artifacts/<persona>-<viewport>-<step>.png.
"""

from __future__ import annotations

import datetime
import io
import re
from urllib.parse import urlsplit

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.conftest import PASSWORD, TREE, World

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {
    "phone": {
        "viewport": {"width": 375, "height": 812},
        "is_mobile": True,
        "has_touch": True,
        "device_scale_factor": 2,
    },
    "desktop": {"viewport": {"width": 1366, "height": 900}},
}
# Internal schemes Chromium may request without going to any server.
LOCAL_SCHEMES = {"data", "blob"}

# Two more people, so that even a team supervisor's list has something to filter.
EXTRA_PEOPLE = [("P-A1a-2", "Li Ming", "A1a"), ("P-B1a-2", "Wang Fang", "B1a")]
# persona → (rows on the people list, search term or None, the names the search leaves).
PEOPLE = {
    "admin": (11, "A1", {"Person of A1", "Person of A1a", "Person of A1b", "Li Ming"}),
    "safety": (11, "A1", {"Person of A1", "Person of A1a", "Person of A1b", "Li Ming"}),
    "auditor": (11, "A1", {"Person of A1", "Person of A1a", "Person of A1b", "Li Ming"}),
    "leader_a": (6, "A1", {"Person of A1", "Person of A1a", "Person of A1b", "Li Ming"}),
    "director_a1": (4, "A1a", {"Person of A1a", "Li Ming"}),
    "monitor_a1a": (2, "Ming", {"Li Ming"}),
    "leader_b": (4, "B1a", {"Person of B1a", "Wang Fang"}),
    "worker_a1a": (1, None, {"Person of A1a"}),  # an employee sees only his own record
}
# Every persona at both widths (about 1.5 minutes on two cores).
CASES = [(p, viewport) for viewport in ("phone", "desktop") for p in PEOPLE]


def _tree_index():
    """unit name → (code, names of its ancestors from the group down)."""
    index = {"Group G": ("G", [])}

    def walk(nodes, ancestors):
        for node in nodes:
            code, name, children = node if len(node) == 3 else (*node, [])
            index[name] = (code, ancestors)
            walk(children, [*ancestors, name])

    walk(TREE, ["Group G"])
    return index


UNITS = _tree_index()


@pytest.fixture
def browser_world(transactional_db):
    """The conftest World, built in a transactional test so the live server thread sees it."""
    from zeroharm.org.models import Person

    world = World()
    for number, name, code in EXTRA_PEOPLE:
        Person.objects.create(
            employee_no=number,
            name=name,
            unit=world.units[code],
            position=world.position,
            hire_date=datetime.date(2021, 3, 1),
            birth_date=datetime.date(1992, 5, 1),
        )
    return world


@pytest.fixture
def viewport(request):
    return request.param


@pytest.fixture
def context(new_context, viewport):
    """One browser context per test, sized for the viewport, in English to start with."""
    return new_context(locale="en-US", accept_downloads=True, **VIEWPORTS[viewport])


class Walk:
    """A page plus the bookkeeping every step shares: screenshots, requests seen, overflow checks."""

    def __init__(self, page, live_server, artifacts, persona, viewport):
        self.page, self.persona, self.viewport = page, persona, viewport
        self.base = live_server.url
        self.origin = _origin(live_server.url)
        self.artifacts = artifacts
        self.requests: list[str] = []
        self.errors: list[str] = []
        page.context.on("request", lambda r: self.requests.append(r.url))
        page.context.on("response", lambda r: self.errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
        page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        page.on("console", lambda m: self.errors.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
        page.set_default_timeout(10_000)

    def shot(self, step: str):
        self.page.screenshot(path=self.artifacts / f"{self.persona}-{self.viewport}-{step}.png", full_page=True)

    def check_no_sideways_scroll(self, where: str):
        """Wide tables scroll inside their own box; the page itself never does (on a phone above all).

        Compared with the screen's width, not window.innerWidth: a mobile browser widens its layout
        viewport (and innerWidth with it) to fit content that overflows, which would hide the overflow.
        """
        scroll_width = self.page.evaluate("document.documentElement.scrollWidth")
        screen_width = self.page.viewport_size["width"]
        assert scroll_width <= screen_width + 1, f"{where} is {scroll_width} px wide on a {screen_width} px screen"

    def foreign_requests(self) -> list[str]:
        return [u for u in self.requests if urlsplit(u).scheme not in LOCAL_SCHEMES and _origin(u) != self.origin]


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _table_column(page, header: str) -> list[str]:
    """The texts of one column of the results table, found by its header."""
    headers = [h.strip().lower() for h in page.locator("#results table thead th").all_inner_texts()]
    col = headers.index(header) + 1
    return [t.strip() for t in page.locator(f"#results table tbody tr td:nth-child({col})").all_inner_texts()]


def sign_in(w: Walk):
    page = w.page
    page.goto(w.base + "/login/")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    w.check_no_sideways_scroll("the sign-in page")
    w.shot("1-login")
    form = page.locator("main form")
    form.locator("input[name=username]").fill(w.persona)
    form.locator("input[name=password]").fill(PASSWORD)
    form.locator("button[type=submit]").click()
    page.wait_for_url(w.base + "/")
    scope_card = page.locator("section.card", has=page.get_by_role("heading", name="My scope"))
    expect(scope_card).to_be_visible()
    # The user's name (the person's, where the login has one): in the header on a desktop, in the menu on a phone.
    name = "Person of A1a · Team A1a" if w.persona == "worker_a1a" else w.persona
    expect(page.locator("#main-menu nav h2", has_text=re.compile(rf"^{re.escape(name)}$"))).to_have_count(1)
    w.check_no_sideways_scroll("the home page")
    w.shot("2-home")


def walk_tree(w: Walk):
    """Open the tree, expand a closed node if the scope has one, click into a unit, check its breadcrumbs."""
    page = w.page
    page.goto(w.base + "/org/")
    tree = page.locator("ul.tree")
    root = tree.locator(":scope > li").first
    if root.locator(":scope > details").count():
        # The root opens by itself and fetches its children once the page has loaded.
        expect(root.locator("ul.children > li > details, ul.children > li > .leaf").first).to_be_visible()
    closed = tree.locator("details:not([open])")
    if closed.count():
        node = tree.locator(f"details[hx-get='{closed.first.get_attribute('hx-get')}']")  # stays put once open
        summary = node.locator(":scope > summary")
        # Tap the disclosure triangle in front of the link (the link itself opens the unit page).
        summary.click(position={"x": 10, "y": summary.bounding_box()["height"] / 2})
        expect(node).to_have_attribute("open", "")
        target = node.locator(":scope > ul.children > li a").first
        expect(target).to_be_visible()
    else:
        target = tree.locator("a").last
    w.check_no_sideways_scroll("the unit tree")
    w.shot("3-tree")
    name = target.inner_text().strip()
    code, ancestors = UNITS[name]
    target.click()
    page.wait_for_url(f"{w.base}/org/units/*/")
    expect(page.locator("h1")).to_contain_text(name)
    crumbs = page.locator("nav.breadcrumbs")
    # Every ancestor is named; those outside the user's scope are plain text, not dead links.
    expect(crumbs.locator("a, span")).to_have_text(["Unit tree", *ancestors, re.compile(re.escape(name))])
    for link in crumbs.locator("a").all()[1:]:
        assert link.inner_text() in ancestors
        response = page.request.get(w.base + link.get_attribute("href"))
        assert response.status == 200, f"breadcrumb {link.inner_text()} leads to {response.status}"
    w.check_no_sideways_scroll(f"the page of unit {code}")
    w.shot("4-unit")


def filter_and_export(w: Walk):
    """Reach the people list through the menu, search it, export it: the export holds exactly the rows shown."""
    page = w.page
    total, term, expected = PEOPLE[w.persona]
    if w.viewport == "phone":
        page.locator("#main-menu > summary").click()  # on a desktop the menu is always shown
    if w.persona == "worker_a1a":  # the people list is an administration page: not in a worker's menu
        expect(page.locator("#main-menu nav a[href='/org/people/']")).to_have_count(0)
        page.goto(w.base + "/org/people/")
    else:
        page.locator("#main-menu nav a[href='/org/people/']").click()
    page.wait_for_url(w.base + "/org/people/")
    rows = page.locator("#results table tbody tr")
    expect(rows).to_have_count(total)
    expect(page.locator("#results .count").first).to_have_text(f"{total} result" + ("s" if total != 1 else ""))
    w.check_no_sideways_scroll("the people list")
    w.shot("5-people")

    if term is not None:
        filters = page.locator("form.filters")
        search = filters.locator("input[name=q]")  # the search box is always there; the rest is folded
        with page.expect_response(lambda r: "/org/people/?" in r.url and r.request.headers.get("hx-request")):
            search.press_sequentially(term, delay=30)
        expect(rows).to_have_count(len(expected))
        expect(page).to_have_url(re.compile(rf"/org/people/\?(.*&)?q={term}(&|$)"))  # the filter is in the URL
        assert len(expected) < total
        # A select filters as soon as it changes (everyone here is active: the rows stay).
        more = filters.locator("details.more-filters")
        more.locator("summary").click()
        expect(more).to_have_attribute("open", "")
        filters.locator("select[name=status]").select_option("active")
        expect(page).to_have_url(re.compile(r"[?&]status=active(&|$)"))
        expect(rows).to_have_count(len(expected))
    assert set(_table_column(page, "name")) == expected
    expect(page.locator("#results #results")).to_have_count(0)  # the results replaced, not nested

    # Sort by name, descending (two clicks on the header): the sorted rows come back in place of the old ones.
    name_header = page.locator("#results table thead th", has_text=re.compile(r"^\s*Name\s*$"))
    for sort in ("name", "-name"):
        name_header.locator("a").click()
        expect(page).to_have_url(re.compile(rf"[?&]sort={sort}(&|$)"))
        expect(name_header).to_have_class(re.compile("asc" if sort == "name" else "desc"))
    expect(page.locator("header")).to_have_count(1)
    expect(page.locator("#results")).to_have_count(1)
    shown = _table_column(page, "name")
    assert shown == sorted(expected, reverse=True)
    w.check_no_sideways_scroll("the filtered people list")
    w.shot("6-people-filtered")

    with page.expect_download() as download_info:
        page.locator("#results .export a", has_text="xlsx").first.click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx")
    sheet = load_workbook(io.BytesIO(download.path().read_bytes()), read_only=True).active
    header, *data = [list(r) for r in sheet.iter_rows(values_only=True)]
    names = [row[[str(h).strip().lower() for h in header].index("name")] for row in data]
    assert names == shown, "the export differs from the rows shown"

    # A record's link in the list opens its page (a real navigation, not a swap into the results).
    first = page.locator("#results table tbody tr a[href^='/org/people/']").nth(1)
    first_name = first.inner_text().strip()
    first.click()
    page.wait_for_url(re.compile(r"/org/people/\d+/$"))
    expect(page.locator("h1")).to_contain_text(first_name)
    expect(page.locator("section.history")).to_be_visible()
    page.go_back()
    page.wait_for_url(re.compile(r"/org/people/\?"))


def switch_to_chinese(w: Walk):
    """The header's 中文 button: the same page comes back in Chinese, and the choice sticks to the login."""
    page = w.page
    shown = _table_column(page, "name")
    page.locator("header form.lang-switch button[value=zh-hans]").click()
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("header form.lang-switch button[value=en]")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/org/people/\?"))  # back on the filtered list
    expect(page.locator("#results table tbody tr")).to_have_count(len(shown))
    w.check_no_sideways_scroll("the people list in Chinese")
    w.shot("7-people-zh")
    page.goto(w.base + "/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")
    expect(page.locator("section.card").first).to_be_visible()
    w.check_no_sideways_scroll("the home page in Chinese")
    w.shot("8-home-zh")


@pytest.mark.parametrize(("persona", "viewport"), CASES, indirect=["viewport"], ids=[f"{p}-{v}" for p, v in CASES])
def test_persona_walk(persona, viewport, browser_world, live_server, page, artifacts):
    w = Walk(page, live_server, artifacts, persona, viewport)
    sign_in(w)
    walk_tree(w)
    filter_and_export(w)
    switch_to_chinese(w)
    assert w.requests, "no request was recorded"
    foreign = w.foreign_requests()
    assert not foreign, "requests left the server:\n" + "\n".join(foreign)
    assert not w.errors, "the browser reported errors or a response failed:\n" + "\n".join(w.errors)
