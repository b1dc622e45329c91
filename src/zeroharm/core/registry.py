"""Extension points through which each app plugs into the platform.

An app adds a `hooks.py` (imported at start-up) that registers its navigation entries, its
"my open tasks" provider and its periodic scans. (The demo is the `zeroharm.demo` package: data run through the
services, no hooks.)
Nothing here knows about any particular app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.utils.module_loading import autodiscover_modules

from zeroharm.core.links import page_url
from zeroharm.core.roles import Action, Audience, audience_of
from zeroharm.core.scoping import user_grants, user_scope

__all__ = [
    "NavItem",
    "NavSection",
    "STAFF",
    "nav_for",
    "OpenTask",
    "nav_sections",
    "register_nav",
    "register_task_provider",
    "register_scan",
    "task_providers",
    "scans",
    "autodiscover",
    "MyWork",
    "register_my_work",
    "my_work_providers",
    "register_write_guard",
    "write_guards",
    "register_person_panel",
    "person_panels",
    "SignedRecord",
    "register_signed_record",
    "signed_records",
    "GlanceFigure",
    "GLANCE_SECTIONS",
    "register_glance",
    "glance_providers",
    "register_screen_panel",
    "screen_panels",
]


EVERYONE = frozenset(Audience)
# Pages that set things up or run the system (people, logins, schedules, checklists, imports, settings…):
# not for the front line, whose menu stays short and about its own work.
STAFF = frozenset({Audience.UNIT_HEADS, Audience.OFFICE})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    area: str  # shown when the user may do `action` (view, unless said) somewhere in this area
    order: int = 100
    check: Callable | None = None  # and, if given, when check(user) is true
    audiences: frozenset = EVERYONE  # and when the user's audience (core.roles.audience_of) is one of these
    action: str = Action.VIEW
    query: str = ""  # appended to the address: a filter ("?open=true") or a place on the page ("#my-tasks")

    @property
    def url(self) -> str:
        return page_url(self.url_name) + self.query

    def visible_for(self, user, audience: Audience) -> bool:
        return (
            audience in self.audiences
            and not user_scope(user, self.area, self.action).empty
            and (self.check is None or self.check(user))
        )


@dataclass
class NavSection:
    key: str
    label: str
    order: int
    items: list[NavItem] = field(default_factory=list)
    audiences: frozenset = EVERYONE
    # The first section ("mine") is named after the audience it serves: "My work", "My units".
    label_by_audience: bool = False

    def label_for(self, audience: Audience):
        return audience.label if self.label_by_audience else self.label


@dataclass(frozen=True)
class OpenTask:
    """One line of a user's "open tasks": what to do, where, and by when."""

    title: str
    url: str
    count: int = 1
    due: object = None


@dataclass(frozen=True)
class MyWork:
    """One thing a user personally has to do ("My tasks"): an action, a rectification, an inspection."""

    kind: str  # translated label of the kind of work, e.g. "Rectification"
    title: str
    url: str
    due: object = None  # a date, or None
    overdue: bool = False


nav_sections: dict[str, NavSection] = {}
my_work_providers: list[Callable] = []
task_providers: list[Callable] = []
scans: dict[str, Callable] = {}
# Panels a domain adds to a person's page (org is below the domains: it shows them without knowing them).
person_panels: list[Callable] = []
# model label ("accounts.RoleAssignment") → guards entered around every write core.services makes to that model
write_guards: dict[str, list[Callable]] = {}


def define_nav_section(
    key: str, label: str, order: int, *, audiences: frozenset = EVERYONE, label_by_audience: bool = False
) -> None:
    nav_sections.setdefault(
        key, NavSection(key=key, label=label, order=order, audiences=audiences, label_by_audience=label_by_audience)
    )


def register_nav(section: str, item: NavItem) -> None:
    items = nav_sections[section].items
    if all(existing.url_name != item.url_name for existing in items):
        items.append(item)
        items.sort(key=lambda i: i.order)


