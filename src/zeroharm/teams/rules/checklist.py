"""The built-in briefing checklist (三查两交), used until a unit writes its own (teams.models.CheckItem). Practice
varies by company (STANDARDS §12.5), so these are defaults, not law. Keys are stable: answers are stored by key."""

from django.utils.translation import gettext_noop

__all__ = ["DEFAULT_HANDOVER", "DEFAULT_PERSON"]

DEFAULT_HANDOVER = (
    ("tasks", gettext_noop("Today's tasks and who does each")),
    ("hazards", gettext_noop("The hazards of each task and the measures against them")),
    ("last_shift", gettext_noop("The last shift's problems and what it left open")),
)

# SPL Art. 44: the unit watches its workers' physical and mental state. A "no" goes to the leader, who decides.
DEFAULT_PERSON = (
    ("rested", gettext_noop("Rested: slept enough, not exhausted")),
    ("sober", gettext_noop("No alcohol in the last 8 hours")),
    ("well", gettext_noop("Not ill, no medicine that makes drowsy")),
    ("calm", gettext_noop("Calm and able to concentrate")),
    ("ppe", gettext_noop("Protective equipment complete and in good order")),
)
