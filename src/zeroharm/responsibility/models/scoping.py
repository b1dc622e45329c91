"""Who sees a duty list: a list applies to its owner unit and every unit under it, so besides the lists owned in
their subtree a user reads the lists owned above it (the group's first-leader list applies to a branch), never a
sibling branch's. A role that reaches its own records only reads the lists that may apply to its person."""

from __future__ import annotations

from django.apps import apps
from django.db.models import Q

from zeroharm.core.scoping import ancestor_paths, or_units_above

__all__ = ["AppliesDownScope", "ChainAboveScope", "ancestor_paths", "or_units_above"]


class AppliesDownScope:
    """Put before the model's base. `scope_list_prefix` is the lookup to the DutyList ("" on the list itself)."""

    scope_list_prefix = ""

    @classmethod
    def _list_field(cls, name: str) -> str:
        return f"{cls.scope_list_prefix}{name}"

    @classmethod
    def scope_q(cls, user, action, scope):
        return or_units_above(super().scope_q(user, action, scope), action, scope, cls._list_field("unit__path"))

    @classmethod
    def scope_own_q(cls, user) -> Q:
        person = apps.get_model("org", "Person").objects.filter(user=user).select_related("unit").first()
        if person is None:
            return Q(pk__in=[])
        applies = Q(**{cls._list_field("unit__path__in"): ancestor_paths(person.unit.path)})
        post = Q(**{cls._list_field("unit_role__isnull"): False})
        if person.position_id:
            post |= Q(**{cls._list_field("position_id"): person.position_id})
        return applies & post


class ChainAboveScope:
    """An agreement belongs to its recipient (party B) and so to everyone above it, the issuer included; a user also
    reads the agreements of the units above theirs (the chain their own agreement hangs from), never a sibling
    branch's. Put before the model's base; `scope_chain_prefix` is the lookup to the Agreement."""

    scope_chain_prefix = ""

    @classmethod
    def scope_q(cls, user, action, scope):
        lookup = f"{cls.scope_chain_prefix}recipient__path"
        return or_units_above(super().scope_q(user, action, scope), action, scope, lookup)
