"""The agreement template pages: login, role (403), another branch (404) and the right user; the targets formset's
checks named on the page; the optimistic lock; the list's filters, export and constant query count; archiving."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.responsibility.factories import agreement_template
from tests.support.permissions import check_answer
from zeroharm.responsibility.models import AgreementTemplate

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "responsibility:agreementtemplate_list",
    "responsibility:agreementtemplate_add",
    "responsibility:agreementtemplate_detail",
    "responsibility:agreementtemplate_edit",
    "responsibility:agreementtemplate_archive",
}
PERSONAS = ["anonymous", "leader_b", "worker_a1a", "auditor", "leader_a", "safety"]
# Branch A's template: read in A's subtree and above it, changed by those who may there; branch B never finds it.
VIEW = {"anonymous": "login", "leader_b": 404, "worker_a1a": 404}
CHANGE = {**VIEW, "auditor": 403}
ARCHIVE = {**CHANGE, "leader_a": 403}  # a unit leader does not archive in this area


def url(name, *args):
    return reverse(f"responsibility:agreementtemplate_{name}", args=args)


def client(client_for, persona):
    return Client() if persona == "anonymous" else client_for(persona)


def targets_post(rows, prefix="targets"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0"}
    for i, row in enumerate(rows):
        for name, value in row.items():
            if name == "veto" and not value:
                continue
            data[f"{prefix}-{i}-{name}"] = "on" if value is True else value
    return data


FATAL = {"indicator": "incidents.fatalities", "comparison": "=", "value": "0", "weight": "60", "veto": True}
ON_TIME = {"indicator": "hazards.rectified_on_time", "comparison": ">=", "value": "95", "weight": "40", "order": "1"}


def template_post(world, unit="A", level="branch_workshop", rows=(FATAL, ON_TIME), **fields):
    return {
        "unit": world.unit(unit).pk,
        "level": level,
        "title": "Workshop agreement",
        "clauses": "1. Keep the workshop safe.",
        "year": "2026",
        **fields,
        **targets_post(list(rows)),
    }


@pytest.fixture
def template_a(world):
    return agreement_template(world, unit="A", level="branch_workshop", title="Branch A's agreement")


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_template_page(client_for, template_a, persona):
    response = client(client_for, persona).get(url("detail", template_a.pk))
    expected = VIEW.get(persona, 200)
    check_answer(response, expected)
    if expected == 200:
        html = response.content.decode()
        assert "Branch A&#x27;s agreement" in html and "1. Keep people safe." in html
        assert "Hidden dangers rectified on time (%)" in html and "≥ 95" in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_edit_page(client_for, template_a, persona):
    check_answer(client(client_for, persona).get(url("edit", template_a.pk)), CHANGE.get(persona, 200))


@pytest.mark.parametrize("persona", PERSONAS)
def test_archiving(client_for, template_a, persona):
    response = client(client_for, persona).post(url("archive", template_a.pk))
    expected = ARCHIVE.get(persona, 302)
    check_answer(response, expected)
    assert AgreementTemplate.objects.get(pk=template_a.pk).is_archived is (expected == 302)


@pytest.mark.parametrize(
    "persona, expected", [("anonymous", "login"), ("worker_a1a", 403), ("auditor", 403), ("leader_a", 200)]
)
def test_the_list_and_add_pages(client_for, persona, expected):
    answer = client(client_for, persona)
    check_answer(
        answer.get(url("list")), "login" if persona == "anonymous" else (403 if persona == "worker_a1a" else 200)
    )
    check_answer(answer.get(url("add")), expected)


def test_adding_a_template_with_its_targets(world, client_for):
    response = client_for("leader_a").post(url("add"), template_post(world))
    template = AgreementTemplate.objects.get(title="Workshop agreement")
    assert response.status_code == 302 and response["Location"] == template.get_absolute_url()
    # ordered by the order field, then as entered: the on-time target (order 1) first
    assert [(t.indicator, t.order, t.veto) for t in template.targets.all()] == [
        ("hazards.rectified_on_time", 1, False),
        ("incidents.fatalities", 2, True),
    ]


def test_another_branch_is_neither_offered_nor_accepted(world, client_for, template_a):
    leader_b = client_for("leader_b")
    form = leader_b.get(url("add")).content.decode()
    assert f'value="{world.unit("B").pk}"' in form and f'value="{world.unit("A").pk}"' not in form
    refused = leader_b.post(url("add"), template_post(world, unit="A"))
    assert refused.status_code == 200 and "Select a valid choice" in refused.content.decode()
    assert leader_b.post(url("edit", template_a.pk), template_post(world, unit="B")).status_code == 404
    listed = leader_b.get(url("list")).content.decode()
    assert "Branch A&#x27;s agreement" not in listed
    assert not AgreementTemplate.objects.filter(title="Workshop agreement").exists()


@pytest.mark.parametrize(
    "rows, message",
    [
        ([FATAL, {**ON_TIME, "weight": "30"}], "The weights add up to 90: they must add up to 100"),
        ([FATAL, {**FATAL, "weight": "40"}], "this indicator has two targets"),
        ([{**ON_TIME, "value": "120", "weight": ""}], "a percentage is between 0 and 100"),
        ([{**ON_TIME, "indicator": "made.up"}], "Select a valid choice. made.up is not one of the available choices."),
    ],
)
def test_the_targets_are_checked_and_named(world, client_for, rows, message):
    response = client_for("leader_a").post(url("add"), template_post(world, rows=rows))
    assert response.status_code == 200 and message in response.content.decode()
    assert not AgreementTemplate.objects.filter(title="Workshop agreement").exists()


def test_the_level_is_the_one_its_unit_issues(world, client_for):
    response = client_for("leader_a").post(url("add"), template_post(world, level="group_branch"))
    assert "Branch A does not issue agreements of this level." in response.content.decode()


def test_editing_keeps_a_concurrent_change(world, client_for, template_a):
    leader_a, safety = client_for("leader_a"), client_for("safety")
    assert leader_a.get(url("edit", template_a.pk)).context["form"]["version"].value() == template_a.version
    first = template_post(world, title="Saved first", version=template_a.version)
    assert safety.post(url("edit", template_a.pk), first).status_code == 302
    second = leader_a.post(url("edit", template_a.pk), template_post(world, title="Saved second", version=1))
    assert second.status_code == 200 and "Someone else changed this record" in second.content.decode()
    template_a.refresh_from_db()
    assert template_a.title == "Saved first" and template_a.targets.count() == 2


def test_editing_replaces_the_targets_and_the_issued_agreements_keep_theirs(world, client_for, template_a):
    from tests.responsibility.factories import first_leaders
    from zeroharm.responsibility.services.agreements import agreement_issue

    first_leaders(world)
    import datetime

    drafts = agreement_issue(
        template=template_a, year=2026, due_on=datetime.date(2026, 3, 31), acting_user=world.users["leader_a"]
    )
    post = template_post(world, rows=[{**ON_TIME, "weight": "", "value": "98"}], version=template_a.version)
    assert client_for("leader_a").post(url("edit", template_a.pk), post).status_code == 302
    assert [(t.indicator, t.value) for t in template_a.targets.all()] == [("hazards.rectified_on_time", 98)]
    assert drafts[0].targets.count() == 2


def test_the_list_filters_searches_sorts_pages_and_exports(world, client_for, template_a):
    agreement_template(world, title="Group's 2026 agreement")
    agreement_template(world, unit="A", level="branch_workshop", title="Standing workshop agreement")
    AgreementTemplate.objects.filter(title="Group's 2026 agreement").update(year=2026)
    AgreementTemplate.objects.filter(title="Branch A's agreement").update(year=2025)
    safety = client_for("safety")

    def titles(**query):
        return [t.title for t in safety.get(url("list"), query).context["table"].page.object_list.data]

    assert titles(level="branch_workshop", sort="title") == ["Branch A's agreement", "Standing workshop agreement"]
    assert titles(year=2026, sort="title") == ["Group's 2026 agreement", "Standing workshop agreement"]
    assert titles(q="standing") == ["Standing workshop agreement"]
    assert titles(sort="-title")[0] == "Standing workshop agreement"
    assert titles(per_page=25, page=1) and len(titles()) == 3
    export = safety.get(url("list"), {"level": "group_branch", "_export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    empty = safety.get(url("list"), {"q": "nothing like it"}).content.decode()
    assert "Standing workshop agreement" not in empty
    assert "Agreement templates" in safety.get(reverse("responsibility:agreement_list")).content.decode()  # the menu


def test_the_list_pages_and_its_empty_state(world, client_for):
    safety = client_for("safety")
    assert "A template holds the clauses and the targets" in safety.get(url("list")).content.decode()
    for n in range(30):
        agreement_template(world, title=f"Template {n:02}")
    page = safety.get(url("list"), {"sort": "title", "page": 2})
    assert [t.title for t in page.context["table"].page.object_list.data][:1] == ["Template 25"]


def test_the_list_runs_a_constant_number_of_queries(world, client_for, django_assert_max_num_queries):
    safety = client_for("safety")
    agreement_template(world)
    safety.get(url("list"))
    with CaptureQueriesContext(connection) as few:
        assert safety.get(url("list")).status_code == 200
    for n in range(12):
        agreement_template(world, unit="A", level="branch_workshop", title=f"More {n}")
    with django_assert_max_num_queries(len(few)):
        assert safety.get(url("list")).status_code == 200
