"""How domain apps meet each other without importing each other: events and answers.

The domain apps (risks, inspections, hazards, incidents, training, …) stand side by side on one floor of the
house (docs/architecture.md). When something in one should make something happen in another — a failed inspection
item becomes a hidden danger — the first `publish`es an event and the second, in its `hooks.py`, has
`subscribe`d to it. When a page of one shows what another knows — an incident's similar past incidents, from the
analysis above it — the page `ask`s and the other `answer`s. Neither side imports the other, so neither can pull
the house into a chain or a circle; and an app that is not installed simply does not answer.

Handlers run in the caller's transaction, in the order they subscribed, and their exceptions propagate (a
refusal from the hidden-danger service refuses the inspection too). Every event and question is listed in
`EVENTS` with what it carries, so this file is their catalogue.
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["EVENTS", "subscribe", "publish", "answer", "ask", "clear"]

EVENTS = {
    # name: what the payload holds (keyword arguments), and what a handler returns
    "inspections.item_failed": "acting_user, unit, location, description, photos, item_result, inspection_point, "
    "risk_point → the hidden danger it raised",
    "org.people_added": "people, acting_user (people registered in bulk, which send no post_save) → nothing",
    "training.uncleared_on_high_risk_post": "acting_user, unit, location, description, person (a person on a "
    "high-risk post not cleared to work, their new gaps in the description) → the hidden danger it raised",
    "incidents.changed": "incident_ids (the incidents written or imported, after commit) → nothing",
    "incidents.similar": "(question) text, user, k, exclude_id → [(incident, score)] (each also .incident, .score and "
    ".weak, a score below the match threshold): the k nearest past incidents the user may see, weak ones included",
    "incidents.suggest_category": "(question) text → [(code, label, probability)], likeliest first; [] when unsure",
    "incidents.lessons": "(question) kind ('incident' or 'case'), pk, user → {title, lessons, unit, incident_id} of a "
    "closed incident or a case of the library the user may see (its lessons to teach), or None",
    "training.lesson_session_held": "incident_id, session, person_ids (present), acting_user → nothing: a session "
    "teaching an incident's lessons was held (the education gate counts who attended)",
    "teams.violation_verified": "person, day, acting_user (a team leader verified a violation of this person on that "
    "day) → nothing: their certificates count it at their next review",
    "training.lesson_attendees": "(question) incident_id → set of person ids present at held sessions teaching its "
    "lessons",
    "hazards.graded_major": "hidden_danger, acting_user (a hidden danger was assessed as major: graded so for the "
    "first time, in the assessment's transaction) → nothing",
    "responsibility.assessment_confirmed": "assessment, acting_user (an agreement's assessment was confirmed: final, "
    "with its rank among its issuer's units, in the confirmation's transaction) → nothing",
    "training.lessons_url": "(question) kind ('incident' or 'case'), pk, user → the address of the step that makes a "
    "course and a session of those lessons, or None when the user may not",
}

_handlers: dict[str, list[Callable]] = {}


def _known(name: str) -> str:
    if name not in EVENTS:
        raise KeyError(f"Unknown event {name!r}: add it to core.events.EVENTS with what it carries.")
    return name


def subscribe(name: str, handler: Callable) -> Callable:
    """Run `handler(**payload)` whenever `name` is published (registered once, from an app's hooks.py)."""
    handlers = _handlers.setdefault(_known(name), [])
    if handler not in handlers:
        handlers.append(handler)
    return handler


def publish(name: str, **payload) -> list:
    """Tell every subscriber; their results, in order (empty when no installed app listens)."""
    return [handler(**payload) for handler in _handlers.get(_known(name), [])]


answer = subscribe  # a question has one answering app; the name says which way the call goes


def ask(name: str, default=None, **payload):
    """The first answer to a question, or `default` when no installed app answers it."""
    handlers = _handlers.get(_known(name), [])
    return handlers[0](**payload) if handlers else default


def clear(name: str) -> list[Callable]:
    """Remove and return a name's handlers (tests that need an app to be absent)."""
    return _handlers.pop(_known(name), [])
