"""A column mapping: which of the file's columns fill which incident field, and the values fixed for every row."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from zeroharm.core.imports import ImportFileError, read_table
from zeroharm.core.imports.dates import DateOrder
from zeroharm.incidents.importing.targets import TARGETS, TARGETS_BY_KEY
from zeroharm.incidents.importing.values import DEFAULT_EMPTY_VALUES

__all__ = ["ColumnMapping", "read_file"]


@dataclass
class ColumnMapping:
    """Which columns fill which field, the values fixed for every row, and how the file writes its values."""

    columns: dict[str, list[str]]  # field → the file's columns; "when": [date column or "", time column]
    unit: object  # org.OrgUnit
    kind: str = ""  # for rows without a kind of their own; "" = injury
    category: str = ""  # for rows whose category is neither given nor derived
    outcome: str = ""  # the first person's outcome, for rows without one of their own
    fixed_date: datetime.date | None = None  # for rows without a date (files without a date column)
    date_order: str = DateOrder.DETECT  # how the file writes its dates (core.imports.dates)
    value_tables: dict[str, dict[str, str]] = field(default_factory=dict)  # field → {file value: ours} (values)
    empty_values: list[str] = field(default_factory=lambda: list(DEFAULT_EMPTY_VALUES))  # cells that mean nothing

    def to_json(self) -> dict:
        """The mapping as JSON, the unit by its id: kept in the session between the steps, and the column page's
        initial values."""
        return {**self._options(), "columns": self.columns, "unit": self.unit.pk}

    @classmethod
    def from_json(cls, data: dict, unit) -> ColumnMapping:
        return cls(
            columns=data["columns"],
            unit=unit,
            kind=data.get("kind", ""),
            category=data.get("category", ""),
            outcome=data.get("outcome", ""),
            fixed_date=datetime.date.fromisoformat(data["date"]) if data.get("date") else None,
            date_order=data.get("date_order", DateOrder.DETECT),
            value_tables=data.get("value_tables") or {},
            empty_values=data.get("empty_values", DEFAULT_EMPTY_VALUES),
        )

    def _options(self) -> dict:
        fixed = {"kind": self.kind, "category": self.category, "outcome": self.outcome}
        fixed = {name: value for name, value in fixed.items() if value}
        if self.fixed_date:
            fixed["date"] = self.fixed_date.isoformat()
        return {
            **fixed,
            "date_order": self.date_order,
            "value_tables": self.value_tables,
            "empty_values": self.empty_values,
        }

    def as_saved(self) -> dict:
        """The fields of an ImportMapping that keep this mapping (its fixed values, the unit by its code)."""
        options = self._options()
        columns = {k: list(v) for k, v in self.columns.items() if any(v)}
        saved = {name: options.pop(name) for name in ("date_order", "value_tables", "empty_values")}
        return {"columns": columns, "fixed": {"unit": self.unit.code, **options}, **saved}

    def resolve(self, headers: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Each mapped field's (column, index) pairs, ("", -1) for a column left empty (the date of "when" when only
        its time has a column); a missing column or required field is a file error."""
        index = {}
        for i, header in enumerate(headers):
            if header and header not in index:
                index[header] = i
        plan: dict[str, list[tuple[str, int]]] = {}
        missing = []
        for key, names in self.columns.items():
            if key not in TARGETS_BY_KEY:
                continue
            for name in names:
                if name and name not in index:
                    missing.append(
                        _("“%(column)s” (for %(field)s)") % {"column": name, "field": TARGETS_BY_KEY[key].label}
                    )
            if any(names):
                pairs = [(name, index.get(name, -1)) for name in names]
                plan[key] = pairs if key == "occurred_at" else [pair for pair in pairs if pair[0]]
        if missing:
            raise ImportFileError(
                _("The file has no column %(columns)s. Choose the file's columns again.")
                % {"columns": ", ".join(missing)}
            )
        unmapped = [str(t.label) for t in TARGETS if t.required and t.key != "occurred_at" and t.key not in plan]
        if not self.fixed_date and not plan.get("occurred_at", [("", -1)])[0][0]:
            when = TARGETS_BY_KEY["occurred_at"].label
            unmapped.insert(0, _("%(field)s, or a date for every row") % {"field": when})
        if unmapped:
            raise ImportFileError(_("Choose the column for: %(fields)s.") % {"fields": ", ".join(unmapped)})
        return plan


def read_file(uploaded, encoding: str = "auto") -> tuple[list[str], list[list[str]]]:
    """Headers and rows by the platform's reader (type, size, encoding, empty file checked there)."""
    return read_table(uploaded, encoding)
