"""Our values for the fields a value table can fill (kind, category, outcome), and the value tables themselves.

A value table translates another scheme's words into ours: MSHA's DEGREE_INJURY "FATALITY" into the outcome
"fatal", a national classification into a GB 6441 category. It is kept with the mapping as JSON
({field: {file value: our value}}) and edited on the column page as text, one "file value = our value" per line;
the file's values are compared without case and extra spaces. An empty right side means "nothing": the row then
takes the mapping's fixed value. A value neither in the table nor one of ours is refused with the row.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext as _

from zeroharm.core.imports.dates import ValueRefused
from zeroharm.incidents.choices import AccidentCategory, IncidentKind, Outcome
from zeroharm.incidents.importing.parsing import choice_lookup, parse_category

__all__ = [
    "TABLE_TARGETS",
    "DEFAULT_EMPTY_VALUES",
    "fold",
    "our_value",
    "our_choices",
    "parse_table_text",
    "table_text",
]

TABLE_TARGETS = {"kind": IncidentKind, "category": AccidentCategory, "outcome": Outcome}
# Cells that mean "no value" in the files people bring (MSHA: "?", "NO VALUE FOUND"); each mapping may change them.
DEFAULT_EMPTY_VALUES = ["?", "-", "—", "N/A", "NA", "NULL", "NO VALUE FOUND", "不详", "无"]


def fold(text: str) -> str:
    """A value as compared: without case and extra spaces."""
    return " ".join(text.split()).casefold()


@cache
def _lookup(key: str) -> dict[str, str]:
    return choice_lookup(TABLE_TARGETS[key].choices)


def our_choices(key: str) -> list[str]:
    return list(TABLE_TARGETS[key].values)


def our_value(key: str, text: str) -> str:
    """The stored value of one of ours, by its code or its name in any language of the site; else ValueRefused."""
    if key == "category":
        return parse_category(text, _lookup(key))
    found = _lookup(key).get(text.strip().lower())
    if found:
        return found
    if key == "kind":
        raise ValueRefused(_("is not a kind of event (one of: %(kinds)s)") % {"kinds": ", ".join(our_choices(key))})
    raise ValueRefused(_("is not an outcome"))


def parse_table_text(key: str, text: str) -> tuple[dict[str, str], list[str]]:
    """({file value: our stored value}, the errors, one per faulty line) of a value table's text."""
    table: dict[str, str] = {}
    errors: list[str] = []
    line_of: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if "=" not in line:
            errors.append(
                _("Line %(n)s: “%(line)s” has no “=”: write the file's value = ours.") % {"n": number, "line": line}
            )
            continue
        theirs, ours = (part.strip() for part in line.rsplit("=", 1))
        if not theirs:
            errors.append(_("Line %(n)s: the file's value before “=” is empty.") % {"n": number})
        elif fold(theirs) in line_of:
            errors.append(
                _("Line %(n)s: “%(value)s” is also on line %(first)s.")
                % {"n": number, "value": theirs, "first": line_of[fold(theirs)]}
            )
        else:
            try:
                table[theirs] = our_value(key, ours) if ours else ""
                line_of[fold(theirs)] = number
            except ValueRefused:
                errors.append(
                    _("Line %(n)s: “%(value)s” is not one of ours (%(choices)s).")
                    % {"n": number, "value": ours, "choices": ", ".join(our_choices(key))}
                )
    return table, errors


def table_text(table: dict[str, str]) -> str:
    return "".join(f"{theirs} = {ours}\n" for theirs, ours in table.items())
