"""The permission oracle: what each persona may reach, and how a page or endpoint answers them."""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import PERSONAS
from zeroharm.core.roles import ROLE_TABLE, Action, Reach

# The unit codes each unit's subtree contains, written out by hand from the test tree.
SUBTREE = {
    "G": {"G", "A", "A1", "A1a", "A1b", "A2", "B", "B1", "B1a"},
    "A": {"A", "A1", "A1a", "A1b", "A2"},
    "A1": {"A1", "A1a", "A1b"},
    "A1a": {"A1a"},
    "A1b": {"A1b"},
    "A2": {"A2"},
    "B": {"B", "B1", "B1a"},
    "B1": {"B1", "B1a"},
    "B1a": {"B1a"},
}

ROOT = "G"


def reaches(persona: str, area: str, action: str, unit_code: str | None, owned: bool = False) -> bool:
    """The oracle: may `persona` do `action` in `area` on a record of unit `unit_code`?

    unit_code None means a group-wide catalogue: any role that grants the action may read it, only a
    role held at the group's root may change it.
    """
    role, home = PERSONAS[persona]
    reach = ROLE_TABLE[role].get(area, {}).get(action)
    if reach is None:
        return False
    if unit_code is None:
        return action == Action.VIEW or home == ROOT
    if reach == Reach.OWN:
        return owned
    return unit_code in SUBTREE[home]


def expected_status(persona, area, action, unit_code, *, owned=False, ok=200):
    if persona == "anonymous":
        return "login"
    if not reaches(persona, area, Action.VIEW, unit_code, owned):
        return 404  # another branch's record, or nothing of this area for this role: never 403, never 200
    return ok if reaches(persona, area, action, unit_code, owned) else 403


ALL = [*PERSONAS, "anonymous"]


def all_url_names(resolver=None, prefix="") -> set[str]:
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace and pattern.namespace != "api" else prefix
            if pattern.namespace == "api":
                continue  # the router's endpoints are walked by the API tests below
            names |= all_url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names


def persona_client(client_for, client, persona):
    return client if persona == "anonymous" else client_for(persona)


def check_answer(response, expected, method="GET"):
    if expected == "login":
        assert response.status_code == 302 and "/login/" in response["Location"], response.status_code
    elif expected == 200:
        assert response.status_code in ((200,) if method == "GET" else (302,)), response.status_code
    else:
        assert response.status_code == expected


def api_expect(persona, area, action, unit_code, owned=False, ok=(200,)):
    if persona == "anonymous":
        return (401, 403)
    role = PERSONAS[persona][0]
    if not ROLE_TABLE[role].get(area, {}).get(action) and not ROLE_TABLE[role].get(area, {}).get(Action.VIEW):
        return (403,)
    if not reaches(persona, area, Action.VIEW, unit_code, owned):
        return (404, 403) if not ROLE_TABLE[role].get(area, {}).get(action) else (404,)
    return ok if reaches(persona, area, action, unit_code, owned) else (403,)
