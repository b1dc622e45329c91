"""Rotating sign-in codes: the QR code on a screen and the short code typed beside it, for anything people sign in
to in person (a training session, a pre-shift briefing).

A static QR code (or a code printed beside it) lets anyone sign in from a photo sent by a colleague, so the code is
derived from the record's secret and the time (an HMAC of the time step, like TOTP): the QR code changes every
30 seconds, the typed fallback every 5 minutes, and each accepts the step before it too (a phone's clock, a slow
scan). Each record keeps its own random secret (`new_secret`), so one record's code opens no other.
"""

from __future__ import annotations

import datetime
import hashlib
import hmac
import secrets

__all__ = [
    "QR_STEP_SECONDS",
    "TYPED_STEP_SECONDS",
    "new_secret",
    "qr_code",
    "typed_code",
    "accepts_qr",
    "accepts_typed",
    "seconds_to_next_step",
]

QR_STEP_SECONDS = 30
TYPED_STEP_SECONDS = 300
_QR_LENGTH = 12  # hex digits: 48 bits, not guessable within the minute a code lives
_TYPED_DIGITS = 6


def new_secret() -> str:
    return secrets.token_hex(16)


def _step(moment: datetime.datetime, seconds: int) -> int:
    return int(moment.timestamp()) // seconds


def _mac(secret: str, purpose: str, step: int) -> str:
    return hmac.new(secret.encode(), f"{purpose}:{step}".encode(), hashlib.sha256).hexdigest()


def _qr_at(secret: str, step: int) -> str:
    return _mac(secret, "qr", step)[:_QR_LENGTH]


def _typed_at(secret: str, step: int) -> str:
    return f"{int(_mac(secret, 'typed', step), 16) % 10**_TYPED_DIGITS:0{_TYPED_DIGITS}d}"


def qr_code(secret: str, now: datetime.datetime) -> str:
    return _qr_at(secret, _step(now, QR_STEP_SECONDS))


def typed_code(secret: str, now: datetime.datetime) -> str:
    return _typed_at(secret, _step(now, TYPED_STEP_SECONDS))


def _accepts(make, secret: str, code, now: datetime.datetime, seconds: int, length: int) -> bool:
    if not isinstance(code, str) or len(code) != length:
        return False
    step = _step(now, seconds)
    return any(hmac.compare_digest(make(secret, s), code) for s in (step, step - 1))


def accepts_qr(secret: str, code, now: datetime.datetime) -> bool:
    return _accepts(_qr_at, secret, code, now, QR_STEP_SECONDS, _QR_LENGTH)


def accepts_typed(secret: str, code, now: datetime.datetime) -> bool:
    return _accepts(_typed_at, secret, code, now, TYPED_STEP_SECONDS, _TYPED_DIGITS)


def seconds_to_next_step(now: datetime.datetime, seconds: int = QR_STEP_SECONDS) -> int:
    """How long the code shown now stays the newest: the page refreshes the QR code then."""
    return seconds - int(now.timestamp()) % seconds
