"""Dates as people write them, read in the order the file writes them (core.imports.dates): no silent swap of day
and month, a column that cannot tell them apart is named, and times in the usual spellings, HHMM included."""

from __future__ import annotations

import datetime
import re

import pytest

from zeroharm.core.imports import ImportFileError
from zeroharm.core.imports.dates import DateOrder, detect_date_order, parse_time, parse_when

SHANGHAI = datetime.timezone(datetime.timedelta(hours=8))
DMY, MDY, YMD, DETECT = DateOrder.DMY, DateOrder.MDY, DateOrder.YMD, DateOrder.DETECT


@pytest.mark.parametrize(
    ("text", "order", "expected"),
    [
        ("03/04/2015", DMY, (2015, 4, 3)),
        ("03/04/2015", MDY, (2015, 3, 4)),
        ("3.4.2015", DMY, (2015, 4, 3)),
        ("03-04-2015", DMY, (2015, 4, 3)),
        ("1/31/2015", MDY, (2015, 1, 31)),
        ("31/1/2015", DETECT, (2015, 1, 31)),
        ("26-MAR-12", DMY, (2012, 3, 26)),
        ("31-Jan-2015", MDY, (2015, 1, 31)),
        ("January 31, 2015", DMY, (2015, 1, 31)),
        ("2015-01-31", MDY, (2015, 1, 31)),
        ("2015/1/31", DMY, (2015, 1, 31)),
        ("20150131", DMY, (2015, 1, 31)),
        ("2015年1月31日", DETECT, (2015, 1, 31)),
        ("15/01/31", YMD, (2015, 1, 31)),
        ("42035", DMY, (2015, 1, 31)),
    ],
)
def test_a_date_in_each_order(text, order, expected):
    moment, unknown = parse_when(text, order=order, tz=SHANGHAI)
    assert moment == datetime.datetime(*expected, 12, 0, tzinfo=SHANGHAI) and unknown


@pytest.mark.parametrize(
    ("text", "order", "why"),
    [
        ("31/01/2015", MDY, "is not a date in the chosen order (month/day/year)"),
        ("01/31/2015", DMY, "is not a date in the chosen order (day/month/year)"),
        ("31/01/2015", YMD, "is not a date in the chosen order (year/month/day)"),
        ("03/04/2015", DETECT, "can be read day first or month first: choose the date order"),
        ("31/31/2015", DMY, "is not a date"),
        ("yesterday", DMY, "is not a date"),
        ("2015", DMY, "is not a date"),
        ("2015-02-30", DMY, "is not a date"),
        ("1/1/1850", DMY, "is before 1900"),
    ],
)
def test_what_is_no_date(text, order, why):
    with pytest.raises(ValueError, match=re.escape(why)):
        parse_when(text, order=order, tz=SHANGHAI)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("945", (9, 45)),
        ("1430", (14, 30)),
        ("0", (0, 0)),
        ("30", (0, 30)),
        ("14:30", (14, 30)),
        ("7:05:30", (7, 5, 30)),
        ("2:30 PM", (14, 30)),
        ("2:30pm", (14, 30)),
        ("12:10 a.m.", (0, 10)),
        ("12 PM", (12, 0)),
        ("11 am", (11, 0)),
        ("14时30分", (14, 30)),
        ("0.75", (18, 0)),
        ("14:30:00", (14, 30)),
    ],
)
def test_times_of_day(text, expected):
    assert parse_time(text) == (datetime.time(*expected), False)


@pytest.mark.parametrize("text", ["9999", "2460", "13:00 PM", "25:00", "noon", "14"[:0] + "7.5"])
def test_what_is_no_time(text):
    with pytest.raises(ValueError, match="is not a time of day"):
        parse_time(text)


def test_a_date_with_its_time_in_the_cell_or_in_its_own_column():
    def when(*args, order=DMY):
        return parse_when(*args, order=order, tz=SHANGHAI)

    assert when("03/04/2015 14:30") == (datetime.datetime(2015, 4, 3, 14, 30, tzinfo=SHANGHAI), False)
    assert when("1/31/2015 2:30 PM", order=MDY) == (datetime.datetime(2015, 1, 31, 14, 30, tzinfo=SHANGHAI), False)
    assert when("2015年1月31日 14时30分")[0] == datetime.datetime(2015, 1, 31, 14, 30, tzinfo=SHANGHAI)
    assert when("40982", "945") == (datetime.datetime(2012, 3, 14, 9, 45, tzinfo=SHANGHAI), False)  # MSHA
    assert when("40982", "2400")[0] == datetime.datetime(2012, 3, 15, 0, 0, tzinfo=SHANGHAI)  # the end of the day
    assert when("42035.75") == (datetime.datetime(2015, 1, 31, 18, 0, tzinfo=SHANGHAI), False)
    assert when("2015-01-31T08:15:00+00:00")[0] == datetime.datetime(2015, 1, 31, 16, 15, tzinfo=SHANGHAI)
    with pytest.raises(ValueError, match="time '9999' is not a time of day"):
        when("40982", "9999")


def test_the_order_of_a_column():
    assert detect_date_order(["03/04/2015", "25/04/2015"], column="date") == DMY
    assert detect_date_order(["03/04/2015", "4/25/2015"], column="date") == MDY
    assert detect_date_order(["2015-04-03", "42035", ""], column="date") == YMD
    with pytest.raises(
        ImportFileError,
        match=r"^The dates in column “date” can be read day first or month first "
        r"\(e\.g\. 03/04/2015\): no day is above 12 to tell\. Choose the date "
        r"order\.$",
    ):
        detect_date_order(["03/04/2015", "12/04/2015", "2015-04-25"], column="date")
    with pytest.raises(ImportFileError, match=r"day first \(e\.g\. 25/04/2015\) and month first \(e\.g\. 4/25/2015\)"):
        detect_date_order(["25/04/2015", "4/25/2015"], column="date")
