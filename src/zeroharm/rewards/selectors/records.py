"""Reads of rewards and penalties: one record's evidence with links, what a person has to acknowledge, and a
person's safety record on one page (training and certificates through training's selectors, violations through
teams' selectors, and their rewards and penalties)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType

from zeroharm.core.evidence import evidence_kinds
from zeroharm.core.roles import Action
from zeroharm.core.scoping import user_scope
from zeroharm.org.models import Person
from zeroharm.rewards.choices import State
from zeroharm.rewards.models import RewardPenalty
from zeroharm.teams.selectors.observations import violations_of
from zeroharm.training.selectors.archive import person_archive
from zeroharm.training.selectors.people import may_see_training_of

__all__ = ["Cited", "evidence_of", "mine", "people_visible_to", "may_read_safety_record", "safety_record"]


@dataclass(frozen=True)
class Cited:
    kind: str
    text: str
    url: str


def evidence_of(record: RewardPenalty) -> list[Cited]:
    """The evidence of a record, each with its kind's label and the address of the record cited (no query per row:
    the address is built from the id; the page it leads to checks the reader's scope)."""
    rows = []
    for evidence in record.evidence.all():
        kind = evidence_kinds.get(evidence.kind)
        model = ContentType.objects.get_for_id(evidence.content_type_id).model_class()
        url = model(pk=evidence.object_id).get_absolute_url() if hasattr(model, "get_absolute_url") else ""
        rows.append(Cited(str(kind.label) if kind else evidence.kind, evidence.text, url))
    return rows


def mine(user) -> list[RewardPenalty]:
    """What the user has been decided (or, as a unit's principal person, their unit): to acknowledge first."""
    qs = RewardPenalty.objects.filter(RewardPenalty.scope_own_q(user), is_archived=False)
    rows = list(
        qs.filter(state__in=[State.APPROVED, State.RECORDED])
        .select_related("person", "unit")
        .prefetch_related("evidence")
        .order_by("-decided_on", "-id")[:50]
    )
    return sorted(rows, key=lambda r: r.state != State.APPROVED)


def people_visible_to(user):
    """People whose safety record `user` may read: those of the units they reach in "rewards", or themselves."""
    scope = user_scope(user, "rewards", Action.VIEW)
    if scope.empty:
        return Person.objects.none()
    return Person.objects.filter(Person.scope_q(user, Action.VIEW, scope))


def may_read_safety_record(user, person: Person) -> bool:
    """What `people_visible_to` says of one person, decided from the user's scope in memory (no query): a person of
    a unit they reach in "rewards", or themselves."""
    scope = user_scope(user, "rewards", Action.VIEW)
    if scope.empty:
        return False
    if scope.unrestricted or any(person.unit.path.startswith(path) for path in scope.paths):
        return True
    return scope.own and person.user_id == user.pk


def safety_record(person: Person, user) -> dict:
    """A person's safety record: each part read by the app that keeps it, each as far as `user` may see it."""
    training = person_archive(person) if may_see_training_of(user, person) else None
    rewards = list(
        RewardPenalty.objects.visible_to(user, Action.VIEW)
        .filter(person=person, is_archived=False)
        .exclude(state=State.REJECTED)
        .order_by("-decided_on", "-id")
    )
    return {
        "training": training,
        "violations": violations_of(person, user),
        "rewards": rewards,
    }
