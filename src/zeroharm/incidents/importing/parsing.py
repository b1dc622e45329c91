"""Reading one value of a row: counts, money, a GB 6441 category (dates: `core.imports.dates`); a value that cannot
be read raises `core.imports.dates.ValueRefused`."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from zeroharm.core.imports.dates import ValueRefused

__all__ = [
    "parse_count",
    "parse_days",
    "parse_money",
    "parse_category",
    "choice_lookup",
    "MAX_PEOPLE_PER_ROW",
    "OIICS_CODE",
]

MAX_PEOPLE_PER_ROW = 100  # a larger count is a wrong column, not a real accident
MAX_DAYS = 6000  # GB 6441 charges a death 6,000 days: more days away is a wrong column


_WHOLE = re.compile(r"^-?\d+(\.0*)?$")


def _whole(text: str) -> int:
    """A whole number of something: "1", "1.00", "1,200", blank (0); never negative."""
    text = text.strip()
    if not text:
        return 0
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation as exc:
        raise ValueRefused(_("is not a number")) from exc
    if value < 0:
        raise ValueRefused(_("is negative; a count cannot be"))
    if value != value.to_integral_value() or not _WHOLE.match(text.replace(",", "")):
        raise ValueRefused(_("is not a whole number"))
    return int(value)


def parse_count(text: str) -> int:
    """A number of people: "1", "1.00", blank (0)."""
    value = _whole(text)
    if value > MAX_PEOPLE_PER_ROW:
        raise ValueRefused(
            _("is more than %(n)s people in one incident; is it the right column?") % {"n": MAX_PEOPLE_PER_ROW}
        )
    return value


def parse_days(text: str) -> int:
    """A number of days away from work: "30", blank (0)."""
    value = _whole(text)
    if value > MAX_DAYS:
        raise ValueRefused(_("is more than %(n)s days; is it the right column?") % {"n": MAX_DAYS})
    return value


_MONEY_NOISE = re.compile(r"[\s¥￥$]|CNY|RMB|元", re.IGNORECASE)
_MONEY = re.compile(r"^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?$")


def parse_money(text: str) -> Decimal:
    text = _MONEY_NOISE.sub("", text)
    if not text:
        return Decimal("0")
    if not _MONEY.match(text):
        raise ValueRefused(_("is not an amount of money"))
    value = Decimal(text.replace(",", ""))
    if value < 0:
        raise ValueRefused(_("is negative; a loss cannot be"))
    value = value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    if value >= Decimal("1e12"):
        raise ValueRefused(_("is too large"))
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
    raise ValueRefused(_("is not a GB 6441 accident category (a code 01–20 or its name)"))


OIICS_CODE = re.compile(r"^\d{1,6}(\.0)?$")
