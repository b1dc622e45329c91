"""`{% source_actions record as block %}`: a record's actions and the "Raise an action" link, in one query.

Used by `actions/_for_source.html`; other apps put on their detail page
`{% include "actions/_for_source.html" with source=object %}`.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from zeroharm.actions.models import ActionItem
from zeroharm.actions.services import actions_for, source_key, source_unit
from zeroharm.core.roles import Action
from zeroharm.core.scoping import user_scope

register = template.Library()


@dataclass
class SourceActions:
    items: list = field(default_factory=list)
    add_url: str = ""


def may_add_in(user, unit) -> bool:
    """May `user` raise actions in `unit`? Answered from the cached grants and the unit's path: no query."""
    scope = user_scope(user, ActionItem.scope_area, Action.ADD)
    return scope.unrestricted or any(unit.path.startswith(p) for p in scope.paths)


@register.simple_tag(takes_context=True)
def source_actions(context, source) -> SourceActions:
    request = context.get("request")
    user = getattr(request, "user", None)
    if source is None or user is None or not user.is_authenticated:
        return SourceActions()
    block = SourceActions(items=list(actions_for(source, user)))
    if may_add_in(user, source_unit(source)):
        block.add_url = f"{reverse('actions:action_add')}?{urlencode({'source': source_key(source)})}"
    return block
