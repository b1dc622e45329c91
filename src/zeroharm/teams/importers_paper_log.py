"""The paper briefing log's import (core.imports: size, rows, columns and cell limits, row and column errors, all or
nothing): one row per briefing, parsed here, written whole by teams.services.paper_log (checks across rows: the
same briefing twice, a briefing ZeroHarm already holds, members of another team)."""

from __future__ import annotations

import datetime
import re

from django import forms
from django.utils.translation import gettext_lazy as _

from zeroharm.core.imports import DATE_INPUT_FORMATS, ImportColumn, Importer
from zeroharm.core.roles import Action
from zeroharm.core.scoping import units_for
from zeroharm.org.importers import NOT_A_DATE, RowForm, choice_errors
from zeroharm.org.models import Person
from zeroharm.teams.choices import Shift
from zeroharm.teams.models import Briefing
from zeroharm.teams.services.paper_log import PaperRow, paper_log_import

__all__ = ["PaperLogImporter", "IMPORTERS", "split_numbers"]

TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H.%M", "%H：%M"]
NOT_A_TIME = {"invalid": _("is not a time of day (HH:MM)")}
# Numbers as people write them in one cell: commas, the Chinese enumeration comma, semicolons, spaces, new lines.
SEPARATORS = re.compile(r"[\s,，、;；/]+")


def split_numbers(text: str) -> list[str]:
    return [number for number in SEPARATORS.split(text or "") if number]


class PaperRowForm(RowForm):
    team = forms.CharField(max_length=32)
    day = forms.DateField(input_formats=DATE_INPUT_FORMATS, error_messages=NOT_A_DATE)
    shift = forms.ChoiceField(
        required=False, choices=[("", "")] + Shift.choices, error_messages=choice_errors(Shift.choices)
    )
    start = forms.TimeField(input_formats=TIME_INPUT_FORMATS, error_messages=NOT_A_TIME)
    minutes = forms.IntegerField(
        required=False, min_value=1, max_value=240, error_messages={"invalid": _("is not a whole number")}
    )
    end = forms.TimeField(required=False, input_formats=TIME_INPUT_FORMATS, error_messages=NOT_A_TIME)
    held_by = forms.CharField(max_length=32)
    rule = forms.CharField(required=False, max_length=300)
    present = forms.CharField(max_length=4000)
    absent = forms.CharField(required=False, max_length=4000)
    notes = forms.CharField(required=False, max_length=2000)

    LENIENT = {"shift": Shift.choices}

    def __init__(self, *args, teams: dict, people: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.teams, self.people = teams, people

    def clean_team(self):
        code = self.cleaned_data["team"].strip()
        if code not in self.teams:
            # Only teams whose briefings the user may hold are looked up: another branch's team is unknown here.
            found = units_for(self.user, Briefing.scope_area, Action.CHANGE).filter(code=code, kind="team").first()
            self.teams[code] = found
            if found is not None:  # its members read once for the whole file, not a query per row
                members = self._visible().filter(unit__path__startswith=found.path)
                self.people.update((p.employee_no, p) for p in members)
        if self.teams[code] is None:
            raise forms.ValidationError(_("is not the code of a team whose briefings you may hold"), code="invalid")
        return self.teams[code]

    def clean_shift(self):
        return self.cleaned_data["shift"] or Shift.DAY

    def clean_held_by(self):
        people = self._people(self.cleaned_data["held_by"], "held_by")
        if len(people) != 1:
            raise forms.ValidationError(_("give the employee number of one person"), code="one")
        return people[0]

    def clean_present(self):
        return tuple(self._people(self.cleaned_data["present"], "present"))

    def clean_absent(self):
        return tuple(self._people(self.cleaned_data["absent"], "absent"))

    def _people(self, text: str, column: str) -> list[Person]:
        """The people of a cell by employee number, among the people the user may see (one query for the cell)."""
        numbers = split_numbers(text)
        missing = [number for number in numbers if number not in self.people]
        if missing:  # someone of another team, or no one: the service or this cell says which
            self.people.update((p.employee_no, p) for p in self._visible().filter(employee_no__in=missing))
        unknown = [number for number in numbers if number not in self.people]
        if unknown:
            raise forms.ValidationError(
                _("lists %(numbers)s, not the employee number of a person in your scope")
                % {"numbers": "、".join(unknown)},
                code="invalid",
            )
        return [self.people[number] for number in numbers]

    def _visible(self):
        return Person.objects.visible_to(self.user, Action.VIEW).filter(is_archived=False)

    def clean(self):
        cleaned = super().clean()
        start, minutes, end = cleaned.get("start"), cleaned.get("minutes"), cleaned.get("end")
        if start and minutes is None:
            if end is None:
                raise forms.ValidationError({"minutes": _("Give the minutes the briefing lasted, or its end time.")})
            span = datetime.datetime.combine(datetime.date.min, end) - datetime.datetime.combine(
                datetime.date.min, start
            )
            if span.total_seconds() <= 0:
                raise forms.ValidationError({"end": _("must come after the start")})
            cleaned["minutes"] = round(span.total_seconds() / 60)
        return cleaned


class PaperLogImporter(Importer):
    key = "paper-log"
    title = _("Import the paper briefing log")
    model = Briefing
    list_url_name = "teams:briefing_list"
    row_form = PaperRowForm
    action = Action.CHANGE  # whoever may hold a team's briefings brings in its log (the service checks each team)
    bulk = True
    columns = [
        ImportColumn("team", _("Code of the team"), True, "MACH-W02-T01"),
        ImportColumn("day", _("Day of the briefing, YYYY-MM-DD"), True, "2026-09-01"),
        ImportColumn("shift", _("day, middle or night (empty: day)"), False, "day"),
        ImportColumn("start", _("Time it started, HH:MM"), True, "07:45"),
        ImportColumn("minutes", _("Minutes it lasted (or give the end time)"), False, "15"),
        ImportColumn("end", _("Time it ended, HH:MM (when the minutes are not given)"), False, ""),
        ImportColumn("held_by", _("Employee number of who held it"), True, "E000123"),
        ImportColumn("rule", _("Rule of the day: a procedure's clause or words as written"), False, "ZH-GEN-01 5"),
        ImportColumn("present", _("Employee numbers of those who signed the log, separated by commas"), True, ""),
        ImportColumn("absent", _("Employee numbers of those absent, separated by commas"), False, ""),
        ImportColumn("notes", _("Notes"), False, ""),
    ]

    def __init__(self):
        self.teams: dict[str, object] = {}  # code → team (None: not one the user may hold briefings of)
        self.people: dict[str, Person] = {}  # employee number → a person the user may see

    def form_for(self, row: dict, user) -> forms.Form:
        return self.row_form(data=row, user=user, teams=self.teams, people=self.people)

    def save_rows(self, rows: list[tuple[int, dict]], user) -> tuple[int, int]:
        numbers = [number for number, _cleaned in rows]
        paper = [_paper_row(cleaned) for _number, cleaned in rows]
        result = paper_log_import(rows=paper, acting_user=user, numbers=numbers)  # refused: RowsRefused, as it is
        return result.created, result.updated


def _paper_row(cleaned: dict) -> PaperRow:
    return PaperRow(
        team=cleaned["team"],
        day=cleaned["day"],
        shift=cleaned["shift"],
        start=cleaned["start"],
        minutes=cleaned["minutes"],
        held_by=cleaned["held_by"],
        present=cleaned["present"],
        absent=cleaned["absent"],
        rule=cleaned["rule"],
        notes=cleaned["notes"],
    )


IMPORTERS = {cls.key: cls for cls in (PaperLogImporter,)}
