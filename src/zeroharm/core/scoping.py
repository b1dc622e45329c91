"""The one scoping rule: what a user sees and may change.

`Model.objects.visible_to(user, action)` keeps the rows whose unit lies in the subtree of one of
the user's role assignments that grants `action` on the model's area (see `core.roles`), plus the
user's own rows where the role reaches only those. It is built as `unit_id IN (subquery)` rather
than a join, so it never duplicates rows and stays index-friendly (NetBox #8715).
Every page, API endpoint, export, import, search and report starts from it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import reduce
from operator import or_

from django.apps import apps
from django.db import models
from django.db.models import Q
from treebeard.mp_tree import MP_Node

from zeroharm.core.roles import Action, Reach, allowed_reach

__all__ = [
    "ancestor_paths",
    "or_units_above",
    "Grant",
    "Scope",
    "subtree_q",
    "path_q",
    "subtree_unit_ids",
    "user_grants",
    "user_scope",
    "ScopedQuerySet",
    "ScopedModelMixin",
    "can",
    "can_anywhere",
    "units_for",
    "is_whole_tree",
    "choosable",
]


@dataclass(frozen=True)
class Grant:
    role: str
    unit_id: int
    path: str
    depth: int


@dataclass
class Scope:
    """Where one user may do one action in one area."""

    paths: list[str] = field(default_factory=list)
    own: bool = False
    superuser: bool = False
    everything: bool = False  # the paths cover every root: no filter needed (and none is faster)

    @property
    def at_root(self) -> bool:
        return self.superuser or any(len(p) <= ORG_STEPLEN for p in self.paths)

    @property
    def unrestricted(self) -> bool:
        return self.superuser or self.everything

    @property
    def empty(self) -> bool:
        return not (self.paths or self.own or self.superuser)


ORG_STEPLEN = MP_Node.steplen  # a root unit's path has this length
PATH_ALPHABET = MP_Node.alphabet


def user_grants(user) -> list[Grant]:
    """The user's role assignments, loaded once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False):
        return []
    cached = getattr(user, "_zeroharm_grants", None)
    if cached is None:
        role_assignment = apps.get_model("accounts", "RoleAssignment")
        rows = role_assignment.objects.filter(user=user, is_archived=False).values_list(
            "role", "unit_id", "unit__path", "unit__depth"
        )
        cached = [Grant(*row) for row in rows]
        user._zeroharm_grants = cached
    return cached


def forget_grants(user) -> None:
    for attribute in ("_zeroharm_grants", "_zeroharm_roots", "_zeroharm_scopes"):
        if hasattr(user, attribute):
            delattr(user, attribute)


def _minimal_paths(paths: list[str]) -> list[str]:
    """Drop paths already covered by an ancestor path, so the SQL has fewer OR branches."""
    kept: list[str] = []
    for path in sorted(set(paths), key=len):
        if not any(path.startswith(k) for k in kept):
            kept.append(path)
    return kept