def nav_for(user) -> list[dict]:
    """The main menu of one user: [{"label", "items": [{"label", "url"}]}], sections by order, entries by order.

    The audience's own entries come first (the section defined with `label_by_audience`); an address already
    offered there is not offered again further down, so a worker's "My inspections" replaces "Inspections"."""
    audience = audience_of({g.role for g in user_grants(user)}, superuser=user.is_superuser)
    menu, offered = [], set()
    for section in sorted(nav_sections.values(), key=lambda s: s.order):
        if audience not in section.audiences:
            continue
        items = [{"label": item.label, "url": item.url} for item in section.items if item.visible_for(user, audience)]
        items = [item for item in items if item["url"] not in offered]
        offered.update(item["url"] for item in items)
        if items:
            menu.append({"label": section.label_for(audience), "items": items})
    return menu


def register_task_provider(func: Callable) -> Callable:
    """`func(user) -> list[OpenTask]`; must run a constant number of queries."""
    if func not in task_providers:
        task_providers.append(func)
    return func


def register_my_work(func: Callable) -> Callable:
    """`func(user, limit) -> (total, list[MyWork])`, the user's own open work, soonest due first;
    a constant number of queries."""
    if func not in my_work_providers:
        my_work_providers.append(func)
    return func


def register_scan(name: str) -> Callable:
    """A periodic job run by `zeroharm scan` (cron or a systemd timer); must be idempotent."""

    def decorator(func: Callable) -> Callable:
        scans[name] = func
        return func

    return decorator


def register_write_guard(model_label: str, guard: Callable) -> None:
    """`guard()` returns a context manager that core.services enters around each create, update, archive and
    delete of that model, inside the write's transaction: raising ValidationError on exit refuses the write
    (everything rolls back), so pages and the API refuse it alike (a rule such as "keep an administrator")."""
    guards = write_guards.setdefault(model_label, [])
    if guard not in guards:
        guards.append(guard)


def register_person_panel(func: Callable) -> Callable:
    """`func(request, person) -> str`: an HTML fragment (rendered from a template, so escaped) shown on the
    person's page under their details, or "" when the user may not see it; a constant number of queries."""
    if func not in person_panels:
        person_panels.append(func)
    return func


@dataclass(frozen=True)
class SignedRecord:
    """How core.signature_checks checks a signature on a record of one model: `content(record, signature)` is the
    record's content now as its app would sign it (None: not known for that meaning), `visible(user, record)`
    whether the user may read the record (None: core.scoping.can, the model's own rule)."""

    content: Callable
    visible: Callable | None = None


signed_records: dict[str, SignedRecord] = {}


def register_signed_record(model_label: str, content: Callable, *, visible: Callable | None = None) -> None:
    """An app that signs records of `model_label` ("app.Model") tells how their content reads now, so a signature's
    page and a verified PDF say whether the record is still as signed."""
    signed_records[model_label.lower()] = SignedRecord(content=content, visible=visible)


@dataclass(frozen=True)
class GlanceFigure:
    """One figure of the state of safety over a user's scope (the home page, the big screen): a count and the list
    of the records behind it, filtered to the same scope. `alert`: a count above zero asks for attention (an overdue
    hidden danger does; a hidden danger reported is good news, a leading indicator)."""

    label: str
    count: int
    url: str
    order: int = 100
    alert: bool = False


# "leading": what the front line does to prevent (hidden dangers and near misses reported, briefings held), shown
# beside the safe-days counters so that a counter never reads as "report less"; "state": what is open or at risk.
# A later app (campaigns) adds its own figures to either without the dashboards knowing it.
GLANCE_SECTIONS = ("leading", "state")
glance_providers: dict[str, list[Callable]] = {section: [] for section in GLANCE_SECTIONS}


def register_glance(section: str) -> Callable:
    """`func(user, today) -> list[GlanceFigure]` over the user's scope; a constant number of queries."""
    if section not in GLANCE_SECTIONS:
        raise ValueError(f"glance section must be one of {GLANCE_SECTIONS}")

    def decorator(func: Callable) -> Callable:
        if func not in glance_providers[section]:
            glance_providers[section].append(func)
        return func

    return decorator


# Panels a domain adds to the big screen under the dashboards' own (a campaign's progress board): the dashboards
# show them without knowing the app.
screen_panels: list[Callable] = []


def register_screen_panel(func: Callable) -> Callable:
    """`func(request, unit) -> str`: an HTML fragment (rendered from a template, so escaped) about the unit's
    subtree, drawn on the big screen and with each of its refreshes, or "" when there is nothing to show (or the
    user may not see it); a constant number of queries."""
    if func not in screen_panels:
        screen_panels.append(func)
    return func


def autodiscover() -> None:
    autodiscover_modules("hooks")
