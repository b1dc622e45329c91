"""Checking every row of the file without writing anything: each row becomes the incident and people it would be,
or is refused with every reason; then the references are checked for duplicates."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core.imports import RowError
from zeroharm.core.imports.dates import DateOrder, ValueRefused, detect_date_order, parse_time, parse_when
from zeroharm.incidents.choices import IncidentKind
from zeroharm.incidents.importing.mapping import ColumnMapping
from zeroharm.incidents.importing.parsing import OIICS_CODE, parse_count, parse_days, parse_money
from zeroharm.incidents.importing.people import PeopleBuilder, RowFacts
from zeroharm.incidents.importing.targets import TARGETS_BY_KEY
from zeroharm.incidents.importing.values import fold, our_value
from zeroharm.incidents.models import MAX_NARRATIVE, Incident
from zeroharm.incidents.oiics import gb6441_for

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


@dataclass
class _Row:
    """One row being checked: its number as in Excel, its cells, and where its refusals go."""

    number: int
    cells: list[str]
    errors: list[RowError]

    def refuse(self, column: str, value: str, message: str) -> None:
        self.errors.append(RowError(self.number, column, value, f"'{value}' {message}" if value else message))


class RowParser:
    def __init__(self, mapping: ColumnMapping, plan: dict[str, list[tuple[str, int]]], *, date_order: str):
        self.mapping = mapping
        self.plan = plan
        self.date_order = date_order  # DMY, MDY or YMD once detected; DETECT decides value by value
        self.empty = {fold(value) for value in mapping.empty_values}
        self.tables = {
            key: {fold(theirs): ours for theirs, ours in table.items()} for key, table in mapping.value_tables.items()
        }
        self.when_cache: dict[tuple[str, str], tuple[datetime.datetime, bool]] = {}
        self.now = timezone.now() + datetime.timedelta(minutes=5)
        self.tz = timezone.get_current_timezone()
        self.people = PeopleBuilder()
        # (row, reference) of every row, refused or not, so that duplicates are reported with the other faults.
        self.references: list[tuple[int, str]] = []

    def _cell(self, cells: list[str], index: int) -> str:
        text = cells[index].strip() if 0 <= index < len(cells) else ""
        return "" if fold(text) in self.empty else text

    def value(self, cells: list[str], key: str) -> tuple[str, str]:
        """(column name(s), the text): several columns joined, empty parts (and values meaning empty) left out."""
        pairs = self.plan.get(key)
        if not pairs:
            return "", ""
        parts = [self._cell(cells, i) for _name, i in pairs]
        return " + ".join(name for name, _i in pairs if name), TARGETS_BY_KEY[key].joiner.join(p for p in parts if p)

    def when_cells(self, cells: list[str]) -> list[tuple[str, str]]:
        """[(column, text)] of "when": the date (or date and time) first, then the time, if it has its own column."""
        return [(name, self._cell(cells, i)) for name, i in self.plan.get("occurred_at", [])]

    def parse(
        self, number: int, cells: list[str], errors: list[RowError], warnings: list[RowError]
    ) -> ParsedRow | None:
        row = _Row(number, cells, errors)
        before = len(errors)
        fields = self._when(row)
        fields.update(self._texts(row))
        fields["kind"] = self._translated(row, "kind") or self.mapping.kind or IncidentKind.INJURY
        fields["category"] = self._category(row)
        fields["direct_loss"] = self._number(row, "direct_loss", parse_money, Decimal("0"))
        facts = self._facts(row, fields["kind"])
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

    def _when(self, row: _Row) -> dict:
        (date_column, date_text), *rest = self.when_cells(row.cells) or [("", "")]
        time_column, time_text = rest[0] if rest else ("", "")
        if not date_text and self.mapping.fixed_date:
            date_text = self.mapping.fixed_date.isoformat()
        if not date_text:
            row.refuse(date_column, "", _("the date is empty"))
            return {}
        if time_text:
            try:
                parse_time(time_text)
            except ValueRefused as exc:
                row.refuse(time_column, time_text, str(exc))
                return {}
        try:
            key = (date_text, time_text)
            if key not in self.when_cache:
                self.when_cache[key] = parse_when(date_text, time_text, order=self.date_order, tz=self.tz)
            occurred_at, time_unknown = self.when_cache[key]
            if occurred_at > self.now:
                raise ValueRefused(_("is in the future"))
        except ValueRefused as exc:
            row.refuse(date_column, date_text, str(exc))
            return {}
        return {"occurred_at": occurred_at, "time_unknown": time_unknown}

    def _texts(self, row: _Row) -> dict:
        fields = {}
        for key in ("description", "location", "event_type", "agent", "external_ref"):
            limit = MAX_NARRATIVE if key == "description" else Incident._meta.get_field(key).max_length
            column, value = self.value(row.cells, key)
            if len(value) > limit:
                message = _("the text is longer than %(n)s characters (%(length)s)") % {
                    "n": limit,
                    "length": len(value),
                }
                row.refuse(column, "", message)
            fields[key] = value
        fields["description"] = fields["description"].replace("\r\n", "\n").replace("\r", "\n").strip()
        if not fields["description"]:
            row.refuse(self.value(row.cells, "description")[0], "", _("the narrative is empty"))
        if fields["external_ref"]:
            self.references.append((row.number, fields["external_ref"]))
        return fields

    def _translated(self, row: _Row, key: str) -> str:
        """Our value of a field a value table can fill: the table's, else ours by code or name; "" for none."""
        column, raw = self.value(row.cells, key)
        if not raw:
            return ""
        table = self.tables.get(key, {})
        if fold(raw) in table:
            return table[fold(raw)]
        try:
            return our_value(key, raw)
        except ValueRefused as exc:
            row.refuse(column, raw, _("%(why)s, nor in the mapping's value table for it") % {"why": exc})
            return ""

    def _category(self, row: _Row) -> str:
        category = self._translated(row, "category")
        if not category:
            column, event = self.value(row.cells, "event_code")
            if event and OIICS_CODE.match(event):
                category = gb6441_for(event, self.value(row.cells, "source_code")[1])
            elif event:
                row.refuse(column, event, _("is not an OIICS event code"))
        return category or self.mapping.category

    def _number(self, row: _Row, key: str, parse, default):
        column, raw = self.value(row.cells, key)
        if not raw:
            return default
        try:
            return parse(raw)
        except ValueRefused as exc:
            row.refuse(column, raw, str(exc))
            return default

    def _facts(self, row: _Row, kind: str) -> RowFacts:
        facts = RowFacts(
            kind=kind,
            nature_text=self.value(row.cells, "nature")[1],
            part_text=self.value(row.cells, "body_part")[1],
            hospitalized=self._number(row, "hospitalized", parse_count, 0),
            amputations=self._number(row, "amputation", parse_count, 0),
            days_away=self._number(row, "days_away", parse_days, 0),
            outcome=self._translated(row, "outcome") or self.mapping.outcome,
        )
        # None when the file does not count them; then the people follow the other facts.
        if "people_injured" in self.plan:
            facts.injured = self._number(row, "people_injured", parse_count, 0)
        if "people_killed" in self.plan:
            facts.killed = self._number(row, "people_killed", parse_count, 0)
        return facts


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
