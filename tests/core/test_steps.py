"""The multi-step view exists once (core.steps) and every workflow step page is built on it."""

import datetime

from django.urls import URLPattern, URLResolver, get_resolver

from tests.factories import reported_hazard
from zeroharm.core.steps import StepView


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and hasattr(pattern.callback, "view_class"):
            yield prefix + str(pattern.pattern), pattern.callback.view_class


def test_every_step_page_is_a_core_step_view():
    step_pages = [
        (route, view)
        for route, view in _views(get_resolver().url_patterns)
        if "step" in route or view.__name__.endswith("StepView")
    ]
    assert len(step_pages) >= 5, step_pages  # hazards, incidents, and the three action steps
    strays = [(route, view.__qualname__) for route, view in step_pages if not issubclass(view, StepView)]
    assert strays == []


def test_an_unknown_step_is_not_found_and_a_wrong_state_goes_back_with_the_reason(client_for, world):
    hd = reported_hazard(world, "A1a")
    client = client_for("leader_a")
    assert client.get(f"/hazards/{hd.pk}/step/no-such-step/").status_code == 404
    answer = client.get(f"/hazards/{hd.pk}/step/close/", follow=True)
    assert answer.redirect_chain[0][0] == hd.get_absolute_url()
    assert "not possible now" in answer.content.decode()


def test_an_inline_step_reports_a_bad_form_on_the_record_page(client_for, world):
    from zeroharm.actions import services

    item = services.action_create(
        acting_user=world.users["leader_a"],
        unit=world.unit("A1a"),
        title="Fit a guard",
        owner=world.people["A1a"],
        due_date=datetime.date(2030, 1, 1),
    )
    answer = client_for("leader_a").post(f"/actions/{item.pk}/cancel/", {"note": ""}, follow=True)
    assert answer.redirect_chain[0][0] == item.get_absolute_url()
    item.refresh_from_db()
    assert item.status != "cancelled"
