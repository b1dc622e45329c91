"""OSHA 29 CFR 1904: first aid, day counting, recordability, 300-log columns and privacy cases."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext_lazy as _

from zeroharm.incidents.choices import (
    FirstAid,
    OshaColumn,
    PrivacyReason,
)
from zeroharm.incidents.standards.china import _as_date, _non_negative

# ---------------------------------------------------------------------------------------------------------
# OSHA 1904: first aid, day counting, recordability (docs/standards/osha-recordkeeping.md#recordability)
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

    The combined reading is only partly confirmed (docs/standards/osha-recordkeeping.md#the-180-day-cap):
    K alone is capped at 180 either way.
    """
    k = min(_non_negative("days_away", days_away), DAY_CAP)
    return k, min(_non_negative("restricted", restricted), DAY_CAP - k)


@dataclass(frozen=True)
class CaseFacts:
    """What is known about one case, in OSHA's terms. Days are uncapped calendar days after the injury day.

    Enter the days a PLHCP recommended even if the employee did not follow the recommendation
    (1904.7(b)(3)(ii)). ``hearing_loss_sts`` means a recordable hearing loss: a Standard Threshold Shift
    and a total level ≥ 25 dB in the same ear (1904.10; not confirmed, see
    docs/standards/osha-recordkeeping.md#specific-recording-criteria). A medical removal
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
# Privacy cases (docs/standards/osha-recordkeeping.md#privacy-cases)
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
