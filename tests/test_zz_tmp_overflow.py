import pytest
from tests.test_browser import Walk, viewport, context, browser_world  # noqa

@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
@pytest.mark.django_db(transaction=True)
def test_overflow_detects(viewport, browser_world, live_server, page, artifacts):
    w = Walk(page, live_server, artifacts, "x", viewport)
    page.goto(w.base + "/login/")
    w.check_no_sideways_scroll("ok")
    page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<div style=\"width:500px\">x</div>')")
    with pytest.raises(AssertionError) as e:
        w.check_no_sideways_scroll("wide")
    print("MSG", e.value)
