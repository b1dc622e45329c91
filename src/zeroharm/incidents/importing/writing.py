"""The import itself: every row checked first; then, when none is refused, all written in one transaction.

Incidents and the people involved are inserted in chunks with `bulk_create_with_history` (one "imported"
history row each), their computed figures (GB 6441 class, OSHA recordability and column, the Decree 493
grade) already derived in memory by `figures`, which gives exactly what `services.refresh_figures` gives
(tested on every imported incident).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history

from zeroharm.core.imports import ImportFileError, ImportResult, RowError
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.core.tallies import recount
from zeroharm.incidents import services
from zeroharm.incidents.choices import AccidentCategory, BodyPart, IncidentKind, InjuryNature, Outcome
from zeroharm.incidents.importing.mapping import ColumnMapping
from zeroharm.incidents.importing.rows import CHUNK, ParsedRow, RowParser, check_duplicates, date_order_for
from zeroharm.incidents.models import Incident, InvolvedPerson

__all__ = ["IncidentImportResult", "import_incidents", "check_unit", "figures", "PREVIEW_ROWS"]

PREVIEW_ROWS = 20


@dataclass
class IncidentImportResult(ImportResult):
    # Rows that land, but marked to be checked (e.g. an amputation named and not counted).
    warnings: list[RowError] = field(default_factory=list)
    rows: int = 0
    date_order: str = ""  # the order the dates were read in, chosen or detected
    people: int = 0
    seconds: float = 0.0


def _preview_line(row: ParsedRow, mapping: ColumnMapping) -> dict:
    f = row.incident
    people = row.people
    return {
        "row": row.number,
        "occurred_at": f["occurred_at"],
        "time_unknown": f["time_unknown"],
        "unit": mapping.unit,
        "kind": IncidentKind(f["kind"]).label,
        "category": AccidentCategory(f["category"]).label if f["category"] else "",
        "category_code": f["category"],
        "description": f["description"],
        "location": f["location"],
        "event_type": f["event_type"],
        "agent": f["agent"],
        "external_ref": f["external_ref"],
        "direct_loss": f["direct_loss"],
        "people": len(people),
        "hospitalized": sum(p["hospitalized"] for p in people),
        "amputations": sum(p["amputation"] for p in people),
        "import_review": f["import_review"],
        "deaths": sum(p["outcome"] == Outcome.FATAL for p in people),
        "outcome": Outcome(people[0]["outcome"]).label if people else "",
        "nature": InjuryNature(people[0]["nature"]).label if people and people[0]["nature"] else "",
        "body_part": BodyPart(people[0]["body_part"]).label if people and people[0]["body_part"] else "",
        "injury_text": people[0]["injury_text"] if people else "",
    }


def check_unit(user, unit) -> None:
    if (
        unit is None
        or unit.is_archived
        or not units_for(user, Incident.scope_area, Action.IMPORT).filter(pk=unit.pk).exists()
    ):
        raise PermissionDenied(_("You may not import incidents into this unit."))


def import_incidents(
    mapping: ColumnMapping, headers: list[str], rows: Iterable[list[str]], user, *, commit: bool
) -> IncidentImportResult:
    """Check every row; when none is refused and `commit`, write them all in one transaction.

    Raises ImportFileError when the mapping does not fit the file or the date order must be chosen (the column's
    dates cannot tell day from month), PermissionDenied when the unit is not in the user's import scope.
    """
    started = time.perf_counter()
    check_unit(user, mapping.unit)
    plan = mapping.resolve(headers)
    rows = rows if isinstance(rows, list) else list(rows)
    result = IncidentImportResult(date_order=date_order_for(mapping, plan, rows))
    parser = RowParser(mapping, plan, date_order=result.date_order)
    parsed: list[ParsedRow] = []
    for number, cells in enumerate(rows, start=2):  # row 1 holds the headers, as in Excel
        result.rows += 1
        row = parser.parse(number, cells, result.errors, result.warnings)
        if row is not None:
            parsed.append(row)
    if result.rows == 0:
        raise ImportFileError(_("The file has column names but no rows."))
    check_duplicates(parser.references, parser.value([], "external_ref")[0], result.errors)
    result.errors.sort(key=lambda e: e.row)
    result.preview = [_preview_line(row, mapping) for row in parsed[:PREVIEW_ROWS]]
    result.people = sum(len(row.people) for row in parsed)
    if not result.errors and commit:
        try:
            with transaction.atomic():
                _write(parsed, mapping, user)
        except IntegrityError:
            result.errors.append(
                RowError(
                    0,
                    "",
                    "",
                    _(
                        "Another import added some of these references meanwhile; "
                        "nothing was imported. Check the file again."
                    ),
                )
            )
        else:
            result.created = len(parsed)
            result.committed = True
    result.seconds = time.perf_counter() - started
    return result


def _write(parsed: list[ParsedRow], mapping: ColumnMapping, user) -> None:
    reason = gettext_noop("imported")
    written: list[int] = []
    for start in range(0, len(parsed), CHUNK):
        chunk = parsed[start : start + CHUNK]
        incidents, people = [], []
        for row in chunk:
            f = row.incident
            incident = Incident(
                unit=mapping.unit,
                reported_by=user,
                shift="" if f["time_unknown"] else services.shift_for(f["occurred_at"]),
                **f,
            )
            involved = [InvolvedPerson(incident=incident, **p) for p in row.people]
            figures(incident, involved)
            incidents.append(incident)
            people.extend(involved)
        bulk_create_with_history(incidents, Incident, batch_size=CHUNK, default_user=user, default_change_reason=reason)
        written.extend(incident.pk for incident in incidents)
        if people:
            bulk_create_with_history(
                people, InvolvedPerson, batch_size=CHUNK, default_user=user, default_change_reason=reason
            )
    services.incidents_changed(written)  # once per import: one refresh of the narrative index, after commit
    recount(Incident, {mapping.unit.pk})  # bulk inserts send no post_save: the home page's tallies are counted here


def figures(incident: Incident, people: list[InvolvedPerson]) -> None:
    """The computed figures of a new incident and its people, in memory, as `services.refresh_figures` derives
    them (per person by the same function; the sums as there): one UPDATE per incident and one per person
    would take most of the import's time. tests/incidents/test_import.py checks the two agree on every
    imported incident."""
    for p in people:
        services.person_figures(p, incident)
    services.incident_totals(incident, people)
    # supplementary_due stays False: an imported incident was never reported to the authority here.
