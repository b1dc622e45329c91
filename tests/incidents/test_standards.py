"""GB 6441, the 2016 statistical definitions, Decree 493 and OSHA 1904 as pure functions: every vector of
docs/standards/osha-recordkeeping.md and docs/standards/china-accident-statistics.md,
and the recordability decision on a table of cases. No database."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import translation

from zeroharm.incidents import standards as s
from zeroharm.incidents.choices import (
    AccidentGrade,
    FirstAid,
    InjuryClass,
    OshaColumn,
    PrivacyReason,
    StatReportClass,
)

D = Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- GB 6441 injury classes (docs/standards/china-accident-statistics.md#injury-classes-by-lost-workdays)


@pytest.mark.parametrize(
    "days,fatal,expected,charged",
    [
        (0, False, None, 0),  # not a GB 6441 casualty
        (1, False, InjuryClass.MINOR, 1),
        (104, False, InjuryClass.MINOR, 104),
        (105, False, InjuryClass.SERIOUS, 105),
        (5999, False, InjuryClass.SERIOUS, 5999),
        (0, True, InjuryClass.FATAL, 6000),  # died → 死亡, charged 6000
        (30, True, InjuryClass.FATAL, 6000),  # fatal from the flag, whatever days were entered
    ],
)
def test_gb6441_injury_class_vectors(days, fatal, expected, charged):
    assert s.injury_class(days, fatal=fatal) == expected
    assert s.charged_days(days, fatal_or_total_disability=fatal) == charged


def test_charged_days_cap_and_total_disability():
    assert s.charged_days(7200, fatal_or_total_disability=False) == 6000  # never charged above 6000
    assert s.charged_days(120, fatal_or_total_disability=True) == 6000  # permanent total disability
    # a permanent total disability is not a death: the class comes from the outcome, not the 6000 days
    assert s.injury_class(6000, fatal=False) == InjuryClass.SERIOUS
    with pytest.raises(ValueError):
        s.injury_class(-1, fatal=False)


@pytest.mark.parametrize(
    "days,died,expected",
    [
        (0, False, None),
        (2, False, None),
        (3, False, StatReportClass.INJURED),
        (104, False, StatReportClass.INJURED),
        (105, False, StatReportClass.SERIOUS),
        (0, True, StatReportClass.DEATH),
    ],
)
def test_statistical_report_class(days, died, expected):
    assert s.stat_report_class(days, died=died) == expected


@pytest.mark.parametrize(
    "after,traffic_or_fire,counts",
    [
        (0, False, True),
        (30, False, True),
        (31, False, False),
        (7, True, True),
        (8, True, False),
        (30, True, False),
    ],
)
def test_death_counts_within_30_or_7_days(after, traffic_or_fire, counts):
    accident = date(2024, 3, 1)
    assert s.death_counts(accident, accident + timedelta(days=after), traffic_or_fire=traffic_or_fire) is counts


def test_death_before_accident_is_an_error():
    with pytest.raises(ValueError):
        s.death_counts(date(2024, 3, 2), date(2024, 3, 1), traffic_or_fire=False)


# --- Decree 493 grading (docs/standards/china-accident-statistics.md#accident-grades-decree-493) ----------------------


@pytest.mark.parametrize(
    "deaths,serious,loss,grade",
    [
        (0, 0, "0", AccidentGrade.GENERAL),
        (2, 9, "9999999", AccidentGrade.GENERAL),
        (3, 0, "0", AccidentGrade.LARGER),
        (0, 10, "0", AccidentGrade.LARGER),
        (0, 0, "10000000", AccidentGrade.LARGER),
        (1, 50, "0", AccidentGrade.MAJOR),
        (10, 0, "0", AccidentGrade.MAJOR),
        (0, 0, "100000000", AccidentGrade.ESPECIALLY_MAJOR),
        (29, 99, "99999999", AccidentGrade.MAJOR),
        (30, 0, "0", AccidentGrade.ESPECIALLY_MAJOR),
    ],
)
def test_decree_493_grading_vectors(deaths, serious, loss, grade):
    assert s.accident_grade(deaths, serious, D(loss)) == grade


def test_grading_boundaries_of_loss():
    assert s.accident_grade(0, 0, D("49999999.99")) == AccidentGrade.LARGER
    assert s.accident_grade(0, 0, D("50000000")) == AccidentGrade.MAJOR
    assert s.accident_grade(0, 0, 9_999_999.99) == AccidentGrade.GENERAL  # a float loss is read exactly
    with pytest.raises(ValueError):
        s.accident_grade(0, 0, D("-1"))


def test_government_report_deadlines():
    occurred = datetime(2024, 3, 1, 8, 30, tzinfo=UTC)
    assert s.gov_report_deadline(occurred) == datetime(2024, 3, 1, 9, 30, tzinfo=UTC)
    assert s.supplementary_window_days(traffic_or_fire=False) == 30
    assert s.supplementary_window_days(traffic_or_fire=True) == 7
    assert s.supplementary_report_until(date(2024, 3, 1), traffic_or_fire=False) == date(2024, 3, 31)
    assert s.supplementary_report_until(date(2024, 3, 1), traffic_or_fire=True) == date(2024, 3, 8)


# --- first aid (docs/standards/osha-recordkeeping.md#first-aid) -------------------------------------------------------


def test_first_aid_is_the_closed_list_of_14():
    assert sorted(s.FIRST_AID_CODES) == list("ABCDEFGHIJKLMN")
    assert s.is_first_aid_only(list("ABCDEFGHIJKLMN"))
    assert s.is_first_aid_only([FirstAid.TETANUS, FirstAid.WOUND_COVERING])
    assert s.is_first_aid_only([])  # no treatment at all
    assert not s.is_first_aid_only(["A", "Z"])  # any other code is medical treatment
    assert not s.is_first_aid_only(["B"], other_medical_treatment=True)  # e.g. a hepatitis B vaccine


# --- day counting (docs/standards/osha-recordkeeping.md#day-counting) -------------------------------------------------


def test_day_counting_vectors():
    # 2024-03-01 → returns 2024-03-15: 13 days (03-02 … 03-14)
    assert s.days_between(date(2024, 3, 1), date(2024, 3, 15)) == 13
    # restricted only on 03-01 (full duty on 03-02): 0 days, and not recordable by restriction
    assert s.days_between(date(2024, 3, 1), date(2024, 3, 2)) == 0
    assert not s.recordability(s.CaseFacts(restriction_only_on_injury_day=True)).recordable
    # 2024-01-10, away 250 calendar days → 180
    away = s.days_between(date(2024, 1, 10), date(2024, 1, 10) + timedelta(days=251))
    assert away == 250
    assert s.cap_days(away, 0) == (180, 0)
    # K = 150, L = 60 → K = 150, L = 30 (combined cap, [P])
    assert s.cap_days(150, 60) == (150, 30)


def test_day_counting_edges():
    assert s.days_between(date(2024, 3, 1), date(2024, 3, 1)) == 0
    assert s.days_between(datetime(2024, 3, 1, 23, 0), datetime(2024, 3, 3, 1, 0)) == 1  # calendar days
    assert s.days_between(date(2024, 2, 28), date(2024, 3, 1)) == 1  # 2024-02-29 counts
    assert s.cap_days(180, 40) == (180, 0)
    assert s.cap_days(0, 400) == (0, 180)
    with pytest.raises(ValueError):
        s.days_between(date(2024, 3, 2), date(2024, 3, 1))
    with pytest.raises(ValueError):
        s.cap_days(-1, 0)


# --- the recordability decision (docs/standards/osha-recordkeeping.md#recordability) ----------------------------------

F = s.CaseFacts
RECORDABILITY_TABLE = [
    # (id, facts, recordable, reason, column, (K, L))
    ("first aid only", F(treatments=("A", "C", "D", "E")), False, "First aid only", None, (0, 0)),
    ("tetanus shot", F(treatments=(FirstAid.TETANUS,)), False, "First aid only", None, (0, 0)),
    (
        "other vaccine",
        F(treatments=("C",), other_medical_treatment=True),
        True,
        "Medical treatment beyond first aid",
        OshaColumn.OTHER,
        (0, 0),
    ),
    (
        "sutures",
        F(treatments=("C", "D"), other_medical_treatment=True),
        True,
        "Medical treatment beyond first aid",
        OshaColumn.OTHER,
        (0, 0),
    ),
    ("code off the list", F(treatments=("Z",)), True, "Medical treatment beyond first aid", OshaColumn.OTHER, (0, 0)),
    (
        "restriction on injury day only",
        F(restriction_only_on_injury_day=True, treatments=("E",)),
        False,
        "Restriction on the day of injury only",
        None,
        (0, 0),
    ),
    (
        "restriction on injury day, then sutures",
        F(restriction_only_on_injury_day=True, other_medical_treatment=True),
        True,
        "Medical treatment beyond first aid",
        OshaColumn.OTHER,
        (0, 0),
    ),
    ("restricted days", F(restricted_days=5), True, "Restricted work or job transfer", OshaColumn.RESTRICTED, (0, 5)),
    (
        "days away and restriction",
        F(days_away=13, restricted_days=10),
        True,
        "Days away from work",
        OshaColumn.DAYS_AWAY,
        (13, 10),
    ),
    ("days away capped", F(days_away=250), True, "Days away from work", OshaColumn.DAYS_AWAY, (180, 0)),
    (
        "combined cap",
        F(days_away=150, restricted_days=60),
        True,
        "Days away from work",
        OshaColumn.DAYS_AWAY,
        (150, 30),
    ),
    (
        "restriction capped",
        F(restricted_days=200),
        True,
        "Restricted work or job transfer",
        OshaColumn.RESTRICTED,
        (0, 180),
    ),
    ("not work-related", F(work_related=False, days_away=20), False, "Not work-related", None, (0, 0)),
    ("not a new case", F(new_case=False, days_away=5), False, "Not a new case", None, (0, 0)),
    ("loss of consciousness", F(loss_of_consciousness=True), True, "Loss of consciousness", OshaColumn.OTHER, (0, 0)),
    (
        "consciousness and days away",
        F(loss_of_consciousness=True, days_away=2),
        True,
        "Days away from work",
        OshaColumn.DAYS_AWAY,
        (2, 0),
    ),
    (
        "significant diagnosis",
        F(significant_diagnosis=True),
        True,
        "Significant diagnosed injury or illness",
        OshaColumn.OTHER,
        (0, 0),
    ),
    (
        "needlestick",
        F(contaminated_sharps=True, treatments=("C",)),
        True,
        "Contaminated needlestick or sharps injury",
        OshaColumn.OTHER,
        (0, 0),
    ),
    ("hearing loss", F(hearing_loss_sts=True), True, "Occupational hearing loss", OshaColumn.OTHER, (0, 0)),
    ("tuberculosis", F(tuberculosis=True), True, "Tuberculosis", OshaColumn.OTHER, (0, 0)),
    (
        "medical removal, days away",
        F(medical_removal=True, days_away=30),
        True,
        "Days away from work",
        OshaColumn.DAYS_AWAY,
        (30, 0),
    ),
    (
        "medical removal, transfer",
        F(medical_removal=True, restricted_days=30),
        True,
        "Restricted work or job transfer",
        OshaColumn.RESTRICTED,
        (0, 30),
    ),
    ("medical removal, no days entered", F(medical_removal=True), True, "Medical removal", OshaColumn.OTHER, (0, 0)),
    ("death", F(death=True), True, "Death", OshaColumn.DEATH, (0, 0)),
    ("death after days away", F(death=True, days_away=3), True, "Death", OshaColumn.DEATH, (0, 0)),
    ("death, not work-related", F(death=True, work_related=False), False, "Not work-related", None, (0, 0)),
    ("nothing", F(), False, "No recording criterion met", None, (0, 0)),
]


@pytest.mark.parametrize(
    "facts,recordable,reason,column,days",
    [row[1:] for row in RECORDABILITY_TABLE],
    ids=[row[0] for row in RECORDABILITY_TABLE],
)
def test_recordability_table(facts, recordable, reason, column, days):
    decision = s.recordability(facts)
    assert decision.recordable is recordable
    assert bool(decision) is recordable
    assert str(decision.reason) == reason
    assert str(s.RECORDABILITY_REASONS[decision.code]) == reason  # the stable code to store
    assert s.osha_column(facts) == column
    assert s.osha_days(facts) == days


def test_the_table_reaches_every_reason():
    assert {s.recordability(row[1]).code for row in RECORDABILITY_TABLE} == set(s.RECORDABILITY_REASONS)


def test_case_facts_reject_contradictions():
    with pytest.raises(ValueError):
        F(restriction_only_on_injury_day=True, restricted_days=2)
    with pytest.raises(ValueError):
        F(days_away=-1)
    assert F(treatments=["A"]).treatments == ("A",)  # stays hashable and frozen


# --- privacy cases (docs/standards/osha-recordkeeping.md#privacy-cases) -----------------------------------------------


@pytest.mark.parametrize("reason", [r for r in PrivacyReason if r != PrivacyReason.EMPLOYEE_REQUEST])
def test_privacy_reasons_1_to_5_apply_to_any_case(reason):
    assert s.privacy_reason_valid(reason, is_illness=False)
    assert s.privacy_reason_valid(reason, is_illness=True)


def test_privacy_reason_6_only_for_illnesses():
    assert s.privacy_reason_valid(PrivacyReason.EMPLOYEE_REQUEST, is_illness=True)
    assert not s.privacy_reason_valid(PrivacyReason.EMPLOYEE_REQUEST, is_illness=False)
    assert not s.privacy_reason_valid("7", is_illness=True)


def test_masked_name():
    assert s.masked_name("Zhang Wei", privacy_case=True) == "Privacy case"
    assert s.masked_name("Zhang Wei", privacy_case=False) == "Zhang Wei"
    assert type(s.masked_name("Zhang Wei", privacy_case=True)) is str  # safe to write to a CSV


# --- OSHA deadlines and retention (docs/standards/osha-recordkeeping.md#deadlines-and-retention) ----------------------


@pytest.mark.parametrize(
    "flags,hours",
    [
        ({"fatal": True, "hospitalized": True, "amputation": False, "eye_loss": False}, 8),
        ({"fatal": False, "hospitalized": True, "amputation": False, "eye_loss": False}, 24),
        ({"fatal": False, "hospitalized": False, "amputation": True, "eye_loss": False}, 24),
        ({"fatal": False, "hospitalized": False, "amputation": False, "eye_loss": True}, 24),
        ({"fatal": False, "hospitalized": False, "amputation": False, "eye_loss": False}, None),
    ],
)
def test_osha_report_hours(flags, hours):
    assert s.osha_report_hours(**flags) == hours


def test_osha_dates():
    assert s.form_301_due(date(2024, 12, 28)) == date(2025, 1, 4)
    assert s.retention_until(2024) == date(2029, 12, 31)
    assert s.summary_300a_posting(2024) == (date(2025, 2, 1), date(2025, 4, 30))
    assert s.ita_due(2024) == date(2025, 3, 2)


# --- Form 300A (docs/standards/osha-recordkeeping.md#form-300a-summary) -----------------------------------------------


def test_annual_average_employees_vector():
    periods = [96] * 25 + [100]  # 2,500 employee-pay-periods over 26 periods = 96.15 → 97
    assert sum(periods) == 2500 and len(periods) == 26
    assert s.annual_average_employees(periods) == 97


def test_annual_average_employees_edges():
    assert s.annual_average_employees([100] * 26) == 100  # a whole number stays
    assert s.annual_average_employees([0, 0, 1]) == 1  # periods with nobody still count
    with pytest.raises(ValueError):
        s.annual_average_employees([])
    with pytest.raises(ValueError):
        s.annual_average_employees([5, -1])


def test_summary_300a_consistent():
    assert s.summary_300a_errors(0, 2, 1, 3, 40, 12, {"1": 5, "5": 1}) == []
    assert s.summary_300a_errors(0, 0, 0, 0, 0, 0, {}) == []  # a year with no cases


def test_summary_300a_errors():
    assert s.summary_300a_errors(1, 0, 0, 3, 0, 0, {"1": 3}) == [
        "The cases by outcome (G + H + I + J = 4) do not equal the cases by type (M1 to M6 = 3)."
    ]
    assert s.summary_300a_errors(0, 0, 0, 1, 5, 0, {"1": 1}) == [
        "Days away from work are entered (K = 5) but there is no days-away case (H)."
    ]
    assert s.summary_300a_errors(0, 0, 0, 1, 0, 7, {"6": 1}) == [
        "Days of job transfer or restriction are entered (L = 7) but there is no days-away or restriction case (H + I)."
    ]
    assert s.summary_300a_errors(0, 0, 1, 0, 0, 7, {"1": 1}) == []  # L with an I case is fine
    assert s.summary_300a_errors(0, 0, 0, 1, 0, 0, {"9": 1}) == ["Unknown injury or illness type: 9."]
    assert s.summary_300a_errors(0, -1, 0, 1, 0, 0, {"1": 0}) == ["H cannot be negative."]
    assert s.summary_300a_errors(0, 0, 0, 0, 0, 0, {"2": -1, "1": 1}) == ["M2 cannot be negative."]


# --- ITA (docs/standards/osha-recordkeeping.md#electronic-submission-ita) ---------------------------------------------


@pytest.mark.parametrize(
    "employees,code", [(0, "1"), (19, "1"), (20, "21"), (99, "21"), (100, "22"), (249, "22"), (250, "3"), (5000, "3")]
)
def test_ita_size_code(employees, code):
    assert s.ita_size_code(employees) == code


def test_ita_columns_and_characters():
    assert s.ITA_300A_COLUMNS[:10] == (
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
    )
    assert s.ITA_300A_COLUMNS[10:15] == (
        "establishment_type",
        "year_filing_for",
        "annual_average_employees",
        "total_hours_worked",
        "no_injuries_illnesses",
    )
    assert s.ITA_300A_COLUMNS[-1] == "total_other_illnesses"
    assert len(s.ITA_300A_COLUMNS) == len(set(s.ITA_300A_COLUMNS)) == 27
    assert sorted(s.ITA_FORBIDDEN_CHARS) == sorted("()~@#$%^&*?/\\!")
    assert s.ita_forbidden_in("Acme (North) #2 / #3") == "()#/"
    assert s.ita_forbidden_in("Acme North Plant 2") == ""
