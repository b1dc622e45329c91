"""List tables: rows cost no per-cell introspection, and what they render and export is django-tables2's own.

Issue 11, point 16: django-tables2 inspected a render method's signature and compiled a date column's template for
every cell. `core.tables.DomainTable` works that out once per table class; these tests hold it to that (counted
calls, not time: they cannot depend on the machine's speed) and compare every main list's page and export, cell by
cell, with what the library renders without the shortcuts. Point 17: a page is fetched ids first; its pages hold
every record once, in the list's order.
"""

from __future__ import annotations

import datetime
import inspect
from decimal import Decimal
from unittest import mock

import django_tables2 as tables
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.template import base as template_base
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tables2.columns.base import LinkTransform

pytestmark = pytest.mark.django_db

ROWS = 60  # more than 50: pages of 25 and of 50 rows are both full


def _records(world) -> None:
    """ROWS records of every main list, with the values that take different paths: choices, empty relations,
    overdue deadlines, dates and times, links."""
    from zeroharm.actions.models import ActionItem
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.incidents.models import Incident
    from zeroharm.inspections.models import ChecklistTemplate, ChecklistVersion, Inspection
    from zeroharm.org.models import Person
    from zeroharm.risks.models import RiskPoint

    today = timezone.localdate()
    units = [world.unit(code) for code in ("A1a", "A1b", "B1a", "A")]
    owner = world.people["A1a"]
    states = ["reported", "assigned", "in_rectification", "pending_acceptance", "closed"]
    HiddenDanger.objects.bulk_create(
        [
            HiddenDanger(
                unit=units[i % 4],
                location=f"Bay {i}",
                description=("=SUM(A1) " if i == 3 else "") + "Loose guard " * (i % 9),
                found_on=today - datetime.timedelta(days=i),
                state=states[i % 5],
                level="" if i % 5 == 0 else "general",
                deadline=None if i % 5 == 0 else today + datetime.timedelta(days=i - 20),
                owner=None if i % 3 else owner,
            )
            for i in range(ROWS)
        ]
    )
    Incident.objects.bulk_create(
        [
            Incident(
                kind=["near_miss", "injury", "first_aid"][i % 3],
                unit=units[i % 4],
                occurred_at=timezone.now() - datetime.timedelta(hours=7 * i),
                description=f"Slipped on oil {i}",
                category="" if i % 4 else "03",
                deaths=int(i == 5),
                serious_injuries=i % 2,
                minor_injuries=i % 3,
            )
            for i in range(ROWS)
        ]
    )
    RiskPoint.objects.bulk_create(
        [
            RiskPoint(
                unit=units[i % 4],
                code=f"T{i:03d}",
                name=f"Press {i}",
                kind="place",
                color=["", "red", "blue"][i % 3],
                score=Decimal(i),
                review_due=None if i % 2 else today + datetime.timedelta(days=i),
            )
            for i in range(ROWS)
        ]
    )
    template = ChecklistTemplate.objects.create(unit=world.unit("A"), name="Walk-round")
    version = ChecklistVersion.objects.create(template=template, number=1)
    Inspection.objects.bulk_create(
        [
            Inspection(
                unit=units[i % 4],
                checklist_version=version,
                assignee=None if i % 2 else owner,
                due_date=today - datetime.timedelta(days=i),
                status=["planned", "done", "missed"][i % 3],
                is_late=i % 4 == 0,
                done_at=timezone.now() if i % 3 == 1 else None,
            )
            for i in range(ROWS)
        ]
    )
    Person.objects.bulk_create(
        [
            Person(
                employee_no=f"T{i:04d}",
                name=f"Worker {i}",
                unit=units[i % 4],
                position=None if i % 2 else world.position,
                hire_date=None if i % 3 else datetime.date(2020, 1, 1 + i % 28),
                phone="" if i % 2 else f"1380000{i:04d}",
            )
            for i in range(ROWS)
        ]
    )
    source_type = ContentType.objects.get_for_model(HiddenDanger)
    ActionItem.objects.bulk_create(
        [
            ActionItem(
                unit=units[i % 4],
                title=f"Fix {i}",
                owner=owner,
                due_date=today + datetime.timedelta(days=i - 30),
                status=["open", "done", "cancelled"][i % 3],
                source_type=None if i % 2 else source_type,
                source_id=None if i % 2 else 1,
            )
            for i in range(ROWS)
        ]
    )


LISTS = [
    "hazards:hazard_list",
    "incidents:incident_list",
    "risks:riskpoint_list",
    "inspections:inspection_list",
    "org:person_list",
    "actions:action_list",
]


