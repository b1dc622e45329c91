"""OSHA and GB 6441 rates: every vector of docs/standards/osha-recordkeeping.md#incidence-rates and the four indicator
vectors of docs/standards/china-accident-statistics.md#statistical-indicators. No database."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from zeroharm.incidents import rates

D = Decimal


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- docs/standards/osha-recordkeeping.md#incidence-rates (200,000-hour base and per million hours) -------------------


@pytest.mark.parametrize(
    "function,count,hours,shown",
    [
        (rates.trir, 3, 180_000, "3.33"),  # 3 recordables
        (rates.dart, 2, 180_000, "2.22"),  # 1 H + 1 I
        (rates.ltir, 1, 180_000, "1.11"),  # 1 H case
        (rates.osha_severity, 20, 180_000, "22.22"),  # K + L = 20 days
        (rates.dart, 5, 100_000, "10.00"),  # OSHAcademy
        (rates.trir, 10, 100_000, "20.00"),  # OSHAcademy (TCIR)
        (rates.ltifr, 5, 504_914, "9.90"),  # bloghse
        (rates.per_million, 10, 504_914, "19.81"),  # lost-time severity per 10⁶ h; the source truncates to 19.80
    ],
)
def test_osha_rate_vectors(function, count, hours, shown):
    value = function(count, hours)
    assert isinstance(value, Decimal)
    assert rates.display(value) == shown


@pytest.mark.parametrize(
    "function",
    [
        rates.trir,
        rates.dart,
        rates.ltir,
        rates.osha_severity,
        rates.ltifr,
        rates.per_million,
        rates.injury_frequency,
        rates.severity_rate,
        rates.fatality_rate_per_thousand,
        rates.serious_rate_per_thousand,
        rates.average_severity,
        rates.per_million_tonnes,
    ],
)
@pytest.mark.parametrize("denominator", [0, None, D("0.00")])
def test_zero_exposure_is_undefined_never_zero(function, denominator):
    assert function(3, denominator) is None
    assert function(0, denominator) is None
    assert rates.display(function(3, denominator)) == "—"


def test_full_precision_and_half_up_only_for_display():
    assert rates.trir(3, 180_000) == D(10) / D(3)  # 3.333… at 28 digits, not 3.33
    assert rates.per_million(10, 504_914) > D("19.805")  # would show 19.80 if truncated
    assert rates.display(D("2.345")) == "2.35"  # half-up, where half-even would give 2.34
    assert rates.display(D("2.335")) == "2.34"
    assert rates.display(D("2.5"), places=0) == "3"
    assert rates.display(0.125) == "0.13"  # a float is read as written, not as its binary value
    assert rates.display(D(0)) == "0.00"  # a real zero rate (cases 0, hours > 0) shows 0
    assert rates.trir(0, 180_000) == D(0)


def test_inputs_of_several_types_and_errors():
    assert rates.trir(3, D("180000")) == rates.trir(3, 180_000.0) == rates.trir(3, "180000")
    with pytest.raises(ValueError):
        rates.trir(-1, 1000)
    with pytest.raises(ValueError):
        rates.trir(1, -1000)
    with pytest.raises(TypeError):
        rates.trir(True, 1000)


def test_aggregation_sums_cases_and_hours():
    # a small workshop (1 case, 10,000 h) and a large one (1 case, 190,000 h)
    children = [(1, 10_000), (1, 190_000)]
    summed = rates.trir(sum(c for c, _ in children), sum(h for _, h in children))
    averaged = sum(rates.trir(c, h) for c, h in children) / len(children)
    assert rates.display(summed) == "2.00"
    assert rates.display(averaged) == "10.53"  # what averaging the child rates would wrongly give


# --- GB 6441 indicators (docs/standards/china-accident-statistics.md#statistical-indicators) --------------------------


def test_fatality_rate_per_thousand_vector():
    workforce = rates.average_workforce([3221, 3276, 3305, 3198])  # quarterly averages
    assert workforce == D(3250)
    assert rates.display(rates.fatality_rate_per_thousand(1, workforce)) == "0.31"


def test_serious_rate_per_thousand_vector():
    assert rates.display(rates.serious_rate_per_thousand(2, 800)) == "2.50"


def test_injury_frequency_severity_and_average_severity_vector():
    # 5 injured (1 death + 1 serious + 3 minor), 6,300 lost days of which 6,000 the death charge, 1.2 M man-hours
    injured, lost_days, hours = 1 + 1 + 3, 6000 + 300, 1_200_000
    a = rates.injury_frequency(injured, hours)
    b = rates.severity_rate(lost_days, hours)
    n = rates.average_severity(lost_days, injured)
    assert (rates.display(a), rates.display(b), rates.display(n)) == ("4.17", "5250.00", "1260.00")
    assert rates.display(b / a) == rates.display(n)  # N = B / A


def test_deaths_per_million_tonnes_vector():
    assert rates.display(rates.per_million_tonnes(1, 2_500_000)) == "0.40"


def test_average_workforce_of_nothing_is_undefined():
    assert rates.average_workforce([]) is None


# --- RateSet --------------------------------------------------------------------------------------------------------


def test_rate_set_from_summed_counts():
    counts = {"G": 0, "H": 1, "I": 1, "J": 1, "K": 12, "L": 8, "deaths": 1, "serious": 1, "minor": 3, "lost_days": 6300}
    result = rates.rate_set(counts, 180_000, 800)
    shown = {key: text for key, _label, _value, text in result.rows()}
    assert shown["trir"] == "3.33"
    assert shown["trir_nonfatal"] == "3.33"
    assert shown["dart"] == "2.22"
    assert shown["ltir"] == "1.11"
    assert shown["severity"] == "22.22"
    assert shown["ltifr"] == "5.56"  # lti defaults to G + H = 1 → 1 × 10⁶ / 180,000
    assert shown["fatality_per_thousand"] == "1.25"
    assert shown["serious_per_thousand"] == "1.25"
    assert shown["injury_frequency"] == "27.78"  # 5 injured persons per 10⁶ h
    assert shown["severity_rate"] == "35000.00"
    assert shown["average_severity"] == "1260.00"
    assert shown["deaths_per_million_tonnes"] == "—"  # no output given
    assert len(result.rows()) == len(rates.RATE_LABELS) == 12
    assert result.hours == D(180_000) and result.average_workforce == D(800)
    assert str(result.rows()[0][1]) == "TRIR (recordable cases per 200,000 h)"


def test_rate_set_undefined_and_overrides():
    result = rates.rate_set({"G": 1, "H": 2, "lti": 5}, 0, None, tonnes=2_500_000)
    assert result.trir is None and result.ltifr is None and result.fatality_per_thousand is None
    assert result.counts["lti"] == 5
    assert result.deaths_per_million_tonnes == D(0)  # "deaths" (GB) not given: 0 deaths per tonne
    assert rates.rate_set({}, 100_000, 10).trir == D(0)
    assert rates.rate_set({}, 100_000, 10).average_severity is None  # no injured person: undefined
    with pytest.raises(ValueError):
        rates.rate_set({"recordables": 3}, 100_000, 10)
