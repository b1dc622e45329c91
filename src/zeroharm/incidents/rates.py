"""Injury rates of OSHA (200,000-hour base) and GB 6441 (per 1,000 workers, per 10⁶ hours):
docs/standards/osha-recordkeeping.md#incidence-rates,
docs/standards/china-accident-statistics.md#statistical-indicators.

Every rate is computed from **summed counts**: to get the rate of a branch or the group, sum the cases
(or days, or deaths) and sum the hours (or the average workforce) of the units below it, then divide.
Never average the child rates — a small workshop with one case in 5,000 hours would weigh as much as a
large one.

Rates are ``Decimal`` at full precision (28 significant digits); round only for display, half-up to
2 decimals (:func:`display`). A zero or missing denominator makes a rate **undefined**: the functions
return None, never 0.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Context, Decimal
from types import MappingProxyType

from django.utils.translation import gettext_lazy as _

__all__ = [
    "OSHA_BASE_HOURS",
    "MILLION",
    "THOUSAND",
    "trir",
    "dart",
    "ltir",
    "osha_severity",
    "ltifr",
    "per_million",
    "fatality_rate_per_thousand",
    "serious_rate_per_thousand",
    "injury_frequency",
    "severity_rate",
    "average_severity",
    "per_million_tonnes",
    "average_workforce",
    "display",
    "UNDEFINED",
    "COUNT_KEYS",
    "RATE_LABELS",
    "RateSet",
    "rate_set",
]

OSHA_BASE_HOURS = Decimal(200_000)  # 100 full-time workers × 40 h × 50 weeks; the same for small firms
MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1_000)
UNDEFINED = "—"

_CONTEXT = Context(prec=28, rounding=ROUND_HALF_EVEN)  # independent of whatever the thread's context is

Number = int | Decimal | float | str


def _decimal(value: Number) -> Decimal:
    if isinstance(value, bool):
        raise TypeError("a count or an exposure is not a bool")
    if isinstance(value, float):
        return Decimal(repr(value))
    return Decimal(value)


def _rate(numerator: Number, denominator: Number | None, base: Decimal) -> Decimal | None:
    """numerator × base / denominator; None when the denominator is 0 or None."""
    top = _decimal(numerator)
    if top < 0:
        raise ValueError(f"a count cannot be negative: {numerator}")
    if denominator is None:
        return None
    bottom = _decimal(denominator)
    if bottom < 0:
        raise ValueError(f"an exposure cannot be negative: {denominator}")
    if bottom == 0:
        return None
    return _CONTEXT.divide(_CONTEXT.multiply(top, base), bottom)


# OSHA (docs/standards/osha-recordkeeping.md#incidence-rates) ----------------------------------------------------------


def trir(cases: Number, hours: Number | None) -> Decimal | None:
    """TRIR / TCIR: recordable cases (G + H + I + J) × 200,000 / hours."""
    return _rate(cases, hours, OSHA_BASE_HOURS)


def dart(cases: Number, hours: Number | None) -> Decimal | None:
    """DART: days-away and restricted cases (H + I) × 200,000 / hours."""
    return _rate(cases, hours, OSHA_BASE_HOURS)


def ltir(cases: Number, hours: Number | None) -> Decimal | None:
    """Lost-time incident rate, here the BLS days-away case rate: H × 200,000 / hours (OSHA defines no LTIR)."""
    return _rate(cases, hours, OSHA_BASE_HOURS)


def osha_severity(days: Number, hours: Number | None) -> Decimal | None:
    """Severity (lost-day) rate: days × 200,000 / hours. Pass K + L (or K alone, and label it so)."""
    return _rate(days, hours, OSHA_BASE_HOURS)


def ltifr(cases: Number, hours: Number | None) -> Decimal | None:
    """Lost-time injury frequency rate: lost-time injuries × 1,000,000 / hours."""
    return _rate(cases, hours, MILLION)


def per_million(count: Number, hours: Number | None) -> Decimal | None:
    """Any count per million hours, e.g. lost days per 10⁶ h."""
    return _rate(count, hours, MILLION)


# GB 6441 (docs/standards/china-accident-statistics.md#statistical-indicators) -----------------------------------------


def fatality_rate_per_thousand(deaths: Number, average_workforce: Number | None) -> Decimal | None:
    """千人死亡率: deaths / average workforce × 10³ (‰)."""
    return _rate(deaths, average_workforce, THOUSAND)


def serious_rate_per_thousand(serious: Number, average_workforce: Number | None) -> Decimal | None:
    """千人重伤率: serious injuries (deaths excluded) / average workforce × 10³ (‰)."""
    return _rate(serious, average_workforce, THOUSAND)


def injury_frequency(injured_persons: Number, hours: Number | None) -> Decimal | None:
    """百万工时伤害率 A: injured persons (轻伤 + 重伤 + 死亡) / actual man-hours × 10⁶."""
    return _rate(injured_persons, hours, MILLION)


def severity_rate(lost_days: Number, hours: Number | None) -> Decimal | None:
    """伤害严重率 B: total lost workdays (death charged 6000) / actual man-hours × 10⁶."""
    return _rate(lost_days, hours, MILLION)


def average_severity(lost_days: Number, injured_persons: Number | None) -> Decimal | None:
    """伤害平均严重率 N: total lost workdays / injured persons (= B / A)."""
    return _rate(lost_days, injured_persons, Decimal(1))


def per_million_tonnes(deaths: Number, tonnes: Number | None) -> Decimal | None:
    """百万吨死亡率: deaths / output in tonnes × 10⁶; not confirmed, see
    docs/standards/china-accident-statistics.md#statistical-indicators."""
    return _rate(deaths, tonnes, MILLION)


