from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    return mapping.get(key, "") if hasattr(mapping, "get") else ""


@register.filter
def kind_label(kind):
    """What this site calls a level of the tree (see org.UnitKindLabel)."""
    from zeroharm.org.services import kind_label as label

    return label(kind)
