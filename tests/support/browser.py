"""A phone-sized browser page for the front-line flows, and a photo to upload from it."""

from __future__ import annotations

import io
import re
from urllib.parse import urlsplit

from PIL import Image

from tests.conftest import PASSWORD

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def photo(color) -> dict:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), color).save(out, format="JPEG")
    return {"name": "camera.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


class Phone:
    """One user's phone: a browser context, signed in, that checks every page it shows."""

    def __init__(self, new_context, live_server, artifacts, username):
        self.base, self.username, self.artifacts = live_server.url, username, artifacts
        self.page = new_context(locale="en-US", **PHONE).new_page()
        self.page.set_default_timeout(10_000)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda e: self.errors.append(f"page error: {e}"))
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on(
            "request",
            lambda r: (
                self.errors.append(f"foreign request {r.url}")
                if urlsplit(r.url).scheme in ("http", "https") and not r.url.startswith(self.base)
                else None
            ),
        )
        self.page.goto(f"{self.base}/login/")
        self.page.fill("input[name=username]", username)
        self.page.fill("input[name=password]", PASSWORD)
        self.page.click("main button[type=submit]")
        self.page.wait_for_url(f"{self.base}/")

    def shot(self, step: str):
        self.page.wait_for_load_state()  # a page still navigating has no document to measure
        width = self.page.evaluate("document.documentElement.scrollWidth")
        wide = self.page.evaluate("""() => [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > 376)
            .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))""")
        assert width <= 376, f"{step}: the page is {width} px wide on a 375 px phone: {wide}"
        self.page.screenshot(path=self.artifacts / f"dual-prevention-{step}.png", full_page=True)

    def step(self, hd_pk: int, label: str):
        """Open the hidden danger and tap the step's button (the page offers only the allowed steps)."""
        self.page.goto(f"{self.base}/hazards/{hd_pk}/")
        self.page.get_by_role("link", name=label, exact=True).click()
        self.page.wait_for_url(re.compile(r"/step/"))


# The shell's phone: 390 × 844, the size front-line pages are tested at.
PHONE_390 = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}


def sign_in(new_context, live_server, username, device):
    page = new_context(locale="en-US", **device).new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{live_server.url}/login/")
    page.fill("main input[name=username]", username)
    page.fill("main input[name=password]", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    return page


SMALL_TARGETS_JS = """() => {
  const visible = e => { const r = e.getBoundingClientRect(); const s = getComputedStyle(e);
    if (e.checkVisibility && !e.checkVisibility({contentVisibilityAuto: true})) return false;  // a closed <details>
    return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none'; };
  const inSentence = e => e.tagName === 'A' && !!e.closest('p, .help, .muted, .breadcrumbs, dd, .hazard-text');
  const labelled = e => (e.type === 'checkbox' || e.type === 'radio') && e.labels && e.labels.length;
  const height = e => labelled(e) ? Math.max(...[...e.labels].map(l => l.getBoundingClientRect().height))
                                  : e.getBoundingClientRect().height;
  const hidden = e => e.type === 'hidden' || e.closest('.visually-hidden') || e.closest('[hidden]');
  return [...document.querySelectorAll('a, button, input, select, textarea, summary')]
    .filter(e => visible(e) && !hidden(e) && !inSentence(e))
    .map(e => [e, height(e)])
    .filter(([e, h]) => h < 43.5)
    .map(([e, h]) => {
      const name = e.name ? `[name=${e.name}]` : '';
      const text = (e.innerText || e.value || '').trim().slice(0, 30);
      return `${e.tagName.toLowerCase()}${name} "${text}" ${h.toFixed(1)} px`;
    });
}"""


def check_phone(page, artifacts, name: str) -> None:
    """No sideways scroll on a 390 px screen, no visible tap target under 44 px, and a screenshot
    (test-artifacts/<name>.png)."""
    page.wait_for_load_state()
    page.screenshot(path=artifacts / f"{name}.png", full_page=True)
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= 390, f"{name}: the page is {width} px wide on a 390 px phone"
    small = page.evaluate(SMALL_TARGETS_JS)
    assert not small, f"{name}: tap targets under 44 px: {small}"
