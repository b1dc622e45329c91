"""Dates and times as people write them in spreadsheets, read in the order the file writes them.

A date written in numbers only is ambiguous: 03/04/2015 is 3 April in most of the world and 4 March in the US.
So the order is chosen (`DateOrder`), or detected from a whole column by `detect_date_order`: a first part above
12 can only be a day (day first), a second part above 12 only a day too (month first); a column where neither
ever happens cannot be told, and the user is asked to choose rather than have days and months swapped silently.
Year-first dates (2015-01-31, 2015/1/31, 20150131, 2015年1月31日), dates with the month's name (31-Jan-2015,
January 31, 2015), ISO date-times and Excel's serial day numbers are never ambiguous and are read in any order.

Times: 14:30, 14:30:15, 2:30 PM, 2 pm, 14时30分, a four-digit 24-hour clock without colon (945, 1430: the
MSHA files' ACCIDENT_TIME), 24:00 (the end of the day, as in ISO 8601), and an Excel fraction of a day.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from zeroharm.core.imports.reading import ImportFileError

__all__ = [
    "DateOrder",
    "ValueRefused",
    "AmbiguousDateOrder",
    "detect_date_order",
    "parse_date",
    "parse_time",
    "parse_when",
]


class DateOrder(models.TextChoices):
    DETECT = "detect", gettext_lazy("Detect from the file (you are asked when it cannot tell)")
    YMD = "ymd", gettext_lazy("Year first: 2015-01-31, 2015/1/31, 2015年1月31日")
    DMY = "dmy", gettext_lazy("Day first: 31/01/2015, 31.01.2015, 31-01-2015")
    MDY = "mdy", gettext_lazy("Month first (US): 01/31/2015, 1-31-2015")


ORDER_WORDS = {
    DateOrder.YMD: gettext_lazy("year/month/day"),
    DateOrder.DMY: gettext_lazy("day/month/year"),
    DateOrder.MDY: gettext_lazy("month/day/year"),
}


class ValueRefused(ValueError):
    """One value cannot be read; the message says why, as a predicate of the value ("is not a date")."""


class AmbiguousDateOrder(ImportFileError):
    """A column's dates cannot tell day from month, or mix both orders: the user must choose the order."""


EXCEL_EPOCH = datetime.datetime(1899, 12, 30)  # Excel's day 0, with its 1900 leap-year bug folded in
SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2100-01-01: a bare number outside is no date (e.g. a year)
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$")
NUMERIC = re.compile(r"^(\d{1,4})([-/.])(\d{1,2})\2(\d{1,4})(?!\d)")
COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})(?!\d)")
CJK = re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
DAY_NAME_YEAR = re.compile(r"^(\d{1,2})[-\s./]*([A-Za-z]{3,9})\.?[-\s./,]*(\d{4}|\d{2})(?!\d)")
NAME_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?!\d)")
MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}


def _not_a_date() -> ValueRefused:
    return ValueRefused(_("is not a date (e.g. 2015-01-31, 31/01/2015, 2015-01-31 14:30 or an Excel date)"))


#
# The order of a column
#


def detect_date_order(values: Iterable[str], *, column: str) -> str:
    """The order a column's numeric dates are written in (YMD when none is day- or month-first).

    Raises AmbiguousDateOrder when no value has a day above 12 in first or second place, or when both happen.
    """
    day_first = month_first = ambiguous = ""
    for value in values:
        match = NUMERIC.match(value.strip())
        if not match or len(match.group(1)) == 4:
            continue
        first, second = int(match.group(1)), int(match.group(3))
        if first > 12 and second <= 12:
            day_first = day_first or value
        elif second > 12 and first <= 12:
            month_first = month_first or value
        elif first <= 12 and second <= 12:
            ambiguous = ambiguous or value
    if day_first and month_first:
        raise AmbiguousDateOrder(
            _(
                "Column “%(column)s” has dates written day first (e.g. %(day)s) and month first (e.g. %(month)s): "
                "choose the date order; the dates written the other way are then refused."
            )
            % {"column": column, "day": day_first, "month": month_first}
        )
    if day_first or month_first:
        return DateOrder.DMY if day_first else DateOrder.MDY
    if ambiguous:
        raise AmbiguousDateOrder(
            _(
                "The dates in column “%(column)s” can be read day first or month first (e.g. %(example)s): no day is "
                "above 12 to tell. Choose the date order."
            )
            % {"column": column, "example": ambiguous}
        )
    return DateOrder.YMD


#
# One date, one time
#


def _year(text: str) -> int:
    if len(text) == 4:
        return int(text)
    if len(text) != 2:
        raise _not_a_date()
    this_year = datetime.date.today().year  # a two-digit year is the latest one not after this year
    year = this_year - this_year % 100 + int(text)
    return year if year <= this_year else year - 100


def _numeric(match: re.Match, order: str) -> datetime.date:
    a, b, c = match.group(1), match.group(3), match.group(4)
    if len(a) == 4:
        return _date(int(a), int(b), int(c))
    if order == DateOrder.DETECT:
        if int(a) > 12 >= int(b):
            order = DateOrder.DMY
        elif int(b) > 12 >= int(a):
            order = DateOrder.MDY
        else:
            raise ValueRefused(_("can be read day first or month first: choose the date order"))
    if order == DateOrder.YMD:
        if len(c) > 2:
            raise ValueRefused(_("is not a date in the chosen order (%(order)s)") % {"order": ORDER_WORDS[order]})
        return _date(_year(a), int(b), int(c))
    day, month = (a, b) if order == DateOrder.DMY else (b, a)
    try:
        return _date(_year(c), int(month), int(day))
    except ValueRefused:
        if not (1 <= int(day) <= 12 and 1 <= int(month) <= 31):
            raise
        # It would be a date the other way round: say so, rather than only "not a date".
        raise ValueRefused(_("is not a date in the chosen order (%(order)s)") % {"order": ORDER_WORDS[order]}) from None


