"""The rules of GB 6441, the 2016 statistical definitions, Decree 493 and OSHA 29 CFR 1904, as pure functions.

Everything here is database-free and implements the rules of docs/standards/osha-recordkeeping.md and
docs/standards/china-accident-statistics.md as written there; the test vectors of those pages are in
``tests/incidents/test_standards.py``. Where a page marks a rule as only partly confirmed or not confirmed,
the docstring says which reading was taken.

OSHA recordability (docs/standards/osha-recordkeeping.md#recordability), the decision :func:`recordability` takes on
:class:`CaseFacts`:

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
Form 300 column is the most serious outcome, G > H > I > J."""

from zeroharm.incidents.standards.china import (  # noqa: F401
    DEATH_CHARGE_DAYS,
    GOV_REPORT_HOURS,
    GRADE_THRESHOLDS,
    MINOR_DAYS,
    SERIOUS_DAYS,
    STAT_DEATH_WINDOW_DAYS,
    STAT_DEATH_WINDOW_TRAFFIC_FIRE_DAYS,
    STAT_INJURED_DAYS,
    SUPPLEMENTARY_DAYS,
    SUPPLEMENTARY_TRAFFIC_FIRE_DAYS,
    _as_date,
    _non_negative,
    accident_grade,
    charged_days,
    death_counts,
    gov_report_deadline,
    injury_class,
    stat_report_class,
    supplementary_report_until,
    supplementary_window_days,
)
from zeroharm.incidents.standards.osha_forms import (  # noqa: F401
    FORM_301_DAYS,
    ITA_300A_COLUMNS,
    ITA_FORBIDDEN_CHARS,
    OSHA_FATALITY_HOURS,
    OSHA_SEVERE_INJURY_HOURS,
    RETENTION_YEARS,
    annual_average_employees,
    form_301_due,
    ita_due,
    ita_forbidden_in,
    ita_size_code,
    osha_report_hours,
    retention_until,
    summary_300a_errors,
    summary_300a_posting,
)
from zeroharm.incidents.standards.recordkeeping import (  # noqa: F401
    DAY_CAP,
    FIRST_AID_CODES,
    PRIVACY_CASE,
    RECORDABILITY_REASONS,
    CaseFacts,
    Recordability,
    _criteria,
    _decision,
    cap_days,
    days_between,
    is_first_aid_only,
    masked_name,
    osha_column,
    osha_days,
    privacy_reason_valid,
    recordability,
)

__all__ = [
    # GB 6441 and the 2016 statistical definitions
    "SERIOUS_DAYS",
    "DEATH_CHARGE_DAYS",
    "injury_class",
    "charged_days",
    "stat_report_class",
    "death_counts",
    # Decree 493
    "accident_grade",
    "gov_report_deadline",
    "supplementary_window_days",
    "supplementary_report_until",
    # OSHA 1904
    "FIRST_AID_CODES",
    "DAY_CAP",
    "is_first_aid_only",
    "days_between",
    "cap_days",
    "CaseFacts",
    "Recordability",
    "RECORDABILITY_REASONS",
    "recordability",
    "osha_column",
    "osha_days",
    "PRIVACY_CASE",
    "privacy_reason_valid",
    "masked_name",
    "osha_report_hours",
    "form_301_due",
    "retention_until",
    "summary_300a_posting",
    "annual_average_employees",
    "summary_300a_errors",
    "ITA_300A_COLUMNS",
    "ITA_FORBIDDEN_CHARS",
    "ita_size_code",
    "ita_forbidden_in",
    "ita_due",
]
