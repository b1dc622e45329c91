"""The rules of GB 6441, the 2016 statistical definitions, Decree 493 and OSHA 29 CFR 1904, as pure functions.

Everything here is database-free and implements STANDARDS.md §1 and §2 exactly as written there; the
test vectors of those sections are in ``tests/test_incident_standards.py``. Where the reference is only
partly confirmed (``[P]``) or unconfirmed (``[U]``) the docstring says which reading was taken.

OSHA recordability (§1.1, §1.2), the decision :func:`recordability` takes on :class:`CaseFacts`:

=============================================  ===========  ======  ====================================
facts                                          recordable   column  reason
=============================================  ===========  ======  ====================================
not work-related                               no           —       Not work-related
not a new case (1904.6)                        no           —       Not a new case
death                                          yes          G       Death
days away (counted from the day after)         yes          H       Days away from work
days away and restricted days                  yes          H       Days away from work (K and L filled)
restricted days (after the injury day)         yes          I       Restricted work or job transfer
restriction on the injury day only             no           —       Restriction on the day of injury only
a treatment not on the first-aid list (A)–(N)  yes          J       Medical treatment beyond first aid
other vaccine than tetanus, sutures, IV fluids yes          J       Medical treatment beyond first aid
  (``other_medical_treatment``)
loss of consciousness (any duration)           yes          J       Loss of consciousness
significant diagnosis by a PLHCP               yes          J       Significant diagnosed injury or illness
contaminated needlestick or sharps (1904.8)    yes          J       Contaminated needlestick or sharps injury
medical removal (1904.9)                       yes          by days Medical removal
hearing loss, STS and ≥ 25 dB (1904.10)        yes          J       Occupational hearing loss
tuberculosis (1904.11)                         yes          J       Tuberculosis
first-aid treatments only                      no           —       First aid only
nothing at all                                 no           —       No recording criterion met
=============================================  ===========  ======  ====================================

Checks run in that order; a recordable case gives the most serious criterion as its reason, and its
Form 300 column is the most serious outcome, G > H > I > J.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from zeroharm.incidents.choices import (
    AccidentGrade,
    FirstAid,
    InjuryClass,
    OshaCaseType,
    OshaColumn,
    PrivacyReason,
    StatReportClass,
)

__all__ = [
    # GB 6441 and the 2016 statistical definitions
    "SERIOUS_DAYS", "DEATH_CHARGE_DAYS", "injury_class", "charged_days", "stat_report_class", "death_counts",
    # Decree 493
    "accident_grade", "gov_report_deadline", "supplementary_window_days", "supplementary_report_until",
    # OSHA 1904
    "FIRST_AID_CODES", "DAY_CAP", "is_first_aid_only", "days_between", "cap_days",
    "CaseFacts", "Recordability", "RECORDABILITY_REASONS", "recordability", "osha_column", "osha_days",
    "PRIVACY_CASE", "privacy_reason_valid", "masked_name",
    "osha_report_hours", "form_301_due", "retention_until", "summary_300a_posting",
    "annual_average_employees", "summary_300a_errors",
    "ITA_300A_COLUMNS", "ITA_FORBIDDEN_CHARS", "ita_size_code", "ita_forbidden_in", "ita_due",
]

# ---------------------------------------------------------------------------------------------------------
# GB 6441-1986 (§2.1)
# ---------------------------------------------------------------------------------------------------------

MINOR_DAYS = 1  # 轻伤: 1 ≤ d < 105
SERIOUS_DAYS = 105  # 重伤: 105 ≤ d
DEATH_CHARGE_DAYS = 6000  # death or permanent total disability is charged 6000; nothing is charged more


def _non_negative(name: str, value: int) -> int:
    if value < 0:
        raise ValueError(f"{name} cannot be negative: {value}")
    return value


def injury_class(lost_workdays: int, *, fatal: bool) -> InjuryClass | None:
    """The GB 6441 class of one injured person: fatal from the flag, otherwise by lost workdays.

    d = 0 is not a GB 6441 casualty (None); 1 ≤ d < 105 is 轻伤; d ≥ 105 is 重伤. A non-fatal case charged
    6000 days (permanent total disability) stays 重伤: the "死亡" class comes from the outcome, not the days.
    """
    if fatal:
        return InjuryClass.FATAL
    _non_negative("lost_workdays", lost_workdays)
    if lost_workdays >= SERIOUS_DAYS:
        return InjuryClass.SERIOUS
    if lost_workdays >= MINOR_DAYS:
        return InjuryClass.MINOR
    return None


def charged_days(lost_workdays: int, *, fatal_or_total_disability: bool) -> int:
    """Lost workdays charged under Appendix B: 6000 for death or permanent total disability, never above 6000.

    The Appendix B table for partial disabilities is ``[U]``; the caller passes its value (or the actual
    rest days where the table gives none) as ``lost_workdays``.
    """
    if fatal_or_total_disability:
        return DEATH_CHARGE_DAYS
    return min(_non_negative("lost_workdays", lost_workdays), DEATH_CHARGE_DAYS)


STAT_INJURED_DAYS = 3
STAT_DEATH_WINDOW_DAYS = 30
STAT_DEATH_WINDOW_TRAFFIC_FIRE_DAYS = 7


def stat_report_class(days_off: int, *, died: bool) -> StatReportClass | None:
    """The 2016 statistical-report class: death; ≥ 105 working days off 重伤; ≥ 3 受伤; fewer is none.

    ``died`` is the statistical death (see :func:`death_counts`; a person missing past the window counts too).
    """
    if died:
        return StatReportClass.DEATH
    _non_negative("days_off", days_off)
    if days_off >= SERIOUS_DAYS:
        return StatReportClass.SERIOUS
    if days_off >= STAT_INJURED_DAYS:
        return StatReportClass.INJURED
    return None


def _as_date(value: date) -> date:
    return value.date() if isinstance(value, datetime) else value


def death_counts(accident_date: date, death_date: date, *, traffic_or_fire: bool) -> bool:
    """Whether a death counts as a death of the accident: within 30 calendar days (7 for road traffic and fire).

    Day 30 (day 7) itself is still inside the window. Datetimes are compared by their calendar dates.
    """
    days = (_as_date(death_date) - _as_date(accident_date)).days
    if days < 0:
        raise ValueError("the death cannot precede the accident")
    window = STAT_DEATH_WINDOW_TRAFFIC_FIRE_DAYS if traffic_or_fire else STAT_DEATH_WINDOW_DAYS
    return days <= window


# ---------------------------------------------------------------------------------------------------------
# Decree 493 (§2.2)
# ---------------------------------------------------------------------------------------------------------

# grade → (deaths, serious injuries, direct loss in CNY), each the lowest value that reaches the grade
# ("以上" includes the number, "以下" excludes it). Highest grade first.
GRADE_THRESHOLDS: tuple[tuple[AccidentGrade, int, int, Decimal], ...] = (
    (AccidentGrade.ESPECIALLY_MAJOR, 30, 100, Decimal("100000000")),
    (AccidentGrade.MAJOR, 10, 50, Decimal("50000000")),
    (AccidentGrade.LARGER, 3, 10, Decimal("10000000")),
)


def accident_grade(deaths: int, serious_injuries: int, direct_loss_cny: Decimal) -> AccidentGrade:
    """The Decree 493 grade: the highest grade that any one of the three criteria reaches.

    Serious injuries include acute industrial poisoning.
    """
    _non_negative("deaths", deaths)
    _non_negative("serious_injuries", serious_injuries)
    loss = Decimal(str(direct_loss_cny)) if isinstance(direct_loss_cny, float) else Decimal(direct_loss_cny)
    if loss < 0:
        raise ValueError("direct_loss_cny cannot be negative")
    for grade, min_deaths, min_serious, min_loss in GRADE_THRESHOLDS:
        if deaths >= min_deaths or serious_injuries >= min_serious or loss >= min_loss:
            return grade
    return AccidentGrade.GENERAL


GOV_REPORT_HOURS = 1
SUPPLEMENTARY_DAYS = 30
SUPPLEMENTARY_TRAFFIC_FIRE_DAYS = 7


def gov_report_deadline(occurred_at: datetime) -> datetime:
    """When the unit head's report to the county-level authority is due: 1 hour (Decree 493, Art. 9).

    Art. 9 counts the hour from when the unit head learns of the accident; the occurrence time is the
    strict reading and the one used here. Pass the time the head was told for the lenient one.
    """
    return occurred_at + timedelta(hours=GOV_REPORT_HOURS)


def supplementary_window_days(*, traffic_or_fire: bool) -> int:
    """Days after the accident in which a changed casualty count must be reported (补报): 30, or 7."""
    return SUPPLEMENTARY_TRAFFIC_FIRE_DAYS if traffic_or_fire else SUPPLEMENTARY_DAYS


def supplementary_report_until(accident_date: date, *, traffic_or_fire: bool) -> date:
    """The last day of the supplementary-report window (inclusive)."""
    return _as_date(accident_date) + timedelta(days=supplementary_window_days(traffic_or_fire=traffic_or_fire))


# ---------------------------------------------------------------------------------------------------------
# OSHA 1904: first aid, day counting, recordability (§1.1, §1.2)
# ---------------------------------------------------------------------------------------------------------

FIRST_AID_CODES = frozenset(FirstAid.values)
DAY_CAP = 180


def is_first_aid_only(treatments: Iterable[str], *, other_medical_treatment: bool = False) -> bool:
    """True when every treatment is on the closed first-aid list (A)–(N) and no other treatment was given.

    Any other code means medical treatment, and so does ``other_medical_treatment`` (the explicit "other"
    box: another vaccine than tetanus, sutures, a rigid splint, IV fluids, prescription medication …).
    No treatment at all is trivially first aid only.
    """
    if other_medical_treatment:
        return False
    return all(str(code) in FIRST_AID_CODES for code in treatments)


def days_between(injury_date: date, return_date: date) -> int:
    """Calendar days away (or restricted) between the injury and the return: the day of injury never counts.

    Counting starts the day after the injury and stops the day before the return, so an injury on 03-01
    with a return on 03-15 is 13 days (03-02 … 03-14), and a return the next day is 0.
    """
    days = (_as_date(return_date) - _as_date(injury_date)).days
    if days < 0:
        raise ValueError("the return cannot precede the injury")
    return max(days - 1, 0)


def cap_days(days_away: int, restricted: int) -> tuple[int, int]:
    """The 180-day cap (1904.7(b)(3)(vii)) on K + L combined: K first, then L = min(L, 180 − K).

    The combined reading is ``[P]`` (STANDARDS.md §1.2): K alone is capped at 180 either way.
    """
    k = min(_non_negative("days_away", days_away), DAY_CAP)
    return k, min(_non_negative("restricted", restricted), DAY_CAP - k)


@dataclass(frozen=True)
class CaseFacts:
    """What is known about one case, in OSHA's terms. Days are uncapped calendar days after the injury day.

    Enter the days a PLHCP recommended even if the employee did not follow the recommendation
    (1904.7(b)(3)(ii)). ``hearing_loss_sts`` means a recordable hearing loss: a Standard Threshold Shift
    and a total level ≥ 25 dB in the same ear (1904.10, ``[U]`` in STANDARDS.md). A medical removal
    (1904.9) is recorded as days away or restriction: enter its days in ``days_away`` or
    ``restricted_days`` and the column follows from them.
    """

    work_related: bool = True
    new_case: bool = True
    death: bool = False
    days_away: int = 0
    restricted_days: int = 0
    treatments: tuple[str, ...] = ()
    other_medical_treatment: bool = False
    loss_of_consciousness: bool = False
    significant_diagnosis: bool = False
    contaminated_sharps: bool = False
    medical_removal: bool = False
    hearing_loss_sts: bool = False
    tuberculosis: bool = False
    restriction_only_on_injury_day: bool = False

    def __post_init__(self):
        _non_negative("days_away", self.days_away)
        _non_negative("restricted_days", self.restricted_days)
        if self.restriction_only_on_injury_day and self.restricted_days:
            raise ValueError("a restriction on the injury day only has no restricted days")
        if not isinstance(self.treatments, tuple):
            object.__setattr__(self, "treatments", tuple(self.treatments))

    @property
    def medical_treatment(self) -> bool:
        return not is_first_aid_only(self.treatments, other_medical_treatment=self.other_medical_treatment)


# The reasons of the decision: a stable code (to store) → a short translatable text (to show).
RECORDABILITY_REASONS = {
    "not_work_related": _("Not work-related"),
    "not_new_case": _("Not a new case"),
    "death": _("Death"),
    "days_away": _("Days away from work"),
    "restricted": _("Restricted work or job transfer"),
    "medical_treatment": _("Medical treatment beyond first aid"),
    "loss_of_consciousness": _("Loss of consciousness"),
    "significant_diagnosis": _("Significant diagnosed injury or illness"),
    "contaminated_sharps": _("Contaminated needlestick or sharps injury"),
    "medical_removal": _("Medical removal"),
    "hearing_loss": _("Occupational hearing loss"),
    "tuberculosis": _("Tuberculosis"),
    "injury_day_restriction": _("Restriction on the day of injury only"),
    "first_aid_only": _("First aid only"),
    "no_criterion": _("No recording criterion met"),
}


@dataclass(frozen=True)
class Recordability:
    recordable: bool
    reason: str  # a lazy translatable string: str() it in the reader's language, when it is shown
    code: str = ""  # the key of RECORDABILITY_REASONS, stable across languages: store this one

    def __bool__(self) -> bool:
        return self.recordable


def _decision(recordable: bool, code: str) -> Recordability:
    return Recordability(recordable, RECORDABILITY_REASONS[code], code)


def _criteria(facts: CaseFacts) -> list[tuple[bool, str]]:
    """The general and specific recording criteria, most serious first: (met, reason code)."""
    return [
        (facts.death, "death"),
        (facts.days_away > 0, "days_away"),
        (facts.restricted_days > 0, "restricted"),
        (facts.medical_treatment, "medical_treatment"),
        (facts.loss_of_consciousness, "loss_of_consciousness"),
        (facts.significant_diagnosis, "significant_diagnosis"),
        (facts.contaminated_sharps, "contaminated_sharps"),
        (facts.medical_removal, "medical_removal"),
        (facts.hearing_loss_sts, "hearing_loss"),
        (facts.tuberculosis, "tuberculosis"),
    ]


def recordability(facts: CaseFacts) -> Recordability:
    """Whether the case goes on the Form 300 log, and the one short reason why (or why not)."""
    if not facts.work_related:
        return _decision(False, "not_work_related")
    if not facts.new_case:
        return _decision(False, "not_new_case")
    for met, code in _criteria(facts):
        if met:
            return _decision(True, code)
    if facts.restriction_only_on_injury_day:
        return _decision(False, "injury_day_restriction")
    if facts.treatments:
        return _decision(False, "first_aid_only")
    return _decision(False, "no_criterion")


def osha_column(facts: CaseFacts) -> OshaColumn | None:
    """The one Form 300 column G/H/I/J of a recordable case, the most serious outcome; None if not recordable."""
    if not recordability(facts).recordable:
        return None
    if facts.death:
        return OshaColumn.DEATH
    if facts.days_away > 0:
        return OshaColumn.DAYS_AWAY
    if facts.restricted_days > 0:
        return OshaColumn.RESTRICTED
    return OshaColumn.OTHER


def osha_days(facts: CaseFacts) -> tuple[int, int]:
    """Form 300 columns K and L with the 180-day cap.

    K is filled for an H case and L for an H or I case (an H case with restriction fills both), so the
    300A checks "K > 0 ⇒ H > 0" and "L > 0 ⇒ H + I > 0" hold by construction; a death (G), an other
    recordable case (J) and a case that is not recordable give (0, 0).
    """
    column = osha_column(facts)
    if column == OshaColumn.DAYS_AWAY:
        return cap_days(facts.days_away, facts.restricted_days)
    if column == OshaColumn.RESTRICTED:
        return cap_days(0, facts.restricted_days)
    return 0, 0


# ---------------------------------------------------------------------------------------------------------
# Privacy cases (§1.4)
# ---------------------------------------------------------------------------------------------------------

PRIVACY_CASE = _("Privacy case")


def privacy_reason_valid(reason: PrivacyReason | str, *, is_illness: bool) -> bool:
    """Whether a privacy reason applies: 1–5 to any case, 6 (the employee's request) to illnesses only."""
    if str(reason) not in PrivacyReason.values:
        return False
    return str(reason) != PrivacyReason.EMPLOYEE_REQUEST or is_illness


def masked_name(name: str, privacy_case: bool) -> str:
    """The name as it may be shown: "Privacy case" (in the active language) instead of it for a privacy case."""
    return str(PRIVACY_CASE) if privacy_case else name


# ---------------------------------------------------------------------------------------------------------
# OSHA deadlines and retention (§1.3)
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
# Form 300A (§1.6)
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
        errors.append(_("The cases by outcome (G + H + I + J = %(cases)s) do not equal the cases by type "
                        "(M1 to M6 = %(types)s).") % {"cases": cases, "types": types})
    if K > 0 and H <= 0:
        errors.append(_("Days away from work are entered (K = %(days)s) but there is no days-away case (H).")
                      % {"days": K})
    if L > 0 and H + I <= 0:
        errors.append(_("Days of job transfer or restriction are entered (L = %(days)s) but there is no "
                        "days-away or restriction case (H + I).") % {"days": L})
    return errors


# ---------------------------------------------------------------------------------------------------------
# ITA electronic submission (§1.8)
# ---------------------------------------------------------------------------------------------------------

# The 300A upload columns in the order STANDARDS.md lists them. The real column order is [U]: write a
# header row and key on the names.
ITA_300A_COLUMNS: tuple[str, ...] = (
    "establishment_name", "ein", "company_name", "street_address", "city", "state", "zip", "naics_code",
    "industry_description", "size", "establishment_type", "year_filing_for", "annual_average_employees",
    "total_hours_worked", "no_injuries_illnesses", "total_deaths", "total_dafw_cases", "total_djtr_cases",
    "total_other_cases", "total_dafw_days", "total_djtr_days", "total_injuries", "total_skin_disorders",
    "total_respiratory_conditions", "total_poisonings", "total_hearing_loss", "total_other_illnesses",
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
