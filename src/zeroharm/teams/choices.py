"""The team-safety domain's fixed lists: procedure kinds, version states, protective equipment, briefing and sign-in
states, and why a clause is the rule of the day."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.versioned import VersionStatus  # a procedure version's states, those of every versioned document

__all__ = [
    "ProcedureKind",
    "VersionStatus",
    "Ppe",
    "Shift",
    "BriefingStatus",
    "SignInStatus",
    "SignInMethod",
    "RuleReason",
    "FitnessDecision",
    "ObservationKind",
    "ViolationType",
]


class ProcedureKind(models.TextChoices):
    POST = "post", _("Post")
    PROCESS = "process", _("Process")
    EQUIPMENT = "equipment", _("Equipment")


class Ppe(models.TextChoices):
    """Protective equipment a clause requires (the kinds of GB 39800.1)."""

    HELMET = "helmet", _("Safety helmet")
    SHOES = "shoes", _("Safety shoes")
    GLOVES = "gloves", _("Protective gloves")
    INSULATING = "insulating", _("Insulating gloves and boots")
    GOGGLES = "goggles", _("Goggles")
    FACE_SHIELD = "face_shield", _("Face shield or welding mask")
    HEARING = "hearing", _("Hearing protection")
    RESPIRATOR = "respirator", _("Respirator")
    HARNESS = "harness", _("Safety harness")
    CLOTHING = "clothing", _("Protective clothing")
    HIGH_VIS = "high_vis", _("High-visibility vest")


class Shift(models.TextChoices):
    DAY = "day", _("Day shift")
    MIDDLE = "middle", _("Middle shift")
    NIGHT = "night", _("Night shift")


class BriefingStatus(models.TextChoices):
    DRAFT = "draft", _("Drafted")
    OPEN = "open", _("Being held")
    CLOSED = "closed", _("Closed and signed")
    MISSED = "missed", _("Not held")
    # Held before the team went live, written in the paper briefing log (班前会记录簿) and imported: never signed here.
    PAPER = "paper", _("Logged on paper")


class SignInStatus(models.TextChoices):
    EXPECTED = "expected", _("Not signed in")
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused (leave, rest day)")
    REFUSED = "refused", _("Refused: not cleared to work")


class SignInMethod(models.TextChoices):
    QR = "qr", _("Scanned the code")
    TYPED = "typed", _("Typed the code")
    LEADER = "leader", _("Signed in by the leader")
    READ_LATER = "read_later", _("Read it later on the phone")
    PAPER = "paper", _("Signed the paper log")


class RuleReason(models.TextChoices):
    """Why a clause is among the rules of the day (the first reasons come first)."""

    VIOLATION = "violation", _("Broken in a recent violation")
    RISK = "risk", _("Tied to a red or orange risk of the team")
    HAZARD = "hazard", _("Tied to an open hidden danger in the team's area")
    INCIDENT = "incident", _("Tied to a recent incident in the team")
    ROTATION = "rotation", _("Next in the rotation")


class FitnessDecision(models.TextChoices):
    """What the leader decided for a member whose fitness check had a "no" (SPL Art. 44)."""

    PENDING = "", _("Not decided")
    MAY_WORK = "may_work", _("May work")
    OTHER_TASK = "other_task", _("Given other work")
    SENT_HOME = "sent_home", _("Sent home")


class ObservationKind(models.TextChoices):
    SAFE = "safe", _("Safe behaviour")
    VIOLATION = "violation", _("Violation")


class ViolationType(models.TextChoices):
    """The three violations (三违, STANDARDS §12.3)."""

    COMMAND = "command", _("Directing work against the rules (违章指挥)")
    OPERATION = "operation", _("Working against the rules (违章作业)")
    DISCIPLINE = "discipline", _("Breaching labour discipline (违反劳动纪律)")
