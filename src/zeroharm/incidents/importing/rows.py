"""Checking every row of the file without writing anything: each row becomes the incident and people it would be,
or is refused with every reason; then the references are checked for duplicates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.analytics.oiics import gb6441_for
from zeroharm.core.imports import RowError
from zeroharm.core.imports.dates import DateOrder, ValueRefused, detect_date_order, parse_time, parse_when
from zeroharm.incidents.choices import AccidentCategory, IncidentKind
from zeroharm.incidents.importing.mapping import ColumnMapping
from zeroharm.incidents.importing.parsing import (
    OIICS_CODE,
    choice_lookup,
    parse_category,
    parse_count,
    parse_money,
)
from zeroharm.incidents.importing.people import PeopleBuilder, RowFacts
from zeroharm.incidents.importing.targets import TARGETS_BY_KEY
from zeroharm.incidents.models import MAX_NARRATIVE, Incident

__all__ = ["ParsedRow", "RowParser", "check_duplicates", "date_order_for", "CHUNK"]

CHUNK = 500  # references per query, incidents per bulk insert


def date_order_for(mapping: ColumnMapping, plan: dict[str, list[tuple[str, int]]], rows: list[list[str]]) -> str:
    """The mapping's date order; when it says "detect", the order of the date column's values, or AmbiguousDateOrder
    (an ImportFileError that asks the user to choose) when the column cannot tell day from month."""
    if mapping.date_order != DateOrder.DETECT or "occurred_at" not in plan:
        return mapping.date_order
    name, index = plan["occurred_at"][0]
    return detect_date_order((cells[index] for cells in rows if index < len(cells)), column=name)


@dataclass
class ParsedRow:
    number: int
    incident: dict
    people: list[dict] = field(default_factory=list)


class RowParser:
    def __init__(self, mapping: ColumnMapping, plan: dict[str, list[tuple[str, int]]], *, date_order: str):
        self.mapping = mapping
        self.plan = plan
        self.date_order = date_order  # DMY, MDY or YMD once detected; DETECT decides value by value
        self.kinds = choice_lookup(IncidentKind.choices)
        self.categories = choice_lookup(AccidentCategory.choices)
        self.when_cache: dict[tuple[str, str], tuple[datetime.datetime, bool]] = {}
        self.now = timezone.now() + datetime.timedelta(minutes=5)
        self.tz = timezone.get_current_timezone()
        self.people = PeopleBuilder()
        # (row, reference) of every row, refused or not, so that duplicates are reported with the other faults.
        self.references: list[tuple[int, str]] = []

    def value(self, cells: list[str], key: str) -> tuple[str, str]:
        """(column name(s), the text): several columns joined, empty parts left out."""
        pairs = self.plan.get(key)
        if not pairs:
            return "", ""
        target = TARGETS_BY_KEY[key]
        parts = [cells[i].strip() if i < len(cells) else "" for _name, i in pairs]
        return " + ".join(name for name, _i in pairs), target.joiner.join(p for p in parts if p)

    def when_cells(self, cells: list[str]) -> list[tuple[str, str]]:
        """[(column, text)] of "when": the date (or date and time) first, then the time, if it has its own column."""
        return [(name, cells[i].strip() if i < len(cells) else "") for name, i in self.plan.get("occurred_at", [])]

    def _when(self, cells: list[str], fields: dict, refuse) -> None:
        (date_column, date_text), *rest = self.when_cells(cells) or [("", "")]
        time_column, time_text = rest[0] if rest else ("", "")
        if not date_text:
            refuse(date_column, "", _("the date is empty"))
            return
        if time_text:
            try:
                parse_time(time_text)
            except ValueRefused as exc:
                refuse(time_column, time_text, str(exc))
                return
        try:
            key = (date_text, time_text)
            if key not in self.when_cache:
                self.when_cache[key] = parse_when(date_text, time_text, order=self.date_order, tz=self.tz)
            occurred_at, time_unknown = self.when_cache[key]
            if occurred_at > self.now:
                raise ValueRefused(_("is in the future"))
        except ValueRefused as exc:
            refuse(date_column, date_text, str(exc))
            return
        fields["occurred_at"], fields["time_unknown"] = occurred_at, time_unknown

    def parse(
        self, number: int, cells: list[str], errors: list[RowError], warnings: list[RowError]
    ) -> ParsedRow | None:
        fields: dict = {}
        before = len(errors)

        def refuse(column, value, message):
            shown = f"'{value}' {message}" if value else message
            errors.append(RowError(number, column, value, shown))

        def text(key, limit):
            column, value = self.value(cells, key)
            if len(value) > limit:
                refuse(
                    column,
                    "",
                    _("the text is longer than %(n)s characters (%(length)s)") % {"n": limit, "length": len(value)},
                )
            return column, value

        self._when(cells, fields, refuse)
        column, description = text("description", MAX_NARRATIVE)
        description = description.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not description:
            refuse(column, "", _("the narrative is empty"))
        fields["description"] = description
        for key in ("location", "event_type", "agent"):
            fields[key] = text(key, Incident._meta.get_field(key).max_length)[1]
        column, ref = text("external_ref", Incident._meta.get_field("external_ref").max_length)
        fields["external_ref"] = ref
        if ref:
            self.references.append((number, ref))

        column, raw = self.value(cells, "kind")
        kind = self.mapping.kind or IncidentKind.INJURY
        if raw:
            kind = self.kinds.get(raw.lower(), "")
            if not kind:
                refuse(
                    column,
                    raw,
                    _("is not a kind of event (one of: %(kinds)s)") % {"kinds": ", ".join(IncidentKind.values)},
                )
        fields["kind"] = kind

        column, raw = self.value(cells, "category")
        category = ""
        if raw:
            try:
                category = parse_category(raw, self.categories)
            except ValueRefused as exc:
                refuse(column, raw, str(exc))
        if not category:
            column, event = self.value(cells, "event_code")
            if event:
                if OIICS_CODE.match(event):
                    category = gb6441_for(event, self.value(cells, "source_code")[1])
                else:
                    refuse(column, event, _("is not an OIICS event code"))
        fields["category"] = category or self.mapping.category

        column, raw = self.value(cells, "direct_loss")
        fields["direct_loss"] = Decimal("0")
        if raw:
            try:
                fields["direct_loss"] = parse_money(raw)
            except ValueRefused as exc:
                refuse(column, raw, str(exc))

        facts = RowFacts(
            kind=kind, nature_text=self.value(cells, "nature")[1], part_text=self.value(cells, "body_part")[1]
        )
        for key, attribute in (("hospitalized", "hospitalized"), ("amputation", "amputations")):
            column, raw = self.value(cells, key)
            try:
                setattr(facts, attribute, parse_count(raw))
            except ValueRefused as exc:
                refuse(column, raw, str(exc))
        if len(errors) > before:
            return None
        people, review = self.people.people(facts)
        if review:
            column, raw = self.value(cells, "nature")
            message = _(
                "is an amputation, but the file counts no one hospitalised or amputated: the incident is marked "
                "to be checked"
            )
            warnings.append(RowError(number, column, raw, f"'{raw}' {message}"))
        fields["import_review"] = review
        return ParsedRow(number, fields, people)


def check_duplicates(references: list[tuple[int, str]], column: str, errors: list[RowError]) -> None:
    """A reference twice in the file, or already in the database (any unit: the key is global).

    `references` are every row's, refused rows' too: a row refused for its date is also told that its reference was
    imported already, in the same preview.
    """
    first_row: dict[str, int] = {}
    for number, ref in references:
        if ref in first_row:
            errors.append(
                RowError(
                    number,
                    column,
                    ref,
                    _("'%(ref)s' is also on row %(row)s: a reference can be imported once")
                    % {"ref": ref, "row": first_row[ref]},
                )
            )
        else:
            first_row[ref] = number
    refs = list(first_row)
    existing: set[str] = set()
    for start in range(0, len(refs), CHUNK):
        existing.update(
            Incident.objects.filter(external_ref__in=refs[start : start + CHUNK]).values_list("external_ref", flat=True)
        )
    for ref in sorted(existing, key=first_row.get):
        errors.append(
            RowError(
                first_row[ref],
                column,
                ref,
                _("'%(ref)s' was already imported: an incident with this external reference exists") % {"ref": ref},
            )
        )
