"""The agreements a person signs, for "My responsibilities": those they are party B of (a team member at the team →
post level, or the first leader of the recipient unit) and those they sign as party A's first leader, this year and
last, each in its latest revision, those waiting for their signature first."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from zeroharm.responsibility.choices import AgreementStatus
from zeroharm.responsibility.models import Agreement

__all__ = ["MyAgreement", "agreements_signed_by"]


@dataclass(frozen=True)
class MyAgreement:
    agreement: Agreement
    party: str  # "a" or "b"

    @property
    def my_signature(self):
        return self.agreement.party_a_signature if self.party == "a" else self.agreement.party_b_signature

    @property
    def to_sign(self) -> bool:
        return self.agreement.status == AgreementStatus.SENT and self.my_signature is None


def agreements_signed_by(person, year: int) -> list[MyAgreement]:
    """In two queries at most: the agreements of `year` and the year before where `person` signs."""
    if person is None:
        return []
    as_b = Q(recipient_person=person) | Q(recipient__principal=person, recipient_person__isnull=True)
    found = (
        Agreement.objects.filter(as_b | Q(issuer__principal=person), year__in=(year, year - 1), is_archived=False)
        .exclude(status=AgreementStatus.DRAFTED)
        .select_related("issuer", "recipient", "recipient_person", "party_a_signature", "party_b_signature")
        .order_by("-year", "recipient__path", "recipient_person_id", "-revision")
    )
    latest: dict[tuple, Agreement] = {}
    for agreement in found:
        latest.setdefault((agreement.year, agreement.recipient_id, agreement.recipient_person_id), agreement)
    mine = []
    for agreement in latest.values():
        b_is_me = agreement.recipient_person_id == person.pk or (
            agreement.recipient_person_id is None and agreement.recipient.principal_id == person.pk
        )
        mine.append(MyAgreement(agreement, "b" if b_is_me else "a"))
    return sorted(mine, key=lambda m: not m.to_sign)