def _table(name: str, admin, per_page: int, *, plain: bool = False, sort: str = "", page: int = 1, distinct=False):
    """The list's own table over the admin's rows, configured by the request as the page does it.

    `plain`: django-tables2's own rows and columns, without `DomainTable`'s per-class shortcuts (its __init__
    skipped): the reference the shortcuts must render exactly."""
    from django.urls import resolve, reverse

    view_class = resolve(reverse(name)).func.view_class
    request = RequestFactory().get(reverse(name), {"per_page": per_page, **({"sort": sort} if sort else {})})
    request.user = admin
    view = view_class()
    view.setup(request)
    table_class = view.table_class
    data = view_class.model.objects.visible_to(admin)
    if view.select_related:
        data = data.select_related(*view.select_related)
    if distinct:
        data = data.distinct()
    if plain:
        table = table_class.__new__(table_class)
        tables.Table.__init__(table, data, request=request)
    else:
        table = table_class(data, request=request)
    return table.paginate(per_page=per_page, page=page)


# The body as core/table.html wrote it with the template engine, before DomainTable.rows_html: the reference.
_LIBRARY_BODY = (
    '{% extends "core/table.html" %}{% load l10n %}{% block table.tbody %}\n<tbody {{ table.attrs.tbody.as_html }}>'
    "{% for row in table.paginated_rows %}<tr {{ row.attrs.as_html }}>{% for column, cell in row.items %}"
    '<td {{ column.attrs.td.as_html }} data-label="{{ column.header }}">{% if column.localize == None %}{{ cell }}'
    "{% else %}{% if column.localize %}{{ cell|localize }}{% else %}{{ cell|unlocalize }}{% endif %}{% endif %}</td>"
    "{% endfor %}</tr>{% empty %}{% if table.empty_text %}\n"
    '<tr><td colspan="{{ table.columns|length }}">{{ table.empty_text }}</td></tr>{% endif %}{% endfor %}\n</tbody>\n'
    "{% endblock table.tbody %}"
)


def _rendered(table, request, *, library_body: bool = False) -> str:
    from django.template import Context, Template

    code = _LIBRARY_BODY if library_body else '{% extends "core/table.html" %}'
    context = Context({"table": table, "request": request})
    table.context = context
    return Template(code).render(context)


@pytest.fixture
def loaded(world):
    _records(world)
    return world


@pytest.mark.parametrize("name", LISTS)
def test_a_page_renders_what_django_tables2_renders(loaded, name, rf):
    request = rf.get("/")
    request.user = loaded.users["admin"]
    fast = _rendered(_table(name, loaded.users["admin"], 50), request)
    plain = _rendered(_table(name, loaded.users["admin"], 50, plain=True), request, library_body=True)
    assert fast.count("<tr") == 51
    assert fast == plain


def test_an_empty_page_says_so_as_the_library_does(world, rf):
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.hazards.tables import HiddenDangerTable

    request = rf.get("/")
    request.user = world.users["admin"]
    fast = _rendered(HiddenDangerTable(HiddenDanger.objects.none(), request=request), request)
    plain = _rendered(HiddenDangerTable(HiddenDanger.objects.none(), request=request), request, library_body=True)
    assert "Nothing matches these filters." in fast
    assert fast == plain


@pytest.mark.parametrize("name", LISTS)
def test_an_export_holds_what_django_tables2_gives(loaded, name):
    fast = list(_table(name, loaded.users["admin"], 50).as_values(exclude_columns=("actions",)))
    plain = list(_table(name, loaded.users["admin"], 50, plain=True).as_values(exclude_columns=("actions",)))
    assert len(fast) > ROWS  # the header, and every row (not one page)
    assert fast == plain


SORTS = [  # the order a list opens in, and orders whose sort key many rows share
    ("hazards:hazard_list", ""),
    ("hazards:hazard_list", "state"),
    ("hazards:hazard_list", "-owner"),
    ("incidents:incident_list", ""),
    ("risks:riskpoint_list", "-color"),
    ("inspections:inspection_list", "status"),
    ("org:person_list", "-unit"),
    ("actions:action_list", "status"),
]


@pytest.mark.parametrize(("name", "sort"), SORTS)
def test_pages_fetched_ids_first_are_the_ordered_rows_each_once(loaded, name, sort, django_assert_num_queries):
    """A page's ids come in the list's order (ties broken by id), then their rows: every record on exactly one
    page, in the order the sort gives, with the related rows the columns show (no query per row)."""
    admin = loaded.users["admin"]
    ordered = _table(name, admin, 25, sort=sort).data.data  # (the user's grants are loaded here, once)
    pages = []
    for page in (1, 2, 3):
        with django_assert_num_queries(3):  # the count, the page's ids, then its rows with their related rows
            table = _table(name, admin, 25, sort=sort, page=page)
            pages.append([row.record for row in table.page.object_list])
        with django_assert_num_queries(0):
            [[cell for _column, cell in row.items()] for row in table.page.object_list]
    shown = [record.pk for page in pages for record in page]
    direction = "-pk" if str(ordered.query.order_by[0]).startswith("-") else "pk"
    assert shown == list(ordered.order_by(*ordered.query.order_by, direction).values_list("pk", flat=True))
    assert len(set(shown)) == len(shown) == ordered.count()


