"""A column mapping: which of the file's columns fill which incident field, and the values fixed for every row."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from zeroharm.core.imports import ImportFileError, read_table
from zeroharm.core.imports.dates import DateOrder
from zeroharm.incidents.importing.targets import TARGETS, TARGETS_BY_KEY

__all__ = ["ColumnMapping", "read_file"]


@dataclass
class ColumnMapping:
    """Which columns fill which field, and the values fixed for every row."""

    columns: dict[str, list[str]]
    unit: object  # org.OrgUnit
    kind: str = ""  # for rows without a kind of their own; "" = injury
    category: str = ""  # for rows whose category is neither given nor derived
    date_order: str = DateOrder.DETECT  # how the file writes its dates (core.imports.dates)

    def to_json(self) -> dict:
        """The mapping as JSON, the unit by its id: kept in the session between the steps, and the column page's
        initial values."""
        return {
            "columns": self.columns,
            "unit": self.unit.pk,
            "kind": self.kind,
            "category": self.category,
            "date_order": self.date_order,
        }

    @classmethod
    def from_json(cls, data: dict, unit) -> ColumnMapping:
        return cls(
            columns=data["columns"],
            unit=unit,
            kind=data.get("kind", ""),
            category=data.get("category", ""),
            date_order=data.get("date_order", DateOrder.DETECT),
        )

    def as_saved(self) -> dict:
        """The fields of an ImportMapping that keep this mapping."""
        fixed = {"unit": self.unit.code}
        if self.kind:
            fixed["kind"] = self.kind
        if self.category:
            fixed["category"] = self.category
        columns = {k: list(v) for k, v in self.columns.items() if v}
        return {"columns": columns, "fixed": fixed, "date_order": self.date_order}

    def resolve(self, headers: list[str]) -> dict[str, list[tuple[str, int]]]:
        """Each mapped field's (column, index) pairs; a missing column or required field is a file error."""
        index = {}
        for i, header in enumerate(headers):
            if header and header not in index:
                index[header] = i
        plan: dict[str, list[tuple[str, int]]] = {}
        missing = []
        for key, names in self.columns.items():
            if key not in TARGETS_BY_KEY:
                continue
            pairs = []
            for name in names:
                if not name:
                    continue
                if name not in index:
                    missing.append(
                        _("“%(column)s” (for %(field)s)") % {"column": name, "field": TARGETS_BY_KEY[key].label}
                    )
                    continue
                pairs.append((name, index[name]))
            if pairs:
                plan[key] = pairs
        if missing:
            raise ImportFileError(
                _("The file has no column %(columns)s. Choose the file's columns again.")
                % {"columns": ", ".join(missing)}
            )
        unmapped = [str(t.label) for t in TARGETS if t.required and t.key not in plan]
        if unmapped:
            raise ImportFileError(_("Choose the column for: %(fields)s.") % {"fields": ", ".join(unmapped)})
        return plan


def read_file(uploaded, encoding: str = "auto") -> tuple[list[str], list[list[str]]]:
    """Headers and rows by the platform's reader (type, size, encoding, empty file checked there)."""
    return read_table(uploaded, encoding)
