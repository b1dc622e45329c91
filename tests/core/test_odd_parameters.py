"""Odd values in any filter get an answer, never a 500 (issue 10, point 8).

Every list page and API list is asked with every filter its FilterSet declares (plus sorting and paging), and
the report pages with every parameter of their forms, each set to values drawn by hypothesis from what a careless
user or an attacker sends: ids of 25 digits, dates in year 1 or 9999, NUL bytes, long strings, floats that
overflow. The answer must be below 500 (a 400, or an empty result with a message).
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

ODD = st.one_of(
    st.sampled_from(
        [
            "9" * 25,
            "-" + "9" * 25,
            "0",
            "-1",
            "1e309",
            "NaN",
            "inf",
            "0001-01-01",
            "9999-12-31",
            "10000-01-01",
            "2026-02-30",
            "0000-00-00",
            "1900-01-01",
            "",
            " ",
            "true",
            "\x00",
            "a\x00b",
            "%00",
            "x" * 5000,
            "[]",
            "{}",
            "1,2",
            "𝟙",
            "２０２６-０１-０１",
            "2026-01-01T25:61",
            "../../etc",
            "'; DROP TABLE x;--",
            "$x^$",
        ]
    ),
    st.integers(min_value=-(2**80), max_value=2**80).map(str),
    st.text(max_size=40),
)

REPORT_PAGES = {
    "incidents:rates": ["unit", "from", "to", "export"],
    "hazards:statistics": ["unit", "period", "start", "end"],
    "hazards:quarterly_xlsx": ["unit", "year", "quarter"],
    "inspections:compliance": ["unit", "start", "end", "_export"],
    "analytics:overview": ["unit", "years", "start", "end", "kind"],
    "analytics:repeated": ["unit", "years", "start", "end", "min_count", "window_days"],
    "analytics:control": ["unit", "years", "start", "end"],
    "analytics:pyramid": ["unit", "years", "start", "end"],
    "analytics:control_chart": ["unit", "years", "start", "end", "kind"],
    "incidents:osha": ["unit", "year", "name", "state", "zip", "naics"],
    "incidents:osha_300": ["unit", "year", "format"],
    "incidents:osha_301": ["unit", "year", "case", "format"],
    "risks:map": ["unit"],
    "notifications:inbox": ["unread", "page"],
}


def _params(filterset) -> list[str]:
    """The query parameters of a FilterSet: a range filter reads `<name>_after` and `<name>_before`."""
    names = []
    for name, declared in filterset.base_filters.items():
        suffixes = getattr(declared.field.widget, "suffixes", None)
        names += [f"{name}_{s}" if s else name for s in suffixes] if suffixes else [name]
    return names


def _list_pages() -> dict[str, list[str]]:
    from zeroharm.core.views import ObjectListView

    found = {}

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns, f"{namespace}{p.namespace}:" if p.namespace else namespace)
            elif isinstance(p, URLPattern) and p.name and not p.pattern.converters:
                view = getattr(p.callback, "view_class", None)
                if view is not None and issubclass(view, ObjectListView) and view.filterset_class:
                    found[f"{namespace}{p.name}"] = [*_params(view.filterset_class), "sort", "page", "per_page"]

    walk(get_resolver().url_patterns)
    return found


def _api_lists() -> dict[str, list[str]]:
    from zeroharm.api_urls import router

    found = {}
    for prefix, viewset, _basename in router.registry:
        params = ["page", "page_size", "ordering"]
        filterset = getattr(viewset, "filterset_class", None)
        if filterset is not None:
            params += _params(filterset)
        params += list(getattr(viewset, "filterset_fields", None) or [])
        found[f"/api/v1/{prefix}/"] = params
    return found


def _targets() -> list[tuple[str, str]]:
    targets = [(reverse(name), param) for name, params in _list_pages().items() for param in params]
    targets += [(url, param) for url, params in _api_lists().items() for param in params]
    targets += [(reverse(name), param) for name, params in REPORT_PAGES.items() for param in params]
    return sorted(set(targets))


@pytest.fixture
def admin_client(world):
    client = Client(raise_request_exception=False)
    client.force_login(world.users["admin"])
    return client


def test_every_filter_is_covered():
    targets = _targets()
    urls = {url for url, _p in targets}
    assert len(urls) >= 40 and len(targets) >= 250
    assert ("/api/v1/people/", "unit_id") in targets or ("/api/v1/people/", "ancestor_id") in targets


@settings(
    max_examples=400,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_odd_values_in_any_filter_never_answer_500(admin_client, data):
    url, param = data.draw(st.sampled_from(_targets()), label="target")
    value = data.draw(ODD, label="value")
    response = admin_client.get(url, {param: value})
    assert response.status_code < 500, (url, param, value)


@pytest.mark.parametrize(
    "name,query",
    [
        ("org:person_list", "unit_id=" + "9" * 25),
        ("incidents:rates", "from=0001-01-01"),
        ("incidents:rates", "to=9999-12-31"),
    ],
)
def test_the_reported_cases(admin_client, name, query):
    assert admin_client.get(f"{reverse(name)}?{query}").status_code in (200, 400)
    assert admin_client.get("/api/v1/people/?unit_id=" + "9" * 25).status_code in (200, 400)


def test_every_number_and_date_filter_is_bounded():
    """One rule: ids through IdFilter (0 < id ≤ 2⁶³−1), other numbers with a range, dates through the bounded
    date field of core.forms (1900–2100)."""
    import django_filters

    from zeroharm.core.filtersets import DateRangeFilter, IdFilter

    filtersets = {v.filterset_class for v in _list_views()} | {
        getattr(vs, "filterset_class", None) for _p, vs, _b in _router().registry
    }
    loose = []
    for filterset in filter(None, filtersets):
        for name, declared in filterset.base_filters.items():
            where = f"{filterset.__name__}.{name}"
            unbounded = declared.extra.get("min_value") is None or declared.extra.get("max_value") is None
            if isinstance(declared, django_filters.NumberFilter) and not isinstance(declared, IdFilter) and unbounded:
                loose.append(f"{where}: a number without a range")
            if isinstance(declared, django_filters.DateFromToRangeFilter) and not isinstance(declared, DateRangeFilter):
                loose.append(f"{where}: a date range without the bounded dates")
    assert not loose, "\n".join(loose)


def _list_views():
    from zeroharm.core.views import ObjectListView

    views = []

    def walk(patterns):
        for p in patterns:
            if isinstance(p, URLResolver):
                walk(p.url_patterns)
            elif isinstance(p, URLPattern):
                view = getattr(p.callback, "view_class", None)
                if view is not None and issubclass(view, ObjectListView) and view.filterset_class:
                    views.append(view)

    walk(get_resolver().url_patterns)
    return views


def _router():
    from zeroharm.api_urls import router

    return router