def _date(year: int, month: int, day: int) -> datetime.date:
    try:
        return datetime.date(year, month, day)
    except ValueError:
        raise _not_a_date() from None


def _named(day: str, name: str, year: str) -> datetime.date:
    month = MONTHS.get(name.lower())
    if month is None:
        raise _not_a_date()
    return _date(_year(year), month, int(day))


def parse_date(text: str, order: str) -> tuple[datetime.date, str]:
    """(the date at the start of `text`, the rest of the text: a time or nothing)."""
    if match := CJK.match(text) or COMPACT.match(text):
        found = _date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    elif match := NUMERIC.match(text):
        found = _numeric(match, order)
    elif match := DAY_NAME_YEAR.match(text):
        found = _named(match.group(1), match.group(2), match.group(3))
    elif match := NAME_DAY_YEAR.match(text):
        found = _named(match.group(2), match.group(1), match.group(3))
    else:
        raise _not_a_date()
    return found, text[match.end() :].strip(" ,T")


CLOCK = re.compile(r"^(\d{1,2})(?::(\d{2}))?(?::(\d{2})(?:\.\d+)?)?\s*(?:([AaPp])\.?\s*[Mm]\.?)?$")
HHMM = re.compile(r"^\d{1,4}$")
CJK_TIME = re.compile(r"^(\d{1,2})\s*[时點点:]\s*(?:(\d{1,2})\s*分?)?$")
DAY_FRACTION = re.compile(r"^0?\.\d+$")


def parse_time(text: str) -> tuple[datetime.time, bool]:
    """(the time of day, whether it is 24:00, the end of the day); `text` must be a time and nothing else."""
    text = text.strip()
    if DAY_FRACTION.match(text):
        seconds = round(float(Decimal(text) * 86400))
        return (datetime.datetime.min + datetime.timedelta(seconds=min(seconds, 86399))).time(), False
    if HHMM.match(text):  # 945, 1430: a 24-hour clock without its colon
        text = text.zfill(4)
        hour, minute, second, meridiem = int(text[:2]), int(text[2:]), 0, ""
    elif match := CLOCK.match(text):
        if match.group(2) is None and not match.group(4):
            raise ValueRefused(_("is not a time of day (e.g. 945, 14:30, 2:30 PM)"))
        hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
        meridiem = (match.group(4) or "").lower()
    elif match := CJK_TIME.match(text):
        hour, minute, second, meridiem = int(match.group(1)), int(match.group(2) or 0), 0, ""
    else:
        raise ValueRefused(_("is not a time of day (e.g. 945, 14:30, 2:30 PM)"))
    if meridiem:
        if not 1 <= hour <= 12:
            raise ValueRefused(_("is not a time of day (e.g. 945, 14:30, 2:30 PM)"))
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if (hour, minute, second) == (24, 0, 0):
        return datetime.time(0, 0), True
    if hour > 23 or minute > 59 or second > 59:
        raise ValueRefused(_("is not a time of day (e.g. 945, 14:30, 2:30 PM)"))
    return datetime.time(hour, minute, second), False


def parse_when(text: str, time_text: str = "", *, order: str, tz) -> tuple[datetime.datetime, bool]:
    """(aware datetime, time_unknown) from a date (and its time, or a time of its own column), or a serial day.

    A date alone lands at local noon with time_unknown=True, so it stays on the right day in every zone and the
    shift is not guessed. Raises ValueRefused, naming the part that cannot be read.
    """
    text = " ".join(text.split())
    moment, date_only = _moment(text, order)
    if time_text.strip():
        try:
            clock, next_day = parse_time(time_text)
        except ValueRefused as exc:
            raise ValueRefused(_("time '%(time)s' %(why)s") % {"time": time_text.strip(), "why": exc}) from None
        moment = datetime.datetime.combine(moment.date(), clock, moment.tzinfo)
        moment += datetime.timedelta(days=next_day)
        date_only = False
    if moment.year < 1900:
        raise ValueRefused(_("is before 1900"))
    if date_only:
        moment = datetime.datetime.combine(moment.date(), datetime.time(12, 0))
    moment = moment.astimezone(tz) if moment.tzinfo else timezone.make_aware(moment, tz)
    return moment, date_only


def _moment(text: str, order: str) -> tuple[datetime.datetime, bool]:
    """(naive or aware datetime, date only) of a date-and-maybe-time cell."""
    if SERIAL.match(text) and SERIAL_RANGE[0] <= float(text) < SERIAL_RANGE[1]:
        days = Decimal(text)
        moment = EXCEL_EPOCH + datetime.timedelta(seconds=round(float(days * 86400)))
        return moment, days == days.to_integral_value()
    if ISO_DATETIME.match(text):
        try:
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00")), False
        except ValueError:
            raise _not_a_date() from None
    day, rest = parse_date(text, order)
    if not rest:
        return datetime.datetime.combine(day, datetime.time()), True
    try:
        clock, next_day = parse_time(rest)
    except ValueRefused:
        raise _not_a_date() from None
    return datetime.datetime.combine(day, clock) + datetime.timedelta(days=next_day), False