def average_workforce(period_averages: list[Number]) -> Decimal | None:
    """The average workforce of a year as the mean of its quarterly (or monthly) averages; None if none."""
    if not period_averages:
        return None
    total = sum((_decimal(value) for value in period_averages), Decimal(0))
    return _CONTEXT.divide(total, Decimal(len(period_averages)))


def display(value: Decimal | float | int | None, places: int = 2) -> str:
    """A rate for people: half-up to ``places`` decimals; "—" when the rate is undefined."""
    if value is None:
        return UNDEFINED
    exponent = Decimal(1).scaleb(-places) if places else Decimal(1)
    return f"{_decimal(value).quantize(exponent, rounding=ROUND_HALF_UP):f}"


# One object for a page ---------------------------------------------------------------------------------------

# The counts :func:`rate_set` reads; any that is missing counts 0, except "lti", which defaults to G + H.
COUNT_KEYS = (
    "G",
    "H",
    "I",
    "J",
    "K",
    "L",  # OSHA 300 totals (cases by column, days away, days restricted)
    "lti",  # lost-time injuries for the LTIFR (fatalities and days-away cases unless given)
    "deaths",
    "serious",
    "minor",  # GB 6441 persons by class
    "lost_days",  # GB 6441 lost workdays, death and permanent total disability charged 6000
)

RATE_LABELS = {
    "trir": _("TRIR (recordable cases per 200,000 h)"),
    "trir_nonfatal": _("Nonfatal recordable cases per 200,000 h (as in BLS tables)"),
    "dart": _("DART (days-away and restricted cases per 200,000 h)"),
    "ltir": _("Lost-time case rate (days-away cases per 200,000 h)"),
    "severity": _("Severity (days away and restricted per 200,000 h)"),
    "ltifr": _("LTIFR (lost-time injuries per 1,000,000 h)"),
    "fatality_per_thousand": _("Fatality rate per 1,000 workers (‰)"),
    "serious_per_thousand": _("Serious-injury rate per 1,000 workers (‰)"),
    "injury_frequency": _("Injury frequency A (injured persons per 1,000,000 h)"),
    "severity_rate": _("Severity rate B (lost workdays per 1,000,000 h)"),
    "average_severity": _("Average severity N (lost workdays per injured person)"),
    "deaths_per_million_tonnes": _("Deaths per million tonnes of output"),
}


@dataclass(frozen=True)
class RateSet:
    """All rates of one scope and period, from its summed counts, hours and average workforce."""

    hours: Decimal | None
    average_workforce: Decimal | None
    counts: Mapping[str, int] = field(repr=False)
    trir: Decimal | None
    trir_nonfatal: Decimal | None
    dart: Decimal | None
    ltir: Decimal | None
    severity: Decimal | None
    ltifr: Decimal | None
    fatality_per_thousand: Decimal | None
    serious_per_thousand: Decimal | None
    injury_frequency: Decimal | None
    severity_rate: Decimal | None
    average_severity: Decimal | None
    deaths_per_million_tonnes: Decimal | None = None

    def rows(self) -> list[tuple[str, str, Decimal | None, str]]:
        """(key, label, value, display) for each rate, in the order of :data:`RATE_LABELS`."""
        return [(key, label, getattr(self, key), display(getattr(self, key))) for key, label in RATE_LABELS.items()]


def rate_set(
    counts: Mapping[str, int], hours: Number | None, average_workforce: Number | None, *, tonnes: Number | None = None
) -> RateSet:
    """Every rate of :data:`RATE_LABELS` from summed ``counts`` (keys in :data:`COUNT_KEYS`), hours worked,
    the average workforce and, for mining-style output rates, the output in tonnes."""
    unknown = set(counts) - set(COUNT_KEYS)
    if unknown:
        raise ValueError(f"unknown count keys: {sorted(unknown)}")
    c = {key: counts.get(key, 0) for key in COUNT_KEYS}
    if "lti" not in counts:
        c["lti"] = c["G"] + c["H"]
    injured = c["deaths"] + c["serious"] + c["minor"]
    return RateSet(
        hours=None if hours is None else _decimal(hours),
        average_workforce=None if average_workforce is None else _decimal(average_workforce),
        counts=MappingProxyType(c),
        trir=trir(c["G"] + c["H"] + c["I"] + c["J"], hours),
        trir_nonfatal=trir(c["H"] + c["I"] + c["J"], hours),
        dart=dart(c["H"] + c["I"], hours),
        ltir=ltir(c["H"], hours),
        severity=osha_severity(c["K"] + c["L"], hours),
        ltifr=ltifr(c["lti"], hours),
        fatality_per_thousand=fatality_rate_per_thousand(c["deaths"], average_workforce),
        serious_per_thousand=serious_rate_per_thousand(c["serious"], average_workforce),
        injury_frequency=injury_frequency(injured, hours),
        severity_rate=severity_rate(c["lost_days"], hours),
        average_severity=average_severity(c["lost_days"], injured),
        deaths_per_million_tonnes=None if tonnes is None else per_million_tonnes(c["deaths"], tonnes),
    )
