"""The signing ceremony of a unit's agreements of a year (issue 14, point 5): the pairs of signatories in order,
party A's first leader and each party B's, with each signature as it is made (read again every few seconds by the
big screen), and the signed set for its PDF."""

from __future__ import annotations

from dataclasses import dataclass

from zeroharm.responsibility.choices import AgreementStatus
from zeroharm.responsibility.models import Agreement

__all__ = ["Pair", "ceremony_pairs"]


@dataclass(frozen=True)
class Pair:
    agreement: Agreement

    @property
    def party_a(self):
        return self.agreement.issuer.principal

    @property
    def party_b(self):
        return self.agreement.recipient_person or self.agreement.recipient.principal

    @property
    def signed(self) -> bool:
        return self.agreement.status == AgreementStatus.SIGNED

    @property
    def signatures(self) -> list:
        return [s for s in (self.agreement.party_a_signature, self.agreement.party_b_signature) if s is not None]


def ceremony_pairs(issuer, year: int) -> list[Pair]:
    """Each unit the issuer has an agreement of the year with, in the tree's order, its latest revision; one query."""
    agreements = (
        Agreement.objects.filter(issuer=issuer, year=year, is_archived=False)
        .select_related("issuer__principal", "recipient__principal", "party_a_signature", "party_b_signature")
        .prefetch_related("targets")
        .order_by("recipient__path", "recipient_person__name", "-revision")
    )
    latest: dict[tuple, Agreement] = {}
    for agreement in agreements:  # a team's members each sign their own (team → post)
        latest.setdefault((agreement.recipient_id, agreement.recipient_person_id), agreement)
    return [Pair(agreement) for agreement in latest.values()]
