"""THE evidence a record rests on: the records of other domains a decision points at (a reward or penalty rests on
an incident, a verified violation, a hidden danger…), picked by the user among the records they may see.

Each domain app registers the kinds of record it offers as evidence in its `hooks.py` (`register_evidence_kind`):
the model, a label, and which of its records count (its scoped queryset, narrowed: only violations among
observations). A deciding app stores what was picked generically (content type and id) and asks here both what a user
may pick (`choosable_evidence`) and whether what they posted is among it (`resolve_evidence`, refused otherwise): it
never imports the domain that owns the record."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from zeroharm.core.roles import Action

__all__ = ["EvidenceKind", "register_evidence_kind", "evidence_kinds", "choosable_evidence", "resolve_evidence"]


@dataclass(frozen=True)
class EvidenceKind:
    """`key` names the kind ("hazards.hidden_danger"); `narrow(queryset)` keeps the records that count as evidence
    among those the user may see (`Model.objects.visible_to(user, VIEW)`); `describe(record)` is its one-line text."""

    key: str
    model_label: str
    label: str
    narrow: Callable[[QuerySet], QuerySet] | None = None
    describe: Callable[[object], str] = str
    order_by: tuple[str, ...] = ("-pk",)
    related: tuple[str, ...] = ()  # what its text reads (select_related), so a list of choices is one query

    @property
    def model(self):
        return apps.get_model(self.model_label)


evidence_kinds: dict[str, EvidenceKind] = {}


def register_evidence_kind(kind: EvidenceKind) -> EvidenceKind:
    evidence_kinds[kind.key] = kind
    return kind


def choosable_evidence(user, key: str) -> QuerySet:
    """The records of kind `key` that `user` may point at: those they see, narrowed by the kind."""
    kind = evidence_kinds[key]
    queryset = kind.model.objects.visible_to(user, Action.VIEW)
    queryset = (kind.narrow(queryset) if kind.narrow else queryset).order_by(*kind.order_by)
    return queryset.select_related(*kind.related) if kind.related else queryset


def resolve_evidence(user, picked: list[tuple[str, int]]) -> list[tuple[EvidenceKind, object]]:
    """Each (kind, id) posted, as the record itself; refused (ValidationError) for an unknown kind or a record the
    user may not see or that does not count as evidence. `user` None: a rule of the system (it sees every record)."""
    found = []
    for key, pk in picked:
        kind = evidence_kinds.get(key)
        if kind is None:
            raise ValidationError({"evidence": _("Unknown kind of evidence.")})
        queryset = kind.model.objects.all() if user is None else choosable_evidence(user, key)
        if user is None and kind.narrow:
            queryset = kind.narrow(queryset)
        record = queryset.filter(pk=pk).first()
        if record is None:
            raise ValidationError(
                {
                    "evidence": _("%(kind)s %(id)s is not among the records you may cite.")
                    % {"kind": kind.label, "id": pk}
                }
            )
        found.append((kind, record))
    return found
