"""Every date vector of docs/standards/training.md (STANDARDS §7, §10, §11.8, §11.9)."""

import datetime as dt

import pytest

from zeroharm.training.rules.dates import (
    add_months,
    away_long_enough,
    fixed_term_dates,
    special_equipment_dates,
    special_operation_dates,
)

D = dt.date


@pytest.mark.parametrize(
    ("issued", "review_due", "apply_from", "valid_until"),
    [
        (D(2024, 5, 10), D(2027, 5, 10), D(2027, 3, 11), D(2030, 5, 10)),  # TV11-1 (and §7's vector)
        (D(2024, 2, 29), D(2027, 2, 28), D(2026, 12, 30), D(2030, 2, 28)),  # TV11-2: no 29 February in 2027
        (D(2023, 12, 31), D(2026, 12, 31), D(2026, 11, 1), D(2029, 12, 31)),  # TV11-3
    ],
)
def test_special_operation_certificate_dates(issued, review_due, apply_from, valid_until):
    dates = special_operation_dates(issued)
    assert (dates.review_due, dates.apply_from, dates.valid_until) == (review_due, apply_from, valid_until)


def test_extended_review_is_due_at_six_years_from_the_issue_date():
    dates = special_operation_dates(D(2024, 2, 29), extended_review=True)
    assert dates.review_due == dates.valid_until == D(2030, 2, 28)


@pytest.mark.parametrize(
    ("issued", "expires", "apply_by"),
    [
        (D(2024, 5, 10), D(2028, 5, 10), D(2028, 4, 10)),
        (D(2024, 2, 29), D(2028, 2, 29), D(2028, 1, 29)),  # 2028 is a leap year
        (D(2023, 3, 31), D(2027, 3, 31), D(2027, 2, 28)),  # month-end clamp counting backwards
    ],
)
def test_special_equipment_certificate_dates(issued, expires, apply_by):
    dates = special_equipment_dates(issued)
    assert (dates.valid_until, dates.apply_from) == (expires, apply_by)


def test_dates_are_computed_from_the_issue_date_not_chained():
    # 29 Feb + 3y = 28 Feb 2027; chaining another 3y onto that would give 28 Feb 2030 as well, but +1y chained
    # four times from 29 Feb 2024 gives 28 Feb 2028 where the rule gives 29 Feb 2028.
    chained = D(2024, 2, 29)
    for _ in range(4):
        chained = add_months(chained, 12)
    assert chained == D(2028, 2, 28)
    assert special_equipment_dates(D(2024, 2, 29)).valid_until == D(2028, 2, 29)


def test_fixed_term_certificate():
    dates = fixed_term_dates(D(2025, 8, 31), 3)
    assert (dates.valid_until, dates.apply_from) == (D(2028, 8, 31), D(2028, 7, 2))


@pytest.mark.parametrize(
    ("away_from", "returned_on", "months", "retrain"),
    [
        (D(2025, 3, 1), D(2026, 3, 2), 12, True),  # TV10-5
        (D(2025, 3, 3), D(2026, 3, 2), 12, False),  # TV10-6: under a year by Order 3 …
        (D(2025, 3, 3), D(2026, 3, 2), 6, True),  # … but a 6-month local rule (10.8) requires it
        (D(2024, 2, 29), D(2025, 2, 28), 12, True),  # the year ends on the month's last day (Art. 202)
        (D(2024, 2, 29), D(2025, 2, 27), 12, False),
    ],
)
def test_absence_triggers_retraining(away_from, returned_on, months, retrain):
    assert away_long_enough(away_from, returned_on, months) is retrain


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2024, 1, 31), 1, D(2024, 2, 29)),
        (D(2023, 1, 31), 1, D(2023, 2, 28)),
        (D(2024, 3, 31), -1, D(2024, 2, 29)),
        (D(2024, 12, 15), 1, D(2025, 1, 15)),
        (D(2025, 1, 15), -1, D(2024, 12, 15)),
        (D(2024, 8, 31), -6, D(2024, 2, 29)),
    ],
)
def test_add_months_across_month_and_year_ends(day, months, expected):
    assert add_months(day, months) == expected
