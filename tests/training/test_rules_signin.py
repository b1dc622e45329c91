"""The session sign-in rules (training.rules.signin): rotating codes, the window, late, minutes present."""

from __future__ import annotations

import datetime

import pytest

from zeroharm.training.rules import signin

UTC = datetime.UTC
START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
END = datetime.datetime(2026, 3, 2, 11, 0, tzinfo=UTC)
SECRET = "0123456789abcdef0123456789abcdef"


def at(minutes: float) -> datetime.datetime:
    return START + datetime.timedelta(minutes=minutes)


def test_the_qr_code_of_now_and_of_the_step_before_are_accepted():
    now = at(5)
    assert signin.accepts_qr(SECRET, signin.qr_code(SECRET, now), now)
    assert signin.accepts_qr(SECRET, signin.qr_code(SECRET, now - datetime.timedelta(seconds=30)), now)


def test_a_photo_of_the_qr_code_is_useless_a_minute_later():
    photo = signin.qr_code(SECRET, at(5))
    assert not signin.accepts_qr(SECRET, photo, at(6.01))
    assert not signin.accepts_qr(SECRET, photo, at(20))


def test_the_qr_code_rotates_every_30_seconds_and_depends_on_the_secret():
    assert signin.qr_code(SECRET, at(5)) != signin.qr_code(SECRET, at(5.5))
    assert signin.qr_code(SECRET, at(5)) != signin.qr_code("f" * 32, at(5))


def test_the_typed_code_is_six_digits_valid_for_five_minutes_and_the_five_before():
    code = signin.typed_code(SECRET, at(1))
    assert len(code) == 6 and code.isdigit()
    assert signin.accepts_typed(SECRET, code, at(9))  # the next step accepts the previous one
    assert not signin.accepts_typed(SECRET, code, at(11))


@pytest.mark.parametrize("code", ["", "12345", "abcdef", "1234567", None, "0" * 200])
def test_odd_codes_are_refused(code):
    assert not signin.accepts_qr(SECRET, code, at(1))
    assert not signin.accepts_typed(SECRET, code, at(1))


@pytest.mark.parametrize(
    ("minutes", "open_"),
    [(-31, False), (-30, True), (0, True), (119, True), (120, True), (120.1, False)],
)
def test_the_window_is_from_30_minutes_before_the_start_to_the_end(minutes, open_):
    assert signin.in_window(START, END, at(minutes)) is open_


@pytest.mark.parametrize(("minutes", "late"), [(-20, False), (10, False), (10.5, True), (60, True)])
def test_late_is_arriving_after_the_start_and_the_late_minutes(minutes, late):
    assert signin.is_late(START, 10, at(minutes)) is late


# (arrived, left) in minutes from the start of a 9:00–11:00 session → minutes present
MINUTES_PRESENT = [
    ((0, 120), 120),  # the whole session
    ((-25, None), 120),  # came early, never signed out: the end counts, the time before the start does not
    ((15, None), 105),  # late arrival, no sign-out
    ((0, 45), 45),  # early leave
    ((20, 80), 60),  # late and early
    ((-10, 200), 120),  # left after the end: clipped to the window
    ((90, 30), 0),  # an impossible pair counts nothing
    ((None, None), 0),  # never arrived
    ((130, None), 0),  # after the end
    ((0.5, 59.9), 59),  # whole minutes, rounded down
]


@pytest.mark.parametrize(("times", "expected"), MINUTES_PRESENT)
def test_minutes_present_on_a_table_of_cases(times, expected):
    arrived, left = (None if t is None else at(t) for t in times)
    assert signin.minutes_present(arrived, left, START, END) == expected
