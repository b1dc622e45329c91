"""Whose training a user may see: the people of the units they reach in the training area, or themselves."""

from __future__ import annotations

from zeroharm.core.roles import Action
from zeroharm.core.scoping import user_scope
from zeroharm.org.models import Person

__all__ = ["trainees_visible_to", "may_see_training_of"]


def trainees_visible_to(user, action: str = Action.VIEW):
    """People whose training `user` may see: core.scoping's rule for a person (unit subtree, or their own login)
    applied to the user's reach in the training area rather than in the register of people."""
    scope = user_scope(user, "training", action)
    if scope.empty:
        return Person.objects.none()
    return Person.objects.filter(Person.scope_q(user, action, scope))


def may_see_training_of(user, person) -> bool:
    return trainees_visible_to(user).filter(pk=person.pk).exists()