def user_scope(user, area: str, action: str) -> Scope:
    """Where the user may do `action` in `area`, worked out once per area and action and kept on the user object
    with the grants it comes from (a page's menu asks for it once per entry). Callers read it, never change it."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Scope()
    if user.is_superuser:
        return Scope(superuser=True)
    kept = getattr(user, "_zeroharm_scopes", None)
    if kept is None:
        kept = user._zeroharm_scopes = {}
    scope = kept.get((area, action))
    if scope is None:
        scope = kept[(area, action)] = _scope(user, area, action)
    return scope


def _scope(user, area: str, action: str) -> Scope:
    scope = Scope()
    for grant in user_grants(user):
        reach = allowed_reach(grant.role, area, action)
        if reach == Reach.SUBTREE:
            scope.paths.append(grant.path)
        elif reach == Reach.OWN:
            scope.own = True
    scope.paths = _minimal_paths(scope.paths)
    scope.everything = bool(scope.paths) and set(_root_paths(user)) <= set(scope.paths)
    return scope


def _root_paths(user) -> list[str]:
    """The paths of the root units (usually one group), loaded at most once per request."""
    cached = getattr(user, "_zeroharm_roots", None)
    if cached is None:
        if not any(g.depth == 1 for g in user_grants(user)):
            cached = ["-"]  # no root-level grant: cannot cover every root
        else:
            cached = list(apps.get_model("org", "OrgUnit").objects.filter(depth=1).values_list("path", flat=True))
        user._zeroharm_roots = cached
    return cached


def _path_upper_bound(path: str) -> str | None:
    """The smallest path after every path that starts with `path` (None when there is none)."""
    chars = list(path)
    for i in range(len(chars) - 1, -1, -1):
        position = PATH_ALPHABET.index(chars[i])
        if position + 1 < len(PATH_ALPHABET):
            return "".join(chars[:i]) + PATH_ALPHABET[position + 1]
    return None


def subtree_q(path: str, prefix: str = "") -> Q:
    """A unit and everything under it, as a range on the indexed materialized path.

    A range rather than `LIKE 'path%'`: SQLite's LIKE is case-insensitive and cannot use the
    (case-sensitive) index, and PostgreSQL's cannot either under a non-C collation. Paths hold only
    digits and capital letters, which sort the same way in every collation.
    """
    upper = _path_upper_bound(path)
    q = Q(**{f"{prefix}path__gte": path})
    return q & Q(**{f"{prefix}path__lt": upper}) if upper else q


def path_q(paths: list[str], prefix: str = "") -> Q:
    if not paths:
        return Q(pk__in=[])
    return reduce(or_, (subtree_q(p, prefix) for p in paths))


def is_whole_tree(path: str) -> bool:
    """Is this the path of the only root, so that its subtree is every unit? (Then a subtree filter can be
    left out: an `IN (every unit)` costs a lot on big tables and filters nothing.)"""
    if len(path) != ORG_STEPLEN:
        return False
    roots = apps.get_model("org", "OrgUnit").objects.filter(depth=1).values_list("path", flat=True)[:2]
    return list(roots) == [path]


def subtree_unit_ids(path: str):
    """Ids of a unit and its descendants, as a subquery for `unit__in=` (index range, no join)."""
    return apps.get_model("org", "OrgUnit").objects.filter(subtree_q(path)).values("pk")


class ScopedModelMixin:
    """Declares how a model is scoped. Override the three attributes; rarely `scope_own_q` or `scope_q`.

    scope_unit_field: the lookup to the record's OrgUnit; "" when the record *is* a unit; None for
    group-wide catalogues (positions), which anyone with a role may read and only a role held at
    the group's root may change.
    scope_owner_field: the lookup to the user who owns the record, for roles that reach OWN only;
    `scope_own_q` when such a role reaches more of its own (what it reported, raised…).
    """

    scope_area: str = "safety"
    scope_unit_field: str | None = "unit"
    scope_owner_field: str | None = None

    @classmethod
    def scope_q(cls, user, action: str, scope: Scope) -> Q:
        if scope.unrestricted:
            return Q()
        if cls.scope_unit_field is None:
            allowed = (not scope.empty) if action == Action.VIEW else scope.at_root
            return Q() if allowed else Q(pk__in=[])
        q = Q(pk__in=[])
        if scope.paths:
            if cls.scope_unit_field == "":
                q |= path_q(scope.paths)
            else:
                org_unit = apps.get_model("org", "OrgUnit")
                units = org_unit.objects.filter(path_q(scope.paths)).values("pk")
                q |= Q(**{f"{cls.scope_unit_field}__in": units})
        if scope.own:
            q |= cls.scope_own_q(user)
        return q

    @classmethod
    def scope_own_q(cls, user) -> Q:
        """The records a role that reaches its own records only reaches, besides any subtree it holds."""
        return Q(**{cls.scope_owner_field: user}) if cls.scope_owner_field else Q(pk__in=[])


def ancestor_paths(path: str, steplen: int = ORG_STEPLEN) -> list[str]:
    """The path itself and those of every unit above it."""
    return [path[:n] for n in range(steplen, len(path) + 1, steplen)]


def or_units_above(q: Q, action: str, scope: Scope, path_lookup: str) -> Q:
    """`q`, and for reading, the records whose unit (`path_lookup`) is one of the units above the user's or theirs:
    what applies down the tree (a responsibility list, an agreement's chain, a campaign) is read below its unit."""
    if action != Action.VIEW or scope.unrestricted:
        return q
    above = sorted({p for path in scope.paths for p in ancestor_paths(path)})
    return q | Q(**{f"{path_lookup}__in": above}) if above else q


class CatalogueScope:
    """A catalogue read by everyone with a role in its area (a team reads the group's courses and operating
    procedures), changed only in its owner unit's subtree (`scope_unit_field`). Put it before the model's base."""

    @classmethod
    def scope_q(cls, user, action, scope):
        if action == Action.VIEW and not scope.empty:
            return Q()
        return super().scope_q(user, action, scope)


class ScopedQuerySetMixin:
    def visible_to(self, user, action: str = Action.VIEW):
        model = self.model
        scope = user_scope(user, model.scope_area, action)
        if scope.empty:
            return self.none()
        return self.filter(model.scope_q(user, action, scope))


class ScopedQuerySet(ScopedQuerySetMixin, models.QuerySet):
    pass


def can(user, action: str, obj) -> bool:
    """May `user` do `action` on this saved object? Asks the same rule the lists use: of the row as
    core.services.record_lock read it when that is enough (every step of a workflow asks once), else of the
    database."""
    answer = _can_as_read(user, action, obj)
    if answer is None:
        answer = type(obj)._default_manager.visible_to(user, action).filter(pk=obj.pk).exists()
    return answer


def _can_as_read(user, action: str, obj) -> bool | None:
    """The rule on the unit record_lock read (`_stored_values`), when it can be told from that alone: the model
    keeps the default `scope_q`, its unit is one reference away and still the one read, and it is in the user's
    subtree or the user's reach is not to their own records. None when the database must be asked."""
    model = type(obj)
    stored = getattr(obj, "_stored_values", None)
    if stored is None or getattr(model.scope_q, "__func__", None) is not ScopedModelMixin.scope_q.__func__:
        return None
    scope = user_scope(user, model.scope_area, action)
    if scope.empty or scope.unrestricted:
        return not scope.empty
    field = model.scope_unit_field
    if not field or "__" in field:
        return None
    attname = model._meta.get_field(field).attname
    if attname not in stored or stored[attname] != getattr(obj, attname):
        return None
    path = getattr(obj, field).path
    if any(_in_subtree(path, root) for root in scope.paths):
        return True
    return None if scope.own else False  # one of the user's own records? (scope_own_q: the database knows)


def _in_subtree(path: str, root: str) -> bool:
    """`subtree_q(root)` for one path: the same range."""
    upper = _path_upper_bound(root)
    return path >= root and (upper is None or path < upper)


def can_anywhere(user, model, action: str) -> bool:
    return not user_scope(user, model.scope_area, action).empty


def units_for(user, area: str, action: str):
    """Units where `user` may do `action` in `area` (a subtree grant is needed; OWN reaches no unit)."""
    org_unit = apps.get_model("org", "OrgUnit")
    scope = user_scope(user, area, action)
    if scope.unrestricted:
        return org_unit.objects.all()
    return org_unit.objects.filter(path_q(scope.paths))


def choosable(user, model, *, area: str = "safety", action: str = Action.ADD):
    """The records of `model` that `user` may pick as a reference (a form's choice, an API id): THE rule for
    every related object a user can set, on every page and endpoint.

    A unit: one where the user may do `action` (add, or change when editing) in `area`, the area of the
    record that refers to it. Anything else: a live record the user may see — so nobody can point a record
    at a person, risk point or checklist of another branch and read its name back.
    """
    org_unit = apps.get_model("org", "OrgUnit")
    if model is org_unit:
        return units_for(user, area, action).filter(is_archived=False)
    own_rule = getattr(model, "choosable_for", None)  # a record shared downwards (a group's import mapping)
    if own_rule is not None:
        return own_rule(user)
    manager = model._default_manager
    if not hasattr(manager, "visible_to"):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(f"{model.__name__} has no scope: it cannot be chosen by a user.")
    records = manager.visible_to(user, Action.VIEW)
    if any(f.name == "is_archived" for f in model._meta.concrete_fields):
        records = records.filter(is_archived=False)
    if any(f.name == "is_active" for f in model._meta.concrete_fields):
        records = records.filter(is_active=True)
    return records


def children_visible_to(user, children, parent: str, action: str = Action.VIEW):
    """THE way to reach a child record (a photo, a file, an extension request, an item result): the children
    whose `parent` the user may see, so a child is never looked up by its own id alone.

    `children` is a queryset or a model; `parent` the name of its foreign key to a scoped record.
    """
    qs = children._default_manager.all() if isinstance(children, type) else children
    parent_model = qs.model._meta.get_field(parent).related_model
    return qs.filter(**{f"{parent}__in": parent_model._default_manager.visible_to(user, action).values("pk")})
