"""Who sees a campaign: it applies to its scope unit and every unit under it, so besides the campaigns of their
subtree a user reads those of the units above theirs (the group's Safety Month reaches a team), never a sibling
branch's (core.scoping.or_units_above, as responsibility's agreements)."""

from __future__ import annotations

from zeroharm.core.scoping import or_units_above

__all__ = ["CampaignChainScope"]


class CampaignChainScope:
    """Put before the model's base; `scope_campaign_prefix` is the lookup to the Campaign ("" on it)."""

    scope_campaign_prefix = ""

    @classmethod
    def scope_q(cls, user, action, scope):
        lookup = f"{cls.scope_campaign_prefix}unit__path"
        return or_units_above(super().scope_q(user, action, scope), action, scope, lookup)
