"""Template filters of the organisation, built into every template (settings.TEMPLATES "builtins")."""

from django import template

from zeroharm.org.services import kind_label as _kind_label

register = template.Library()


@register.filter
def kind_label(kind):
    """What this site calls a level of the tree (see org.UnitKindLabel)."""
    return _kind_label(kind)
