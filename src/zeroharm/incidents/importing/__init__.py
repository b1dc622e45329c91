"""Importing historical incidents from someone else's spreadsheet, with a column mapping the user chooses.

The platform's import (`core.imports`) reads files with fixed column names and saves row by row through
the services. Historical incident files come with *their* columns (the OSHA Severe Injury Reports: `UPA`,
`EventDate`, `Final Narrative`, `Address1`, `City`, `State`, `EventTitle`, `NatureTitle`, …), and ten
thousand rows at a time; so here:

- the file is read by `core.imports.read_table` (xlsx or csv, encodings, size limit) and its problems are
  `ImportFileError`s; each refused row is a `core.imports.RowError` (row as numbered in Excel, column, value,
  why) and the outcome an `ImportResult`;
- `targets`: the incident fields a column can fill, and the guess from the file's column names;
- `mapping`: a `ColumnMapping` says which of the file's columns fill which incident field (a field may take
  several columns, joined), the values fixed for every row (the unit, required; the kind, category, outcome, a
  date for files without one), the order of its dates, its value tables and the values that mean "empty";
- `values`: our values for the fields a value table can fill (kind, category, outcome) and the tables' text;
- `parsing` and `vocabulary`: one value read (dates, counts, money, categories; nature and body part terms);
- `rows`: every row is parsed and checked first, without writing anything; `people`: who a row's people are;
- `writing`: any refused row means nothing is written, and the result lists every refused row; only then, in
  one transaction, incidents and the people involved are inserted;
- `forms`, `stash`, `views`, `views_mappings`: the pages (upload → columns → preview → import; saved mappings).
"""

from zeroharm.incidents.importing.mapping import ColumnMapping, read_file
from zeroharm.incidents.importing.parsing import MAX_PEOPLE_PER_ROW, parse_count
from zeroharm.incidents.importing.rows import CHUNK
from zeroharm.incidents.importing.targets import TARGET_KEYS, TARGETS, Target, guess_columns
from zeroharm.incidents.importing.vocabulary import body_part_for, nature_for
from zeroharm.incidents.importing.writing import IncidentImportResult, figures, import_incidents

__all__ = [
    "Target",
    "TARGETS",
    "TARGET_KEYS",
    "ColumnMapping",
    "IncidentImportResult",
    "guess_columns",
    "import_incidents",
    "parse_count",
    "nature_for",
    "body_part_for",
    "read_file",
    "figures",
    "MAX_PEOPLE_PER_ROW",
    "CHUNK",
]
