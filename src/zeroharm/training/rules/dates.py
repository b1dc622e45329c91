"""Certificate and period dates by the Civil Code's rules (docs/standards/training.md#dates).

Art. 202: a period of years or months ends on the corresponding day of the last month, or on that month's last day
when it has none (29 February → 28 February). Every due date is computed from the original issue date, never
chained from another computed date, which would drift after a 29 February. Art. 1259: a certificate is still valid
on its last day. Art. 203's holiday roll-forward is not applied to administrative dates (not confirmed), only flagged.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

__all__ = [
    "add_months",
    "add_years",
    "CertificateDates",
    "special_operation_dates",
    "special_equipment_dates",
    "fixed_term_dates",
    "APPLY_WINDOW_DAYS",
    "away_long_enough",
]

# Order 30 Art. 22: apply within 60 days before the review is due. Our convention: the window opens on due − 60
# calendar days (2027-05-10 → 2027-03-11), i.e. the due day is not day 60 of the window.
APPLY_WINDOW_DAYS = 60


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` plus `months` calendar months, clamped to the month's last day (Civil Code Art. 202)."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def add_years(day: datetime.date, years: int) -> datetime.date:
    return add_months(day, 12 * years)


@dataclass(frozen=True)
class CertificateDates:
    """The dates a certificate's holder and their unit plan by."""

    review_due: datetime.date  # the review (复审) must be passed by this day
    apply_from: datetime.date  # the first day the review may be applied for
    valid_until: datetime.date  # last day of validity (inclusive)


def special_operation_dates(issued: datetime.date, *, extended_review: bool = False) -> CertificateDates:
    """特种作业操作证 (Order 30): valid 6 years, reviewed every 3 (every 6 after ≥ 10 clean years, with consent).

    >>> special_operation_dates(datetime.date(2024, 2, 29))
    CertificateDates(review_due=datetime.date(2027, 2, 28), apply_from=datetime.date(2026, 12, 30), valid_until=datetime.date(2030, 2, 28))
    """  # noqa: E501
    valid_until = add_years(issued, 6)
    review_due = valid_until if extended_review else add_years(issued, 3)
    return CertificateDates(review_due, review_due - datetime.timedelta(days=APPLY_WINDOW_DAYS), valid_until)


def special_equipment_dates(issued: datetime.date) -> CertificateDates:
    """特种设备作业人员证 (TSG Z6001-2019): valid 4 years; apply for review at least one month before expiry.

    Here `apply_from` is the last day to apply (expiry minus one calendar month, clamped: 03-31 → 02-28)."""
    valid_until = add_years(issued, 4)
    return CertificateDates(valid_until, add_months(valid_until, -1), valid_until)


def fixed_term_dates(issued: datetime.date, years: int) -> CertificateDates:
    """Any other certificate: valid for `years`, renewed by its expiry, the renewal window opening 60 days before."""
    valid_until = add_years(issued, years)
    return CertificateDates(valid_until, valid_until - datetime.timedelta(days=APPLY_WINDOW_DAYS), valid_until)


def away_long_enough(away_from: datetime.date, returned_on: datetime.date, threshold_months: int = 12) -> bool:
    """Whether an absence triggers workshop- and team-level retraining (Order 3 Art. 17; ≥ 1 year by default).

    The period ends on the corresponding day (Art. 202): away from 2025-03-01, back on 2026-03-02 → retrain;
    away from 2025-03-03, back on 2026-03-02 → not by Order 3 (a stricter local threshold may say otherwise)."""
    return add_months(away_from, threshold_months) <= returned_on
