"""Drawing a candidate's own paper from an exam's blueprint (pure: no database, so every rule has its test).

A blueprint is counts per question type, optionally narrowed to topics and difficulties:
    {"single": 10, "multiple": 5, "true_false": 10, "short": 0, "topics": ["Fire"], "difficulty": [1, 2]}
A retake prefers the questions the candidate's last attempt did not have, and takes old ones only where a type has
too few fresh questions (Moodle's "avoid previously used" works the same way)."""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.utils.translation import gettext as _

from zeroharm.training.choices import QuestionType

__all__ = ["PoolQuestion", "TYPE_KEYS", "blueprint_errors", "draw", "in_blueprint", "option_order"]

TYPE_KEYS = tuple(QuestionType.values)


@dataclass(frozen=True)
class PoolQuestion:
    id: int
    kind: str
    topic: str
    difficulty: int
    option_count: int


def in_blueprint(question: PoolQuestion, blueprint: dict) -> bool:
    topics, levels = blueprint.get("topics") or [], blueprint.get("difficulty") or []
    return (not topics or question.topic in topics) and (not levels or question.difficulty in levels)


def blueprint_errors(blueprint: dict, pool: list[PoolQuestion]) -> list[str]:
    """What the banks lack for the blueprint: a message per type with fewer questions than it asks for."""
    errors = []
    if not any(int(blueprint.get(kind) or 0) for kind in TYPE_KEYS):
        errors.append(_("Ask for at least one question."))
    for kind in TYPE_KEYS:
        wanted = int(blueprint.get(kind) or 0)
        have = sum(1 for q in pool if q.kind == kind and in_blueprint(q, blueprint))
        if wanted > have:
            errors.append(
                _("%(type)s: %(wanted)s asked for, the banks have %(have)s that fit.")
                % {"type": QuestionType(kind).label, "wanted": wanted, "have": have}
            )
    return errors


def draw(pool: list[PoolQuestion], blueprint: dict, avoid: set[int], rng: random.Random) -> list[PoolQuestion]:
    """The paper's questions in their order: per type, fresh ones first (random), then old ones if needed."""
    paper = []
    for kind in TYPE_KEYS:
        wanted = int(blueprint.get(kind) or 0)
        fitting = [q for q in pool if q.kind == kind and in_blueprint(q, blueprint)]
        fresh = [q for q in fitting if q.id not in avoid]
        used = [q for q in fitting if q.id in avoid]
        chosen = rng.sample(fresh, min(wanted, len(fresh)))
        chosen += rng.sample(used, min(wanted - len(chosen), len(used)))
        paper += chosen
    return paper


def option_order(question: PoolQuestion, rng: random.Random) -> list[int]:
    """The candidate's order of the options: shown option i is original option order[i]."""
    order = list(range(question.option_count))
    rng.shuffle(order)
    return order
