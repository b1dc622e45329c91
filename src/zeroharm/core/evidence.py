"""THE evidence a record rests on: the records of other domains a decision points at (a reward or penalty rests on
an incident, a verified violation, a hidden danger…), picked by the user among the records they may see.

Each domain app registers the kinds of record it offers as evidence in its `hooks.py` (`register_evidence_kind`):
the model, a label, and which of its records count (its scoped queryset, narrowed: only violations among
observations). A deciding app stores what was picked generically (content type and id) and asks here both what a user
may pick (`choosable_evidence`, or those of them a text finds: `search_evidence`) and whether what they posted is
among it (`resolve_evidence`, refused otherwise): it never imports the domain that owns the record. A decision about
one unit (a campaign task of a workshop) asks for the records of that unit's subtree only (`within`), so a branch
officer who sees every workshop cannot cite one workshop's drill for another."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from zeroharm.core.roles import Action
from zeroharm.core.scoping import subtree_q

__all__ = [
    "EvidenceKind",
    "register_evidence_kind",
    "evidence_kinds",
    "kinds_cited_by",
    "choosable_evidence",
    "search_evidence",
    "resolve_evidence",
    "CHOICES_SHOWN",
]

CHOICES_SHOWN = 30  # records a search offers at most (the newest when nothing is typed): a list to read, not a page
# Ids kept ticked per kind, at most: a form posts what it likes, and each one is a bound parameter of the query.
KEPT_AT_MOST = 100
SEARCHED_CHARACTERS = 100  # longer text finds nothing more, and every field compares it
# An id as typed, or a record's number as its pages show it ("HD-000123", "INC-000045"); ids fit in 64 bits.
NUMBER = re.compile(r"(?:[A-Za-z]+-)?(\d{1,18})")


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
    # Fields a search reads (icontains), forward paths only so a record matches once; its id is always found.
    search: tuple[str, ...] = ()
    # Which records count, said to a user whose record `narrow` leaves out ("Only a session that was held counts.").
    counts: str = ""
    # The deciding apps that offer it ("campaigns": a drill proves a campaign task, not a reward); empty: every one.
    cited_by: tuple[str, ...] = ()
    # The record's day as a lookup ("found_on", "done_at__date"): asked `during` a period (a campaign's), only the
    # records dated in it count; empty: the kind is not dated, and a period does not narrow it.
    dated: str = ""

    @property
    def model(self):
        return apps.get_model(self.model_label)


evidence_kinds: dict[str, EvidenceKind] = {}


def register_evidence_kind(kind: EvidenceKind) -> EvidenceKind:
    evidence_kinds[kind.key] = kind
    return kind


def kinds_cited_by(app: str) -> dict[str, EvidenceKind]:
    """The kinds the deciding `app` offers, by key, in the order of their keys."""
    return {key: kind for key, kind in sorted(evidence_kinds.items()) if not kind.cited_by or app in kind.cited_by}


def choosable_evidence(user, key: str, *, within=None, during=None) -> QuerySet:
    """The records of kind `key` that `user` may point at: those they see, narrowed by the kind (and, `within` a
    unit, those of its subtree; `during` a (first, last) period, those the kind dates in it)."""
    kind = evidence_kinds[key]
    queryset = kind.model.objects.visible_to(user, Action.VIEW)
    queryset = (kind.narrow(queryset) if kind.narrow else queryset).order_by(*kind.order_by)
    queryset = _during(kind, _within(queryset, within), during)
    return queryset.select_related(*kind.related) if kind.related else queryset


def _within(queryset: QuerySet, unit) -> QuerySet:
    """The records of `unit`'s subtree (by the model's scope unit), or all of them when no unit is given."""
    if unit is None:
        return queryset
    return queryset.filter(subtree_q(unit.path, prefix=f"{queryset.model.scope_unit_field}__"))


def _during(kind: EvidenceKind, queryset: QuerySet, period) -> QuerySet:
    """The records dated within `period` (first, last), or all of them without a period or for an undated kind."""
    if period is None or not kind.dated:
        return queryset
    return queryset.filter(**{f"{kind.dated}__range": period})


def search_evidence(user, key: str, text: str, *, keep: Iterable = (), within=None, during=None) -> list:
    """The records of kind `key` that `user` may point at and `text` finds (in a search field, or as the id or
    number), in the kind's order (the newest first), at most CHOICES_SHOWN; no text: the newest. First come the
    records of `keep` (the ids already ticked), so a search never hides a choice made, and the one whose number is
    typed, which many others may match by their words; those the user may not see are left out like any other."""
    queryset = choosable_evidence(user, key, within=within, during=during)
    text = (text or "").strip()[:SEARCHED_CHARACTERS]
    first = list(dict.fromkeys(_ids(keep) + _number(text)))
    ahead = list(queryset.filter(pk__in=first)) if first else []
    found = queryset.filter(_words(evidence_kinds[key], text))[:CHOICES_SHOWN]
    return ahead + [record for record in found if record.pk not in first]


def _words(kind: EvidenceKind, text: str) -> Q:
    if not text:
        return Q()
    # Q(pk__in=[]) matches nothing: a kind without search fields finds a record by its number only.
    found = Q(pk__in=[])
    for path in kind.search:
        found |= Q(**{f"{path}__icontains": text})
    return found


def _number(text: str) -> list[int]:
    number = NUMBER.fullmatch(text)
    return [int(number.group(1))] if number else []


def _ids(values: Iterable) -> list[int]:
    """The ids among `values` as posted (strings), without what is not one."""
    ids = dict.fromkeys(int(v) for v in map(str, values) if v.isdecimal() and len(v) < 19)
    return list(ids)[:KEPT_AT_MOST]


def resolve_evidence(
    user, picked: list[tuple[str, int]], *, within=None, during=None
) -> list[tuple[EvidenceKind, object]]:
    """Each (kind, id) posted, as the record itself; refused (ValidationError) for an unknown kind or a record the
    user may not see, outside `within`'s subtree or `during`'s period, or that does not count as evidence. `user`
    None: a rule of the system (it sees every record)."""
    found = []
    for key, pk in picked:
        kind = evidence_kinds.get(key)
        if kind is None:
            raise ValidationError({"evidence": _("Unknown kind of evidence.")})
        if user is None:
            queryset = _system_choice(kind, within, during)
        else:
            queryset = choosable_evidence(user, key, within=within, during=during)
        record = queryset.filter(pk=pk).first()
        if record is None:
            raise ValidationError({"evidence": _refusal(user, kind, pk, within, during)})
        found.append((kind, record))
    return found


def _system_choice(kind: EvidenceKind, within, during) -> QuerySet:
    """What a rule of the system may cite: every record that counts (of `within`'s subtree and `during`'s period,
    when given)."""
    records = kind.model.objects.all()
    return _during(kind, _within(kind.narrow(records) if kind.narrow else records, within), during)


def _refusal(user, kind: EvidenceKind, pk, within, during=None) -> str:
    """Why a record was refused, as plainly as the user may be told: one they see is named as outside the unit or
    the period, or as not counting (the kind says what counts); of one they do not see, nothing is said beyond
    that."""
    seen = kind.model.objects.all() if user is None else kind.model.objects.visible_to(user, Action.VIEW)
    about = {"kind": kind.label, "id": pk}
    if seen.filter(pk=pk).exists():
        if within is not None and not _within(seen, within).filter(pk=pk).exists():
            return _("%(kind)s %(id)s is not a record of %(unit)s or a unit under it.") % {**about, "unit": within.name}
        counting = kind.narrow(seen) if kind.narrow else seen
        if kind.counts and not counting.filter(pk=pk).exists():
            return _("%(kind)s %(id)s does not count as evidence. %(counts)s") % {**about, "counts": kind.counts}
        if during is not None and not _during(kind, seen, during).filter(pk=pk).exists():
            first, last = during
            return _("%(kind)s %(id)s is not dated between %(first)s and %(last)s.") % {
                **about,
                "first": first.isoformat(),
                "last": last.isoformat(),
            }
        if kind.counts:
            return _("%(kind)s %(id)s does not count as evidence. %(counts)s") % {**about, "counts": kind.counts}
    return _("%(kind)s %(id)s is not among the records you may cite.") % about
