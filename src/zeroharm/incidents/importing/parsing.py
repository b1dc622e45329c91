"""Reading one value of a row: dates, counts, money, a GB 6441 category; a value that cannot be read is `Refused`."""

from __future__ import annotations

import datetime
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from zeroharm.core.imports import DATE_INPUT_FORMATS

__all__ = [
    "Refused",
    "parse_when",
    "parse_count",
    "parse_money",
    "parse_category",
    "choice_lookup",
    "MAX_PEOPLE_PER_ROW",
    "OIICS_CODE",
]

MAX_PEOPLE_PER_ROW = 100  # a larger count is a wrong column, not a real accident


class Refused(ValueError):
    """One value cannot be read; the message says why (the value is named by the caller)."""


_DATE_FORMATS = [*DATE_INPUT_FORMATS, "%Y年%m月%d日"]
_DATETIME_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y.%m.%d %H:%M",
    "%m/%d/%Y %H:%M:%S",
    "%m/%d/%Y %H:%M",
    "%m/%d/%Y %I:%M:%S %p",
    "%m/%d/%Y %I:%M %p",
    "%m/%d/%Y %I:%M%p",
    "%d.%m.%Y %H:%M",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日%H:%M",
    "%Y年%m月%d日%H时%M分",
    "%Y年%m月%d日 %H时%M分",
]
_EXCEL_EPOCH = datetime.datetime(1899, 12, 30)  # Excel's day 0, with its 1900 leap-year bug folded in
_SERIAL = re.compile(r"^\d{5}(\.\d+)?$")
_SERIAL_RANGE = (18264, 73051)  # 1950-01-01 .. 2100-01-01: a bare number outside is no date (e.g. a year)


def parse_when(text: str, *, tz=None) -> tuple[datetime.datetime, bool]:
    """(aware datetime, time_unknown) from a date, a date and time, or an Excel serial day number.

    A date alone lands at local noon with time_unknown=True, so it stays on the right day in every zone
    and the shift is not guessed. US order for slashes (1/2/2015 is 2 January), as the OSHA files.
    """
    tz = tz or timezone.get_current_timezone()
    text = " ".join(text.split())
    moment: datetime.datetime | None = None
    date_only = False
    if _SERIAL.match(text) and _SERIAL_RANGE[0] <= float(text) < _SERIAL_RANGE[1]:
        days = Decimal(text)
        moment = _EXCEL_EPOCH + datetime.timedelta(seconds=round(float(days * 86400)))
        date_only = days == days.to_integral_value()
    if moment is None:
        for fmt in _DATE_FORMATS:
            try:
                moment, date_only = datetime.datetime.strptime(text, fmt), True
                break
            except ValueError:
                continue
    if moment is None:
        try:
            moment = datetime.datetime.fromisoformat(text)
        except ValueError:
            for fmt in _DATETIME_FORMATS:
                try:
                    moment = datetime.datetime.strptime(text, fmt)
                    break
                except ValueError:
                    continue
    if moment is None:
        raise Refused(_("is not a date (e.g. 2015-01-31, 1/31/2015, 2015-01-31 14:30 or an Excel date)"))
    if moment.year < 1900:
        raise Refused(_("is before 1900"))
    if date_only:
        moment = datetime.datetime.combine(moment.date(), datetime.time(12, 0))
    moment = moment.astimezone(tz) if timezone.is_aware(moment) else timezone.make_aware(moment, tz)
    return moment, date_only


_WHOLE = re.compile(r"^-?\d+(\.0*)?$")


def parse_count(text: str) -> int:
    """A number of people: "1", "1.00", blank (0)."""
    text = text.strip()
    if not text:
        return 0
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise Refused(_("is not a number")) from exc
    if value < 0:
        raise Refused(_("is negative; a count cannot be"))
    if value != value.to_integral_value() or not _WHOLE.match(text.replace(",", "")):
        raise Refused(_("is not a whole number"))
    if value > MAX_PEOPLE_PER_ROW:
        raise Refused(
            _("is more than %(n)s people in one incident; is it the right column?") % {"n": MAX_PEOPLE_PER_ROW}
        )
    return int(value)


_MONEY_NOISE = re.compile(r"[\s¥￥$]|CNY|RMB|元", re.IGNORECASE)
_MONEY = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def parse_money(text: str) -> Decimal:
    text = _MONEY_NOISE.sub("", text)
    if not text:
        return Decimal("0")
    if not _MONEY.match(text):
        raise Refused(_("is not an amount of money"))
    value = Decimal(text.replace(",", ""))
    if value < 0:
        raise Refused(_("is negative; a loss cannot be"))
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value >= Decimal("1e12"):
        raise Refused(_("is too large"))
    return value


def choice_lookup(choices) -> dict[str, str]:
    """Stored value and label, in every language of the site, lower-cased → stored value."""
    lookup = {}
    for stored, label in choices:
        lookup[str(stored).lower()] = stored
        for language, _name in settings.LANGUAGES:
            with translation.override(language):
                lookup[str(label).lower()] = stored
    return lookup


_CODE_PREFIX = re.compile(r"^(\d{1,2})(?:\D|$)")


def parse_category(text: str, lookup: dict[str, str]) -> str:
    found = lookup.get(text.lower())
    if found:
        return found
    match = _CODE_PREFIX.match(text)
    if match and 1 <= int(match.group(1)) <= 20:
        return f"{int(match.group(1)):02d}"
    raise Refused(_("is not a GB 6441 accident category (a code 01–20 or its name)"))


OIICS_CODE = re.compile(r"^\d{1,6}(\.0)?$")
