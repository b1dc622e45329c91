"""The page part that shows a record's rotating sign-in code (core.signin_codes): training sessions, briefings."""

from __future__ import annotations

from django.utils import timezone
from django.views.generic import DetailView

from zeroharm.core import signin_codes
from zeroharm.core.pdf import qr_svg
from zeroharm.core.roles import Action
from zeroharm.core.views import ScopedMixin

__all__ = ["SignInCodeView"]


class SignInCodeView(ScopedMixin, DetailView):
    """The QR code and typed code of this moment for a record people sign in to in person (core.signin_codes), drawn
    for the leader's screen or the projector; the page asks again when the code turns. A subclass says whether
    signing in is open now and which address the QR code holds."""

    action = Action.CHANGE

    def is_open(self, record, now) -> bool:
        raise NotImplementedError

    def address(self, record, code: str) -> str:
        raise NotImplementedError

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        record, now = self.object, timezone.now()
        ctx.update(
            open=self.is_open(record, now),
            qr=qr_svg(self.address(record, signin_codes.qr_code(record.secret, now))),
            typed=signin_codes.typed_code(record.secret, now),
            refresh_in=signin_codes.seconds_to_next_step(now),
        )
        return ctx
