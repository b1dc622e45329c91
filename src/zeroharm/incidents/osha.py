"""The OSHA forms of one establishment and year: the 300 log, the 300A summary with its worksheet, the 301s,
the ITA 300A upload row and the confidential privacy-case list (docs/standards/osha-recordkeeping.md).

The establishment is a unit (normally a branch) with everything under it. Its log holds the people
``on_osha_log`` (recordable employees and day-to-day supervised workers) of its non-archived incidents
that occurred in the calendar year, local time. Case numbers are ``{year}-{n:03d}`` in order of the date of
the injury, then the incident, then the person: the same number on the log, the 301, the privacy-case list
and every export.

Names: every form and export shows ``InvolvedPerson.display_name`` ("Privacy case" for the cases of
1904.29(b)(7)); only :func:`privacy_cases` reads the real name, for the confidential list. In a privacy case
the real name is also blanked out of the free texts (what happened, where, …) and the 301's personal
details (address, date of birth, date hired, sex) are left out.

Nothing here is stored: the establishment's address and the worksheet come from the page's form.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from zeroharm.core.exports import is_formula_like
from zeroharm.core.scoping import subtree_unit_ids
from zeroharm.core.wording import listed
from zeroharm.incidents import standards
from zeroharm.incidents.choices import OshaCaseType, OshaColumn
from zeroharm.incidents.models import InvolvedPerson
from zeroharm.incidents.rates_selectors import period_bounds
from zeroharm.org.models import ManHours, OrgUnit

__all__ = [
    "Establishment",
    "LogLine",
    "log_lines",
    "Summary",
    "summary",
    "WorksheetRow",
    "manhours_by_month",
    "worksheet_from_manhours",
    "total_hours",
    "annual_average",
    "privacy_cases",
    "form_301",
    "ita_row",
    "ita_problems",
    "case_number",
]


@dataclass
class Establishment:
    """What the forms say about the establishment (typed on the page, prefilled from the unit)."""

    name: str = ""
    street: str = ""
    city: str = ""
    state: str = ""
    zip: str = ""
    naics: str = ""
    industry_description: str = ""
    ein: str = ""
    company_name: str = ""
    establishment_type: str = "1"
    # Sign-off of the 300A
    executive_name: str = ""
    executive_title: str = ""
    executive_phone: str = ""
    signed_on: datetime.date | None = None


def case_number(year: int, n: int) -> str:
    return f"{year}-{n:03d}"


def _label(choices, value: str) -> str:
    return str(dict(choices.choices).get(value, "")) if value else ""


def _redact(text: str, names: list[str]) -> str:
    """`text` with every occurrence of the names replaced by "Privacy case" (case-insensitive)."""
    for name in names:
        if name and len(name.strip()) >= 2:
            text = re.sub(re.escape(name.strip()), str(standards.PRIVACY_CASE), text, flags=re.IGNORECASE)
    return text


@dataclass
class LogLine:
    """One line of the 300 log (columns A–M), with what the 301 needs."""

    case_no: str
    person: InvolvedPerson
    name: str  # B: display_name
    job_title: str  # C
    date: datetime.date  # D
    where: str  # E
    description: str  # F
    column: str  # G/H/I/J
    days_away: int  # K
    restricted_days: int  # L
    case_type: str  # M: "1".."6"

    @property
    def incident(self):
        return self.person.incident

    @property
    def is_privacy_case(self) -> bool:
        return self.person.is_privacy_case

    @property
    def death(self) -> bool:
        return self.column == OshaColumn.DEATH

    @property
    def days_away_case(self) -> bool:
        return self.column == OshaColumn.DAYS_AWAY

    @property
    def restricted_case(self) -> bool:
        return self.column == OshaColumn.RESTRICTED

    @property
    def other_case(self) -> bool:
        return self.column == OshaColumn.OTHER

    @property
    def case_type_label(self) -> str:
        return _label(OshaCaseType, self.case_type)

    def redact(self, text: str) -> str:
        """A free text as the forms may show it: the real name blanked out in a privacy case."""
        return _redact(text or "", [self.person.real_name]) if self.is_privacy_case else (text or "")


def _description(p: InvolvedPerson) -> str:
    """Column F: the injury or illness, the body part, and the object or substance that did the harm."""
    injury = p.get_nature_display() if p.nature else p.injury_text
    text = listed(part for part in (injury, p.get_body_part_display() if p.body_part else "") if part)
    if p.object_substance:
        text = f"{text}; {p.object_substance}" if text else p.object_substance
    return text


def log_lines(unit: OrgUnit, year: int) -> list[LogLine]:
    """The 300 log of ``unit``'s subtree for ``year``: one query."""
    start, end = period_bounds(datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    people = list(
        InvolvedPerson.objects.filter(
            on_osha_log=True,
            incident__is_archived=False,
            incident__occurred_at__gte=start,
            incident__occurred_at__lt=end,
            incident__unit__in=subtree_unit_ids(unit.path),
        )
        .select_related("incident", "incident__unit", "person")
        .order_by()
    )
    dated = [(timezone.localtime(p.incident.occurred_at).date(), p) for p in people]
    dated.sort(key=lambda item: (item[0], item[1].incident_id, item[1].pk))
    lines = []
    for n, (day, p) in enumerate(dated, start=1):
        line = LogLine(
            case_no=case_number(year, n),
            person=p,
            name=p.display_name,
            job_title=p.job_title,
            date=day,
            where="",
            description="",
            column=p.osha_column,
            days_away=p.osha_days_away,
            restricted_days=p.osha_restricted_days,
            case_type=p.case_type,
        )
        line.where = line.redact(p.incident.location or p.incident.unit.name)
        line.description = line.redact(_description(p))
        lines.append(line)
    return lines


@dataclass
class Summary:
    """The 300A totals and their consistency errors (docs/standards/osha-recordkeeping.md#consistency-checks)."""

    G: int = 0
    H: int = 0
    I: int = 0  # noqa: E741 - the form's own column letter
    J: int = 0
    K: int = 0
    L: int = 0
    M: dict[str, int] = field(default_factory=lambda: {code: 0 for code in OshaCaseType.values})
    errors: list[str] = field(default_factory=list)

    @property
    def cases(self) -> int:
        return self.G + self.H + self.I + self.J

    @property
    def m_rows(self) -> list[tuple[str, str, int]]:
        return [(code, str(label), self.M.get(code, 0)) for code, label in OshaCaseType.choices]


def summary(lines: list[LogLine]) -> Summary:
    """The 300A totals carried from the log, with :func:`standards.summary_300a_errors` run on them."""
    s = Summary()
    for line in lines:
        if line.column in ("G", "H", "I", "J"):
            setattr(s, line.column, getattr(s, line.column) + 1)
        s.K += line.days_away
        s.L += line.restricted_days
        s.M[line.case_type] = s.M.get(line.case_type, 0) + 1
    s.errors = [str(e) for e in standards.summary_300a_errors(s.G, s.H, s.I, s.J, s.K, s.L, s.M)]
    return s


@dataclass
class WorksheetRow:
    month: datetime.date
    headcount: Decimal | None  # summed average headcount of the month, None when nothing was recorded
    employees: int  # counted for the pay period: the headcount rounded half-up, 0 when nothing recorded


def manhours_by_month(unit: OrgUnit, year: int) -> dict[datetime.date, tuple[Decimal, Decimal]]:
    """{month: (hours, headcount)} summed over ``unit``'s subtree for ``year``: one query."""
    rows = (
        ManHours.objects.filter(
            is_archived=False,
            unit__in=subtree_unit_ids(unit.path),
            month__gte=datetime.date(year, 1, 1),
            month__lte=datetime.date(year, 12, 31),
        )
        .order_by()
        .values("month")
        .annotate(hours=Sum("hours"), headcount=Sum("average_headcount"))
    )
    return {r["month"]: (Decimal(str(r["hours"] or 0)), Decimal(str(r["headcount"] or 0))) for r in rows}


def worksheet_from_manhours(months: dict[datetime.date, tuple[Decimal, Decimal]], year: int) -> list[WorksheetRow]:
    """Twelve monthly pay periods from the recorded headcounts; a month without a record counts 0 employees
    (the worksheet includes periods with none)."""
    rows = []
    for m in range(1, 13):
        month = datetime.date(year, m, 1)
        recorded = months.get(month)
        headcount = recorded[1] if recorded else None
        employees = int(headcount.quantize(Decimal(1), rounding=ROUND_HALF_UP)) if headcount is not None else 0
        rows.append(WorksheetRow(month, headcount, employees))
    return rows


def total_hours(months: dict[datetime.date, tuple[Decimal, Decimal]]) -> int:
    """Total hours worked in the year, to the whole hour (half-up), as the 300A and the ITA take it."""
    hours = sum((h for h, _hc in months.values()), Decimal(0))
    return int(hours.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def annual_average(pay_periods: list[int]) -> int:
    """The worksheet's annual average number of employees, rounded up (``standards``)."""
    return standards.annual_average_employees(pay_periods)


def privacy_cases(lines: list[LogLine]) -> list[tuple[LogLine, str]]:
    """The confidential list: case number → real name, of the privacy cases only."""
    return [(line, line.person.real_name) for line in lines if line.is_privacy_case]


def form_301(line: LogLine) -> list[tuple[str, str, str]]:
    """The fields of Form 301 (docs/standards/osha-recordkeeping.md#form-301-incident-report) for one log
    line as (number, label, value)."""
    p, incident = line.person, line.incident
    register = p.person if p.person_id else None
    private = line.is_privacy_case

    def personal(value) -> str:
        if private or value in (None, ""):
            return "—"
        return value.isoformat() if isinstance(value, datetime.date) else str(value)

    yes_no = {True: _("Yes"), False: _("No")}
    occurred = timezone.localtime(incident.occurred_at)
    return [
        ("1", _("Full name"), line.name),
        ("2", _("Street, city, state, ZIP"), "—"),
        ("3", _("Date of birth"), personal(register.birth_date if register else None)),
        ("4", _("Date hired"), personal(register.hire_date if register else None)),
        ("5", _("Sex"), personal(register.get_sex_display() if register and register.sex else None)),
        ("6", _("Physician or other health care professional"), p.physician or "—"),
        ("7", _("Treatment facility, if away from the worksite"), line.redact(p.treatment_facility) or "—"),
        ("8", _("Treated in an emergency room?"), yes_no[p.emergency_room]),
        ("9", _("Hospitalized overnight as an in-patient?"), yes_no[p.hospitalized]),
        ("10", _("Case number from the Log"), line.case_no),
        ("11", _("Date of injury or illness"), line.date.isoformat()),
        ("12", _("Time the employee began work"), p.began_work_at.strftime("%H:%M") if p.began_work_at else "—"),
        ("13", _("Time of event"), _("Cannot be determined") if incident.time_unknown else occurred.strftime("%H:%M")),
        ("14", _("What was the employee doing just before the incident occurred?"), line.redact(p.doing_before) or "—"),
        ("15", _("What happened?"), line.redact(incident.description) or "—"),
        ("16", _("What was the injury or illness?"), line.description or line.redact(p.injury_text) or "—"),
        ("17", _("What object or substance directly harmed the employee?"), line.redact(p.object_substance) or "—"),
        (
            "18",
            _("If the employee died, when did death occur?"),
            p.date_of_death.isoformat() if p.date_of_death else "—",
        ),
    ]


# The text fields of the ITA row checked for the characters the ITA rejects.
ITA_TEXT_FIELDS = ("establishment_name", "company_name", "street_address", "city", "industry_description")


def ita_row(est: Establishment, year: int, s: Summary, average_employees: int, hours: int) -> dict[str, str]:
    """The one data row of the ITA 300A upload CSV, keyed by ``standards.ITA_300A_COLUMNS``."""
    row = {
        "establishment_name": est.name.strip(),
        "ein": re.sub(r"\D", "", est.ein),
        "company_name": est.company_name.strip(),
        "street_address": est.street.strip(),
        "city": est.city.strip(),
        "state": est.state.strip().upper(),
        "zip": re.sub(r"\D", "", est.zip),
        "naics_code": est.naics.strip(),
        "industry_description": est.industry_description.strip(),
        "size": standards.ita_size_code(average_employees),
        "establishment_type": est.establishment_type or "1",
        "year_filing_for": str(year),
        "annual_average_employees": str(average_employees),
        "total_hours_worked": str(hours),
        "no_injuries_illnesses": "1" if s.cases else "2",
        "total_deaths": str(s.G),
        "total_dafw_cases": str(s.H),
        "total_djtr_cases": str(s.I),
        "total_other_cases": str(s.J),
        "total_dafw_days": str(s.K),
        "total_djtr_days": str(s.L),
        "total_injuries": str(s.M.get("1", 0)),
        "total_skin_disorders": str(s.M.get("2", 0)),
        "total_respiratory_conditions": str(s.M.get("3", 0)),
        "total_poisonings": str(s.M.get("4", 0)),
        "total_hearing_loss": str(s.M.get("5", 0)),
        "total_other_illnesses": str(s.M.get("6", 0)),
    }
    assert tuple(row) == standards.ITA_300A_COLUMNS  # noqa: S101 - a programming error, not user input
    return row


def ita_problems(row: dict[str, str], s: Summary, average_employees: int) -> list[str]:
    """Why the ITA would refuse the row (empty when it may be uploaded): missing or malformed required
    fields, characters it rejects, an inconsistent summary, no employees."""
    problems: list[str] = []
    labels = {
        "establishment_name": _("Establishment name"),
        "company_name": _("Company name"),
        "street_address": _("Street"),
        "city": _("City"),
        "industry_description": _("Industry description"),
    }
    for name in ("establishment_name", "street_address", "city"):
        if not row[name]:
            problems.append(_("%(field)s is required.") % {"field": labels[name]})
    if len(row["establishment_name"]) > 100:
        problems.append(_("The establishment name is longer than 100 characters."))
    if len(row["company_name"]) > 100:
        problems.append(_("The company name is longer than 100 characters."))
    if len(row["industry_description"]) > 300:
        problems.append(_("The industry description is longer than 300 characters."))
    if not re.fullmatch(r"[A-Z]{2}", row["state"]):
        problems.append(_("The state must be its two-letter code."))
    if len(row["zip"]) not in (5, 9):
        problems.append(_("The ZIP code must have 5 or 9 digits."))
    if not re.fullmatch(r"\d{6}", row["naics_code"]):
        problems.append(_("The NAICS code must have 6 digits."))
    if row["ein"] and len(row["ein"]) != 9:
        problems.append(_("The EIN must have 9 digits."))
    if row["establishment_type"] not in ("1", "2", "3"):
        problems.append(_("Choose the establishment type."))
    for name in ITA_TEXT_FIELDS:
        bad = standards.ita_forbidden_in(row[name])
        if bad:
            problems.append(
                _("%(field)s contains characters the ITA rejects: %(chars)s. Remove them.")
                % {"field": labels[name], "chars": " ".join(bad)}
            )
        elif is_formula_like(row[name]):  # the upload file is written as typed: it cannot carry a formula
            problems.append(
                _("%(field)s starts with a character a spreadsheet reads as a formula. Remove it.")
                % {"field": labels[name]}
            )
    if average_employees <= 0:
        problems.append(_("The annual average number of employees is 0: enter the pay-period counts."))
    problems.extend(s.errors)
    return problems
