import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

__all__ = ["DomainTable", "ArchivedColumn", "SECONDARY"]

# Columns with these attributes are hidden on a phone (app.css) and shown from 768 px up.
SECONDARY = {"th": {"class": "secondary"}, "td": {"class": "secondary"}}


class ArchivedColumn(tables.BooleanColumn):
    def __init__(self, **kwargs):
        kwargs.setdefault("verbose_name", _("archived"))
        kwargs.setdefault("accessor", "is_archived")
        super().__init__(**kwargs)


class DomainTable(tables.Table):
    """Base for list tables: the same columns feed the page and its csv/xlsx export."""

    class Meta:
        # Sorting and paging links reload the results in place (htmx); links to records are plain navigation.
        attrs = {"class": "table", "tbody": {"hx-boost": "false"}}
        empty_text = _("Nothing matches these filters.")
        # The page size is read (and checked) by ObjectListView.get_table_pagination: django-tables2 would
        # otherwise take any number from `per_page` itself, and a negative one answers 500.
        per_page_field = "_per_page_unused"
