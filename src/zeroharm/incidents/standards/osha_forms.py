"""OSHA deadlines and retention, the Form 300A summary checks and the ITA electronic submission."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta

from django.utils.translation import gettext_lazy as _

from zeroharm.incidents.choices import (
    OshaCaseType,
)
from zeroharm.incidents.standards.china import _as_date, _non_negative

# ---------------------------------------------------------------------------------------------------------
# OSHA deadlines and retention (docs/standards/osha-recordkeeping.md#deadlines-and-retention)
# ---------------------------------------------------------------------------------------------------------

OSHA_FATALITY_HOURS = 8
OSHA_SEVERE_INJURY_HOURS = 24
FORM_301_DAYS = 7
RETENTION_YEARS = 5


def osha_report_hours(*, fatal: bool, hospitalized: bool, amputation: bool, eye_loss: bool) -> int | None:
    """Hours to report to OSHA (1904.39): 8 for a fatality; 24 for in-patient hospitalization, amputation or
    loss of an eye; None when nothing needs reporting."""
    if fatal:
        return OSHA_FATALITY_HOURS
    if hospitalized or amputation or eye_loss:
        return OSHA_SEVERE_INJURY_HOURS
    return None


def form_301_due(learned_on: date) -> date:
    """Form 301 is due within 7 calendar days of learning of a recordable case."""
    return _as_date(learned_on) + timedelta(days=FORM_301_DAYS)


def retention_until(year: int) -> date:
    """The last day the records of ``year`` must be kept: 5 years after the end of that year (1904.33)."""
    return date(year + RETENTION_YEARS, 12, 31)


def summary_300a_posting(year: int) -> tuple[date, date]:
    """The posting period of the 300A for ``year``: Feb 1 – Apr 30 of the next year (both inclusive)."""
    return date(year + 1, 2, 1), date(year + 1, 4, 30)


# ---------------------------------------------------------------------------------------------------------
# Form 300A (docs/standards/osha-recordkeeping.md#form-300a-summary)
# ---------------------------------------------------------------------------------------------------------


def annual_average_employees(employees_per_pay_period: list[int]) -> int:
    """The 300A worksheet: employees paid in each pay period (zeros included) ÷ periods, rounded up."""
    if not employees_per_pay_period:
        raise ValueError("at least one pay period is needed")
    for count in employees_per_pay_period:
        _non_negative("employees", count)
    return -(-sum(employees_per_pay_period) // len(employees_per_pay_period))  # integer ceiling, no float


def summary_300a_errors(G: int, H: int, I: int, J: int, K: int, L: int, M: Mapping[str, int]) -> list[str]:  # noqa: E741
    """The consistency errors of a 300A (empty when it is consistent), as messages in the active language.

    G + H + I + J must equal M1 + … + M6 (both are the number of log lines); K > 0 needs H > 0, and
    L > 0 needs H + I > 0. ``M`` maps the column M codes "1".."6" to counts; missing codes count 0.
    """
    errors: list[str] = []
    fields = [("G", G), ("H", H), ("I", I), ("J", J), ("K", K), ("L", L)]
    fields += [(f"M{code}", count) for code, count in sorted(M.items(), key=lambda item: str(item[0]))]
    for field, value in fields:
        if value < 0:
            errors.append(_("%(field)s cannot be negative.") % {"field": field})
    for code in sorted(str(code) for code in M if str(code) not in OshaCaseType.values):
        errors.append(_("Unknown injury or illness type: %(code)s.") % {"code": code})
    cases, types = G + H + I + J, sum(M.values())
    if cases != types:
        errors.append(
            _("The cases by outcome (G + H + I + J = %(cases)s) do not equal the cases by type (M1 to M6 = %(types)s).")
            % {"cases": cases, "types": types}
        )
    if K > 0 and H <= 0:
        errors.append(
            _("Days away from work are entered (K = %(days)s) but there is no days-away case (H).") % {"days": K}
        )
    if L > 0 and H + I <= 0:
        errors.append(
            _(
                "Days of job transfer or restriction are entered (L = %(days)s) but there is no "
                "days-away or restriction case (H + I)."
            )
            % {"days": L}
        )
    return errors


# ---------------------------------------------------------------------------------------------------------
# ITA electronic submission (docs/standards/osha-recordkeeping.md#electronic-submission-ita)
# ---------------------------------------------------------------------------------------------------------

# The 300A upload columns in the order docs/standards/osha-recordkeeping.md#ita-300a-upload-columns lists them. The real
# column order is not confirmed: write a header row and key on the names.
ITA_300A_COLUMNS: tuple[str, ...] = (
    "establishment_name",
    "ein",
    "company_name",
    "street_address",
    "city",
    "state",
    "zip",
    "naics_code",
    "industry_description",
    "size",
    "establishment_type",
    "year_filing_for",
    "annual_average_employees",
    "total_hours_worked",
    "no_injuries_illnesses",
    "total_deaths",
    "total_dafw_cases",
    "total_djtr_cases",
    "total_other_cases",
    "total_dafw_days",
    "total_djtr_days",
    "total_injuries",
    "total_skin_disorders",
    "total_respiratory_conditions",
    "total_poisonings",
    "total_hearing_loss",
    "total_other_illnesses",
)
# Characters the ITA rejects in text fields ([P]).
ITA_FORBIDDEN_CHARS = frozenset("()~@#$%^&*?/\\!")


def ita_size_code(annual_average_employees: int) -> str:
    """The ``size`` code of the 2024+ upload: "1" < 20; "21" 20–99; "22" 100–249; "3" 250+ (21/22 are ``[U]``)."""
    _non_negative("annual_average_employees", annual_average_employees)
    if annual_average_employees < 20:
        return "1"
    if annual_average_employees < 100:
        return "21"
    if annual_average_employees < 250:
        return "22"
    return "3"


def ita_forbidden_in(text: str) -> str:
    """The characters of ``text`` the ITA rejects, in order of first appearance (empty when it is clean)."""
    return "".join(dict.fromkeys(ch for ch in text if ch in ITA_FORBIDDEN_CHARS))


def ita_due(year: int) -> date:
    """The ITA submission deadline for the records of ``year``: March 2 of the next year."""
    return date(year + 1, 3, 2)
