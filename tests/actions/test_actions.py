"""Corrective and preventive actions: every step and who may take it, spawning from a record, My tasks,
lists, exports, the API, query counts and the permission matrix."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.db import connection
from django.template import Context, Template
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PERSONAS
from tests.support.permissions import ALL, check_answer, expected_status, reaches
from zeroharm.actions import services
from zeroharm.actions.models import ActionItem, ActionStatus
from zeroharm.core.roles import ROLE_TABLE, Action
from zeroharm.notifications.models import Notification

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "actions:action_list",
    "actions:action_add",
    "actions:action_detail",
    "actions:action_edit",
    "actions:action_complete",
    "actions:action_verify",
    "actions:action_cancel",
}
MATRIX_API_PREFIXES = {"actions"}

# One moment for the module, so that a run across midnight (Asia/Shanghai: 16:00 UTC) agrees with the services.
FROZEN = timezone.now()
TODAY = timezone.localdate(FROZEN)
NEXT_WEEK = TODAY + datetime.timedelta(days=7)


@pytest.fixture(autouse=True)
def frozen_clock():
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=FROZEN):
        yield


def make(world, code="A1a", *, owner="A1a", by="safety", title=None, due=NEXT_WEEK, source=None, kind="corrective"):
    return services.action_create(
        acting_user=world.users[by],
        unit=world.unit(code),
        title=title or f"Fix {code}",
        owner=world.people[owner],
        due_date=due,
        kind=kind,
        source=source,
    )


def set_due(item, due):
    """Due dates in the past cannot be entered; age an action by saving the date directly (a save, not a queryset
    update: the home page's tallies follow saves)."""
    item.refresh_from_db()
    item.due_date = due
    item.save(update_fields=["due_date"])
    return item


def done(world, item, by="worker_a1a"):
    return services.action_complete(item=item, acting_user=world.users[by], note="Guard refitted")


def post_step(client, step, item, **data):
    return client.post(reverse(f"actions:action_{step}", args=[item.pk]), {"version": item.version, **data})


#
# The steps, through the pages
#


def test_owner_completes_and_a_second_person_verifies(world, client_for):
    item = make(world)
    worker, monitor = client_for("worker_a1a"), client_for("monitor_a1a")
    # Each page offers only the steps its user may take.
    owner_page = worker.get(item.get_absolute_url()).content.decode()
    assert "Mark done" in owner_page and "Verified effective" not in owner_page and "/edit/" not in owner_page
    changer_page = monitor.get(item.get_absolute_url()).content.decode()
    assert "Mark done" in changer_page and reverse("actions:action_edit", args=[item.pk]) in changer_page
    assert "Cancel this action" not in changer_page  # cancelling needs an approver
    assert "Cancel this action" in client_for("leader_a").get(item.get_absolute_url()).content.decode()
    assert "Mark done" not in client_for("auditor").get(item.get_absolute_url()).content.decode()
    response = post_step(worker, "complete", item, note="Guard refitted")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.completed_by == world.users["worker_a1a"]
    assert item.completion_note == "Guard refitted"
    # The doer cannot verify their own work: refused with the reason.
    refused = post_step(worker, "verify", item, effective="yes", note="looks fine")
    assert refused.status_code == 403
    assert "someone other than the person who did it" in refused.content.decode()
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    waiting = worker.get(item.get_absolute_url()).content.decode()
    assert "Verified effective" not in waiting and "Someone other than the person who did it" in waiting
    assert "Not effective: reopen" in monitor.get(item.get_absolute_url()).content.decode()
    ok = post_step(monitor, "verify", item, effective="yes", note="Checked the guard at shift start")
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.VERIFIED and item.verified_by == world.users["monitor_a1a"]
    page = monitor.get(item.get_absolute_url()).content.decode()
    assert "Verified effective" in page and "Checked the guard" in page


def test_a_changer_may_complete_for_the_owner_but_then_not_verify(world, client_for):
    item = make(world)
    monitor = client_for("monitor_a1a")
    assert post_step(monitor, "complete", item, note="done by the team").status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE
    assert post_step(monitor, "verify", item, effective="yes", note="x").status_code == 403
    # Nor may the owner, who did not press the button but owns the work.
    assert post_step(client_for("worker_a1a"), "verify", item, effective="yes", note="x").status_code == 403
    assert post_step(client_for("director_a1"), "verify", item, effective="yes", note="ok").status_code == 302


def test_not_effective_reopens_and_tells_the_owner(world, client_for):
    item = done(world, make(world))
    response = post_step(client_for("monitor_a1a"), "verify", item, effective="no", note="Guard loose again")
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN and item.verification_note == "Guard loose again"
    assert Notification.objects.filter(recipient=world.users["worker_a1a"], event="actions.reopened").exists()
    # Open again: the owner does it again, and it can then be verified.
    assert post_step(client_for("worker_a1a"), "complete", item, note="New bolts").status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.DONE and item.completion_note == "New bolts"
    history = [h.history_change_reason for h in item.history.order_by("history_id")]
    assert history == ["raised", "done", "not effective, reopened", "done"]


def test_the_person_who_raised_it_verifies_even_as_an_employee(world, client_for):
    # The worker raises an action for the person of workshop A1 (same branch), a supervisor completes it.
    item = make(world, owner="A1", by="worker_a1a")
    worker = client_for("worker_a1a")
    assert worker.get(item.get_absolute_url()).status_code == 200  # employees see the actions they raised
    services.action_complete(item=item, acting_user=world.users["monitor_a1a"], note="Fixed")
    item.refresh_from_db()
    page = worker.get(item.get_absolute_url()).content.decode()
    assert "Verified effective" in page  # the verify buttons are offered to the raiser
    assert post_step(worker, "verify", item, effective="yes", note="Walked past, it holds").status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.VERIFIED and item.verified_by == world.users["worker_a1a"]


def test_wrong_role_is_refused_with_a_reason(world, client_for):
    item = make(world)
    auditor = client_for("auditor")
    response = post_step(auditor, "complete", item, note="x")
    assert response.status_code == 403 and "Only the owner" in response.content.decode()
    # A supervisor may not cancel (that needs a unit leader's approval); a unit leader may.
    cancel = post_step(client_for("monitor_a1a"), "cancel", item, note="not needed")
    assert cancel.status_code == 403 and "cancelling" in cancel.content.decode()
    assert post_step(client_for("leader_a"), "cancel", item, note="Machine scrapped").status_code == 302
    item.refresh_from_db()
    assert item.status == ActionStatus.CANCELLED and item.verification_note == "Machine scrapped"
    # Closed: nothing more can happen, and the page says why.
    again = post_step(client_for("worker_a1a"), "complete", item, note="x")
    assert again.status_code == 302
    messages = [str(m) for m in again.wsgi_request._messages]
    assert messages == ["Only an open action can be marked done."]


def test_another_branch_gets_404_everywhere(world, client_for):
    item = make(world)
    leader_b = client_for("leader_b")
    assert leader_b.get(item.get_absolute_url()).status_code == 404
    assert leader_b.get(reverse("actions:action_edit", args=[item.pk])).status_code == 404
    for step in ("complete", "verify", "cancel"):
        assert post_step(leader_b, step, item, note="x", effective="yes").status_code == 404
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN


def test_a_note_is_required_and_a_stale_page_is_refused(world, client_for):
    item = make(world)
    worker = client_for("worker_a1a")
    empty = post_step(worker, "complete", item, note="")
    assert empty.status_code == 302 and [str(m) for m in empty.wsgi_request._messages] == [
        "What was done: This field is required."
    ]
    stale = worker.post(reverse("actions:action_complete", args=[item.pk]), {"version": item.version + 5, "note": "x"})
    assert stale.status_code == 302 and "Someone else changed" in str(list(stale.wsgi_request._messages)[-1])
    item.refresh_from_db()
    assert item.status == ActionStatus.OPEN


def test_edit_while_open_only_and_owner_of_the_same_branch(world, client_for):
    item = make(world)
    monitor = client_for("monitor_a1a")
    url = reverse("actions:action_edit", args=[item.pk])
    assert client_for("worker_a1a").get(url).status_code == 403  # the owner does it, a changer edits it
    form = monitor.get(url)
    assert form.status_code == 200 and form.context["form"].initial["owner"] == "P-A1a"
    later = NEXT_WEEK + datetime.timedelta(days=7)
    for stranger in ("P-B1a", "P-A1b"):  # another branch; a team of the branch the monitor cannot see
        wrong = monitor.post(
            url, {"title": "Fix it", "description": "", "owner": stranger, "due_date": later, "version": item.version}
        )
        assert wrong.status_code == 200 and "No person with that employee number" in wrong.content.decode()
    saved = client_for("director_a1").post(
        url,
        {
            "title": "Refit the guard",
            "description": "both sides",
            "owner": "P-A1b",
            "due_date": later,
            "version": item.version,
        },
    )
    assert saved.status_code == 302
    item.refresh_from_db()
    assert (item.title, item.owner, item.due_date, item.version) == ("Refit the guard", world.people["A1b"], later, 2)
    done(world, item, by="monitor_a1a")
    closed = monitor.get(url)
    assert closed.status_code == 302 and "Only an open action can be edited" in str(
        list(closed.wsgi_request._messages)[-1]
    )


def test_create_page_refuses_past_dates_and_strangers(world, client_for):
    monitor = client_for("monitor_a1a")
    url = reverse("actions:action_add")
    form = monitor.get(url)
    assert [u.code for u in form.context["form"].fields["unit"].queryset] == ["A1a"]
    past = monitor.post(
        url,
        {
            "unit": world.unit("A1a").pk,
            "title": "x",
            "kind": "corrective",
            "owner": "P-A1a",
            "due_date": TODAY - datetime.timedelta(days=1),
        },
    )
    assert past.status_code == 200 and "cannot be in the past" in past.content.decode()
    created = monitor.post(
        url,
        {
            "unit": world.unit("A1a").pk,
            "title": "Mark the walkway",
            "kind": "preventive",
            "owner": "P-A1a",
            "due_date": NEXT_WEEK,
            "description": "",
        },
    )
    assert created.status_code == 302
    item = ActionItem.objects.get(title="Mark the walkway")
    assert (item.unit.code, item.kind, item.created_by, item.source_type) == (
        "A1a",
        "preventive",
        world.users["monitor_a1a"],
        None,
    )
    assert Notification.objects.filter(recipient=world.users["worker_a1a"], event="actions.assigned").exists()
    assert client_for("auditor").get(url).status_code == 403


#
# Spawned from a record
#


def test_spawn_from_a_source_record(world, client_for):
    point = world.risk_points["A1a"]
    monitor = client_for("monitor_a1a")
    url = f"{reverse('actions:action_add')}?source=risks.riskpoint:{point.pk}"
    form = monitor.get(url)
    assert form.status_code == 200 and "unit" not in form.context["form"].fields
    assert point.name in form.content.decode()
    response = monitor.post(
        url,
        {"title": "Fence the area", "kind": "corrective", "owner": "P-A1a", "due_date": NEXT_WEEK, "description": ""},
    )
    assert response.status_code == 302
    item = ActionItem.objects.get(title="Fence the area")
    assert (item.source, item.unit) == (point, point.unit)
    detail = monitor.get(item.get_absolute_url()).content.decode()
    assert f'href="{point.get_absolute_url()}"' in detail
    # Someone who may see the action but not the risk point is told only that it came from a record.
    assert list(services.actions_for(point)) == [item]


def test_spawn_is_refused_outside_scope_or_unit(world, client_for):
    from zeroharm.accounts.models import RoleAssignment

    base = reverse("actions:action_add")
    leader_b = client_for("leader_b")
    assert leader_b.get(f"{base}?source=risks.riskpoint:{world.risk_points['A1a'].pk}").status_code == 404
    for bad in (
        "nonsense",
        "risks.riskpoint:0",
        "risks.riskpoint:x",
        "auth.user:1",
        "org.position:1",
        "risks.nothing:1",
        f"risks.riskpoint:{2**70}",
    ):
        assert client_for("admin").get(f"{base}?source={bad}").status_code == 404, bad
    # The worker also reads the whole register (as an auditor), but raises actions only in team A1a.
    RoleAssignment.objects.create(user=world.users["worker_a1a"], role="auditor", unit=world.unit("G"))
    worker = client_for("worker_a1a")
    refused = worker.get(f"{base}?source=risks.riskpoint:{world.risk_points['A'].pk}")
    assert refused.status_code == 403 and "You may not raise actions in Branch A" in refused.content.decode()
    assert worker.get(f"{base}?source=risks.riskpoint:{world.risk_points['A1a'].pk}").status_code == 200


def render_for_source(user, source):
    request = RequestFactory().get("/")
    request.user = user
    template = Template('{% include "actions/_for_source.html" with source=source %}')
    return template.render(Context({"request": request, "source": source}))


def test_the_source_include_lists_actions_in_one_query(world, django_assert_max_num_queries):
    from django.contrib.contenttypes.models import ContentType

    from zeroharm.core.scoping import user_grants

    point = world.risk_points["A1a"]
    first = make(world, source=point, title="Fence it")
    make(world, source=point, title="Sign it", due=NEXT_WEEK + datetime.timedelta(days=3))
    make(world, title="Unrelated")
    monitor = world.users["monitor_a1a"]
    ContentType.objects.get_for_model(type(point))  # cached per process, as on a running site
    user_grants(monitor)  # loaded once per request by every page anyway
    with django_assert_max_num_queries(1):
        html = render_for_source(monitor, point)
    assert html.index("Fence it") < html.index("Sign it") and "Unrelated" not in html
    assert f"?source=risks.riskpoint%3A{point.pk}" in html and "Raise an action" in html
    assert first.get_absolute_url() in html
    # An auditor reads the actions but is not offered to raise one; another branch sees none of them.
    auditor_html = render_for_source(world.users["auditor"], point)
    assert "Fence it" in auditor_html and "Raise an action" not in auditor_html
    assert "No actions raised from this record." in render_for_source(world.users["leader_b"], point)


#
# My tasks on the home page
#


def my_tasks(client):
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["my_tasks"], response.content.decode()


def test_my_tasks_lists_own_open_actions_overdue_first(world, client_for):
    late = set_due(make(world, title="Late one"), TODAY - datetime.timedelta(days=2))
    soon = make(world, title="Soon", due=TODAY + datetime.timedelta(days=1))
    make(world, title="Later", due=NEXT_WEEK)
    done(world, make(world, title="Already done"))
    make(world, owner="A1b", title="Someone else's")
    panel, html = my_tasks(client_for("worker_a1a"))
    assert [w.title for w in panel["items"]] == ["Late one", "Soon", "Later"]
    assert [w.overdue for w in panel["items"]] == [True, False, False]
    assert panel["items"][0].url == late.get_absolute_url() and panel["items"][1].due == soon.due_date
    assert panel["kinds"] == [("Action", 3)] and panel["total"] == 3
    assert "overdue" in html and "Late one" in html and "Nothing to do" not in html


def test_my_tasks_lists_actions_waiting_for_my_verification(world, client_for):
    mine = make(world, owner="A1b", by="monitor_a1a", title="Check me")
    services.action_complete(item=mine, acting_user=world.users["director_a1"], note="done")
    own_work = make(world, owner="A1a", by="monitor_a1a", title="My own")
    services.action_complete(item=own_work, acting_user=world.users["monitor_a1a"], note="done")
    make(world, owner="A1b", by="monitor_a1a", title="Still open")
    panel, _html = my_tasks(client_for("monitor_a1a"))
    assert [(w.kind, w.title) for w in panel["items"]] == [("Action to verify", "Check me")]


def test_my_tasks_empty_state_and_the_limit(world, client_for):
    panel, html = my_tasks(client_for("worker_a1a"))
    assert panel["items"] == [] and "Nothing to do — well done" in html
    for i in range(12):
        make(world, title=f"Task {i:02d}", due=NEXT_WEEK + datetime.timedelta(days=i))
    panel, html = my_tasks(client_for("worker_a1a"))
    assert len(panel["items"]) == 10 and panel["total"] == 12
    assert [w.title for w in panel["items"]] == [f"Task {i:02d}" for i in range(10)]
    assert "The 10 most urgent of 12." in html


def test_my_tasks_merges_every_provider(world, client_for, monkeypatch):
    from zeroharm.core.registry import MyWork
    from zeroharm.dashboards import views

    make(world, title="Action soon", due=TODAY + datetime.timedelta(days=1))
    set_due(make(world, title="Action late"), TODAY - datetime.timedelta(days=1))

    def rectifications(user, limit):
        return 5, [
            MyWork(
                kind="Rectification",
                title="Rectify late",
                url="/r/1/",
                due=TODAY - datetime.timedelta(days=9),
                overdue=True,
            ),
            MyWork(kind="Rectification", title="Rectify undated", url="/r/2/"),
        ]

    monkeypatch.setattr(views, "my_work_providers", [*views.my_work_providers, rectifications])
    panel, _html = my_tasks(client_for("worker_a1a"))
    assert [w.title for w in panel["items"]] == ["Rectify late", "Action late", "Action soon", "Rectify undated"]
    assert panel["kinds"] == [("Action", 2), ("Rectification", 5)] and panel["total"] == 7


#
# List, filters, export, open tasks, navigation
#


def test_list_filters_and_sort(world, client_for):
    point = world.risk_points["A1a"]
    late = set_due(make(world, title="Replace hose"), TODAY - datetime.timedelta(days=3))
    make(world, "A1b", owner="A1b", title="Train the team", kind="preventive", due=NEXT_WEEK)
    make(world, "A1a", title="Fence the pit", source=point, due=TODAY + datetime.timedelta(days=30))
    make(world, "B1a", owner="B1a", title="Branch B task")
    c = client_for("leader_a")
    base = reverse("actions:action_list")

    def titles(query=""):
        response = c.get(base + query)
        assert response.status_code == 200
        return [row.record.title for row in response.context["table"].page.object_list]

    assert titles() == ["Replace hose", "Train the team", "Fence the pit"]  # by due date, branch A only
    assert titles(f"?ancestor_id={world.unit('A1b').pk}") == ["Train the team"]
    assert titles("?kind=preventive") == ["Train the team"]
    assert titles("?overdue=true") == ["Replace hose"]
    assert titles("?q=fence") == ["Fence the pit"]
    assert titles("?owner=P-A1b") == ["Train the team"]
    assert titles("?owner=person of a1") == ["Replace hose", "Train the team", "Fence the pit"]
    assert titles(f"?due_after={TODAY}&due_before={NEXT_WEEK}") == ["Train the team"]
    assert titles(f"?source=risks.riskpoint:{point.pk}") == ["Fence the pit"]
    assert titles("?source=bogus") == []
    done(world, late)
    assert titles("?status=done") == ["Replace hose"]
    page = c.get(base + "?overdue=false").content.decode()
    assert "Fence the pit" in page


def test_export_reads_back_with_openpyxl(world, client_for):
    set_due(make(world, title="Late"), TODAY - datetime.timedelta(days=1))
    make(world, "A1b", owner="A1b", title="Fine")
    make(world, "B1a", owner="B1a", title="Other branch")
    c = client_for("leader_a")
    response = c.get(reverse("actions:action_list") + "?_export=xlsx")
    assert response.status_code == 200 and '.xlsx"' in response["Content-Disposition"]
    rows = [[cell.value for cell in row] for row in openpyxl.load_workbook(io.BytesIO(response.content)).active.rows]
    assert rows[0][:4] == ["Action", "due date", "Status", "owner"]
    assert [r[0] for r in rows[1:]] == ["Late", "Fine"]
    assert rows[1][2] == "Open" and rows[1][3] == "Person of A1a"
    filtered = c.get(reverse("actions:action_list") + "?overdue=true&_export=csv")
    lines = list(csv.reader(io.StringIO(filtered.content.decode("utf-8-sig"))))
    assert [r[0] for r in lines[1:]] == ["Late"]


def test_open_task_and_navigation(world, client_for):
    from zeroharm.actions.hooks import action_open_tasks

    set_due(make(world, title="Late"), TODAY - datetime.timedelta(days=1))
    set_due(make(world, "B1a", owner="B1a", title="Late B"), TODAY - datetime.timedelta(days=1))
    make(world, title="Fine")
    tasks = action_open_tasks(world.users["leader_a"])
    overdue = reverse("actions:action_list") + "?is_archived=false&overdue=true"
    assert [(t.count, t.url) for t in tasks] == [(1, overdue)]
    assert [t.count for t in action_open_tasks(world.users["safety"])] == [2]
    assert action_open_tasks(world.users["worker_a1a"]) == []  # employees change nothing; My tasks is theirs
    assert action_open_tasks(world.users["auditor"]) == []
    home = client_for("leader_a").get(reverse("home")).content.decode()
    assert "Corrective actions past their due date" in home
    assert f'href="{reverse("actions:action_list")}"' in home  # the menu entry


#
# API
#


def api(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


def test_api_create_update_and_steps(world, client_for):
    monitor, worker = client_for("monitor_a1a"), client_for("worker_a1a")
    point = world.risk_points["A1a"]
    created = api(
        monitor,
        "post",
        "/api/v1/actions/",
        {
            "source": f"risks.riskpoint:{point.pk}",
            "title": "Fence",
            "owner": world.people["A1a"].pk,
            "due_date": NEXT_WEEK.isoformat(),
        },
    )
    assert created.status_code == 201, created.json()
    body = created.json()
    assert (body["unit"], body["source_type"], body["source_id"], body["status"]) == (
        point.unit_id,
        "risks.riskpoint",
        point.pk,
        "open",
    )
    url = f"/api/v1/actions/{body['id']}/"
    assert api(monitor, "patch", url, {"title": "Fence it"}).status_code == 400  # version required
    patched = api(monitor, "patch", url, {"title": "Fence it", "version": 1})
    assert patched.status_code == 200 and patched.json()["title"] == "Fence it" and patched.json()["version"] == 2
    assert api(monitor, "patch", url, {"title": "Again", "version": 1}).status_code == 409
    assert api(worker, "patch", url, {"title": "Mine", "version": 2}).status_code == 403
    completed = api(worker, "post", f"{url}complete/", {"note": "Fenced"})
    assert completed.status_code == 200 and completed.json()["status"] == "done"
    assert api(worker, "post", f"{url}verify/", {"note": "ok", "effective": True}).status_code == 403
    assert api(monitor, "post", f"{url}verify/", {"note": "ok"}).status_code == 400
    verified = api(monitor, "post", f"{url}verify/", {"note": "Checked", "effective": True})
    assert verified.status_code == 200 and verified.json()["status"] == "verified"
    assert api(client_for("leader_a"), "post", f"{url}cancel/", {"note": "x"}).status_code == 400  # closed
    history = monitor.get(f"{url}history/")
    assert history.status_code == 200 and history.json()["count"] == 4
    listed = monitor.get(f"/api/v1/actions/?source=risks.riskpoint:{point.pk}").json()
    assert [r["id"] for r in listed["results"]] == [body["id"]]


def test_api_refuses_bad_sources_units_and_owners(world, client_for):
    monitor = client_for("monitor_a1a")
    base = {"title": "x", "owner": world.people["A1a"].pk, "due_date": NEXT_WEEK.isoformat()}
    assert api(monitor, "post", "/api/v1/actions/", base).json()["errors"][0]["attr"] == "unit"
    for source in ("junk", f"risks.riskpoint:{world.risk_points['B1a'].pk}", "auth.user:1"):
        response = api(monitor, "post", "/api/v1/actions/", {**base, "source": source})
        assert response.status_code == 400 and response.json()["errors"][0]["attr"] == "source", source
    other_unit = api(monitor, "post", "/api/v1/actions/", {**base, "unit": world.unit("B1a").pk})
    assert other_unit.status_code == 400
    stranger = api(
        monitor, "post", "/api/v1/actions/", {**base, "unit": world.unit("A1a").pk, "owner": world.people["B1a"].pk}
    )
    assert stranger.status_code == 400 and stranger.json()["errors"][0]["attr"] == "owner"


#
# Query counts
#


def grow(world, n):
    from django.contrib.contenttypes.models import ContentType

    from zeroharm.risks.models import RiskPoint

    point_type = ContentType.objects.get_for_model(RiskPoint)
    items = []
    for i in range(n):
        code = ("A1a", "A1b", "A2", "B1a")[i % 4]
        items.append(
            ActionItem(
                unit=world.unit(code),
                title=f"Grown {i}",
                owner=world.people[code],
                due_date=TODAY + datetime.timedelta(days=i % 20 - 5),
                created_by=world.users["safety"],
                source_type=point_type,
                source_id=world.risk_points["A1a"].pk,
                status=("open", "done", "verified")[i % 3],
                verified_by=world.users["safety"] if i % 3 == 2 else None,
            )
        )
    ActionItem.objects.bulk_create(items)


def count(client, url):
    client.get(url)  # warm per-process caches (content types, kind labels)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


PAGES = {  # url → limit
    "list": ("actions:action_list", "", 11),
    "list_filtered": ("actions:action_list", "?overdue=true&status=open&q=a&sort=-due_date&ancestor_id={A}", 12),
    "detail": ("actions:action_detail", None, 20),
    "api": ("/api/v1/actions/?ordering=-due_date", "", 9),
}


@pytest.mark.parametrize("persona", ["safety", "leader_a", "worker_a1a"])
def test_query_counts_do_not_grow(world, client_for, persona, django_assert_max_num_queries):
    item = make(world, source=world.risk_points["A1a"])
    done(world, make(world, by="monitor_a1a"))  # something to verify for the monitor, a done row for the lists
    set_due(make(world, title="late"), TODAY - datetime.timedelta(days=1))
    c = client_for(persona)

    def url(spec):
        name, arg, _limit = spec
        if name.startswith("/"):
            return name
        if arg is None:
            return reverse(name, args=[item.pk])
        return reverse(name) + arg.format(A=world.unit("A").pk)

    small = {key: count(c, url(spec)) for key, spec in PAGES.items()}
    grow(world, 200)
    large = {key: count(c, url(spec)) for key, spec in PAGES.items()}
    assert large == small
    for spec in PAGES.values():
        with django_assert_max_num_queries(spec[2]):
            c.get(url(spec))


@pytest.mark.parametrize("persona", ["safety", "monitor_a1a", "worker_a1a"])
def test_home_page_queries(world, client_for, persona, monkeypatch):
    """The actions' part of the home page (My tasks and the overdue count) is at most two queries, whatever the data;
    the other apps' panels are measured by their own tests."""
    from zeroharm.actions import hooks
    from zeroharm.dashboards import views

    make(world, title="mine")
    done(world, make(world, owner="A1b", by="monitor_a1a"), by="director_a1")
    set_due(make(world, title="late"), TODAY - datetime.timedelta(days=1))
    c = client_for(persona)
    with_actions = count(c, reverse("home"))
    grow(world, 200)
    assert count(c, reverse("home")) == with_actions
    monkeypatch.setattr(views, "my_work_providers", [p for p in views.my_work_providers if p is not hooks.my_actions])
    monkeypatch.setattr(views, "task_providers", [p for p in views.task_providers if p is not hooks.action_open_tasks])
    assert with_actions - count(c, reverse("home")) <= 2


#
# The permission matrix
#


def persona_client(client_for, client, persona):
    return client if persona == "anonymous" else client_for(persona)


@pytest.mark.parametrize("persona", ALL)
def test_matrix_list_and_add_pages(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    for name, action in (("actions:action_list", Action.VIEW), ("actions:action_add", Action.ADD)):
        response = c.get(reverse(name))
        if persona == "anonymous":
            check_answer(response, "login")
        else:
            check_answer(response, 200 if ROLE_TABLE[PERSONAS[persona][0]]["safety"].get(action) else 403)


@pytest.mark.parametrize("persona", ALL)
def test_matrix_object_pages(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a", "A"):
        item = make(world, code, owner=code)
        owned = persona == "worker_a1a" and code == "A1a"  # the worker's person owns the A1a action
        check_answer(
            c.get(reverse("actions:action_detail", args=[item.pk])),
            expected_status(persona, "safety", Action.VIEW, code, owned=owned),
        )
        check_answer(
            c.get(reverse("actions:action_edit", args=[item.pk])),
            expected_status(persona, "safety", Action.CHANGE, code, owned=owned),
        )


def _step_expectation(persona, code, owned, allowed):
    if persona == "anonymous":
        return "login"
    if not reaches(persona, "safety", Action.VIEW, code, owned):
        return 404
    return 200 if allowed else 403


@pytest.mark.parametrize("persona", ALL)
def test_matrix_steps(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        owned = persona == "worker_a1a" and code == "A1a"
        changer = persona != "anonymous" and reaches(persona, "safety", Action.CHANGE, code)
        approver = persona != "anonymous" and reaches(persona, "safety", Action.APPROVE, code)
        # Complete: the owner or a changer.
        item = make(world, code, owner=code)
        check_answer(
            post_step(c, "complete", item, note="done"),
            _step_expectation(persona, code, owned, owned or changer),
            method="POST",
        )
        # Verify: done by the owner's login (A1a) or by the safety manager (B1a); a changer other than the doer.
        item = done(world, make(world, code, owner=code), by="worker_a1a" if code == "A1a" else "safety")
        doer = persona == ("worker_a1a" if code == "A1a" else "safety")
        check_answer(
            post_step(c, "verify", item, note="ok", effective="yes"),
            _step_expectation(persona, code, owned, changer and not doer),
            method="POST",
        )
        # Cancel: an approver.
        item = make(world, code, owner=code)
        check_answer(
            post_step(c, "cancel", item, note="no longer needed"),
            _step_expectation(persona, code, owned, approver),
            method="POST",
        )


@pytest.mark.parametrize("persona", ALL)
def test_matrix_api(world, client_for, client, persona):
    from tests.support.permissions import api_expect

    c = persona_client(client_for, client, persona)
    listing = c.get("/api/v1/actions/")
    role = PERSONAS.get(persona, (None,))[0]
    if persona == "anonymous":
        assert listing.status_code in (401, 403)
    else:
        assert listing.status_code == (200 if ROLE_TABLE[role]["safety"].get(Action.VIEW) else 403)
    for code in ("A1a", "B1a"):
        item = make(world, code, owner=code)
        owned = persona == "worker_a1a" and code == "A1a"
        url = f"/api/v1/actions/{item.pk}/"
        assert c.get(url).status_code in api_expect(persona, "safety", Action.VIEW, code, owned)
        assert c.get(f"{url}history/").status_code in api_expect(persona, "safety", Action.VIEW, code, owned)
        assert api(c, "patch", url).status_code in api_expect(persona, "safety", Action.CHANGE, code, owned, ok=(400,))
        assert api(c, "post", f"{url}archive/", {"archived": False}).status_code in api_expect(
            persona, "safety", Action.ARCHIVE, code, owned
        )
        assert api(c, "post", f"{url}cancel/", {"note": "x"}).status_code in api_expect(
            persona, "safety", Action.APPROVE, code, owned
        )
        completed = api(c, "post", f"{url}complete/", {"note": "x"})
        if persona != "anonymous" and reaches(persona, "safety", Action.VIEW, code, owned):
            item.refresh_from_db()
            # Cancelled just before by an approver: then a 400 (closed); else the owner or a changer completes.
            expected = (
                400
                if item.status == "cancelled"
                else (200 if owned or reaches(persona, "safety", Action.CHANGE, code) else 403)
            )
            assert completed.status_code == expected
        else:
            assert completed.status_code in ((401, 403) if persona == "anonymous" else (404, 403))
        assert c.delete(url).status_code in ((401, 403) if persona == "anonymous" else (405, 403, 404))
    created = api(c, "post", "/api/v1/actions/")
    if persona == "anonymous":
        assert created.status_code in (401, 403)
    else:
        assert created.status_code == (400 if ROLE_TABLE[role]["safety"].get(Action.ADD) else 403)