@pytest.mark.parametrize("name", LISTS)
def test_a_distinct_list_is_paged_as_django_tables2_pages_it(loaded, name, rf):
    request = rf.get("/")
    request.user = loaded.users["admin"]
    fast = _rendered(_table(name, loaded.users["admin"], 25, distinct=True, page=2), request)
    plain = _rendered(_table(name, loaded.users["admin"], 25, plain=True, distinct=True, page=2), request)
    assert fast.count("<tr") == 26
    assert fast == plain


def _count_calls(target, attribute: str, run) -> int:
    original = getattr(target, attribute)
    with mock.patch.object(target, attribute, side_effect=original, autospec=True) as spy:
        run()
    return spy.call_count


@pytest.mark.parametrize("name", LISTS)
def test_more_rows_inspect_no_more_signatures_and_compile_no_more_templates(loaded, client_for, name):
    """What a table works out per class is worked out once: 50 rows cost no more introspection than 25."""
    from django.urls import reverse

    client = client_for("admin")
    url = reverse(name)
    client.get(url)  # warm: what is cached per class is filled by the first page
    calls = {}
    for per_page in (25, 50):

        def page(per_page=per_page):
            assert client.get(url, {"per_page": per_page}).status_code == 200

        calls[per_page] = (
            _count_calls(inspect, "signature", page),
            _count_calls(template_base.Template, "__init__", page),
            _count_calls(template_base, "render_value_in_context", page),  # a variable the engine printed
            _count_calls(LinkTransform, "compose_url", page),  # a link to the record's page, the library's way
        )
    assert calls[50] == calls[25]


def _deferred_loads(run) -> list[str]:
    """The fields loaded one record at a time while `run()` ran: Django reads a deferred field with
    refresh_from_db(fields=[name]), a query per row."""
    from django.db import models

    loads = []
    original = models.Model.refresh_from_db

    def spy(self, using=None, fields=None, from_queryset=None):
        loads.append(f"{type(self).__name__}.{','.join(fields or ['*'])}")
        return original(self, using=using, fields=fields, from_queryset=from_queryset)

    with mock.patch.object(models.Model, "refresh_from_db", spy):
        run()
    return loads


@pytest.mark.parametrize("name", LISTS)
def test_a_page_fetches_only_what_its_cells_read(loaded, client_for, name):
    """A page's rows are fetched with the fields its cells read (`DomainTable.cell_fields`), not whole: Django
    builds each record from fewer values. No cell reads a field left out (a query per row): 50 rows take the
    queries 25 take, and no field is loaded one record at a time."""
    from django.urls import reverse

    table = _table(name, loaded.users["admin"], 25)
    records = [row.record for row in table.page.object_list]
    assert all(record.get_deferred_fields() for record in records)

    client, url = client_for("admin"), reverse(name)
    client.get(url)  # warm the per-process caches
    queries = {}

    def pages():
        for per_page in (25, 50):
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(url, {"per_page": per_page}).content.count(b"<tr") == per_page + 1
            queries[per_page] = len(ctx.captured_queries)

    assert _deferred_loads(pages) == []
    assert queries[50] == queries[25]


def test_a_table_that_does_not_say_what_its_cells_read_fetches_whole_rows(loaded):
    """Without `cell_fields` a render method may read any field: the rows are fetched whole."""
    from zeroharm.hazards.models import HiddenDanger
    from zeroharm.hazards.tables import HiddenDangerTable

    class Unsaid(HiddenDangerTable):
        cell_fields = None

    table = Unsaid(HiddenDanger.objects.select_related("unit", "owner")).paginate(per_page=25)
    assert [row.record.get_deferred_fields() for row in table.page.object_list] == [set()] * 25


# django_tables2/table.html's header without its whitespace (core/table.html writes it with header_html).
_LIBRARY_HEAD = (
    '{% extends "core/table.html" %}{% load django_tables2 %}{% block table.thead %}{% if table.show_header %}'
    "<thead {{ table.attrs.thead.as_html }}><tr>{% for column in table.columns %}<th {{ column.attrs.th.as_html }}>"
    '{% if column.orderable %}<a href="'
    '{% querystring_replace table.prefixed_order_by_field=column.order_by_alias.next %}">'
    "{{ column.header }}</a>{% else %}{{ column.header }}{% endif %}</th>{% endfor %}</tr></thead>{% endif %}"
    "{% endblock table.thead %}"
)


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("sort", ["", "-unit"])
def test_a_header_is_what_django_tables2_draws(loaded, name, sort):
    from django.template import Context, Template

    table = _table(name, loaded.users["admin"], 25, sort=sort)
    table.request.GET = table.request.GET.copy()
    table.request.GET.setlist("state", ["a&b", "c"])
    table.request.GET["q"] = "<x> y"
    drawn = {}
    for key, code in (("ours", '{% extends "core/table.html" %}'), ("library", _LIBRARY_HEAD)):
        context = Context({"table": table, "request": table.request})
        table.context = context
        html = Template(code).render(context)
        drawn[key] = html[html.index("<thead") : html.index("</thead>")]
    assert drawn["ours"] == drawn["library"]
    assert drawn["ours"].count("<th ") == len(table.columns) and "state=a%26b&amp;state=c" in drawn["ours"]
