"""The training domain's fixed lists: course kinds, induction levels, question types, certificate kinds, states."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.org.choices import IndustryClass

__all__ = [
    "CourseKind",
    "InductionLevel",
    "INDUCTION_LEVEL_ORDER",
    "InductionReason",
    "IndustryClass",
    "MaterialKind",
    "SessionStatus",
    "AttendanceStatus",
    "AttendanceMethod",
    "RecordSource",
    "QuestionType",
    "PaperStatus",
    "CertificateKind",
    "CertificateStatus",
    "ReviewOutcome",
]


class CourseKind(models.TextChoices):
    INDUCTION_COMPANY = "induction_company", _("Induction, company level")
    INDUCTION_WORKSHOP = "induction_workshop", _("Induction, workshop level")
    INDUCTION_TEAM = "induction_team", _("Induction, team level")
    REFRESHER = "refresher", _("Annual refresher")
    RETRAINING = "retraining", _("Job-change or return-to-work retraining")
    SPECIAL_OPERATION = "special_operation", _("Special operation")
    PRINCIPAL = "principal", _("Principal person and safety manager")
    NEW_PROCESS = "new_process", _("New process or equipment")
    ACCIDENT_LESSONS = "accident_lessons", _("Accident lessons")
    OTHER = "other", _("Other")


class InductionLevel(models.TextChoices):
    """The three levels of 三级安全教育 (Order 3 Art. 12), company → workshop → team."""

    COMPANY = "company", _("Company level")
    WORKSHOP = "workshop", _("Workshop level")
    TEAM = "team", _("Team level")


INDUCTION_LEVEL_ORDER = (InductionLevel.COMPANY, InductionLevel.WORKSHOP, InductionLevel.TEAM)
# Which course kind credits which level.
LEVEL_COURSE_KIND = {
    InductionLevel.COMPANY: CourseKind.INDUCTION_COMPANY,
    InductionLevel.WORKSHOP: CourseKind.INDUCTION_WORKSHOP,
    InductionLevel.TEAM: CourseKind.INDUCTION_TEAM,
}


class InductionReason(models.TextChoices):
    NEW_HIRE = "new_hire", _("New hire")
    CONTRACTOR = "contractor", _("Contractor or dispatched worker")
    JOB_CHANGE = "job_change", _("Job change or transfer")
    RETURN = "return", _("Return after a long absence")


class MaterialKind(models.TextChoices):
    FILE = "file", _("File")
    LINK = "link", _("Link")
    TEXT = "text", _("Text")


class SessionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")
    CANCELLED = "cancelled", _("Cancelled")


class AttendanceStatus(models.TextChoices):
    PLANNED = "planned", _("Invited")
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class AttendanceMethod(models.TextChoices):
    QR = "qr", _("Scanned the session's code")
    CODE = "code", _("Typed the session's code")
    TRAINER = "trainer", _("Ticked by the trainer")


class RecordSource(models.TextChoices):
    """Where a credited training record came from: the archive shows it, and only imports may be typed in."""

    SESSION = "session", _("Session attendance")
    SELF_STUDY = "self_study", _("Self-study")
    EXAM = "exam", _("Exam")
    IMPORT = "import", _("Imported")


class QuestionType(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Multiple choice")
    TRUE_FALSE = "true_false", _("True or false")
    SHORT = "short", _("Short answer")


class PaperStatus(models.TextChoices):
    OPEN = "open", _("In progress")
    SUBMITTED = "submitted", _("Submitted")
    EXPIRED = "expired", _("Time ran out")


class CertificateKind(models.TextChoices):
    SPECIAL_OPERATION = "special_operation", _("Special operation certificate")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment operator certificate")
    PRINCIPAL = "principal", _("Principal person certificate")
    SAFETY_MANAGER = "safety_manager", _("Safety manager certificate")
    OTHER = "other", _("Other certificate")


class CertificateStatus(models.TextChoices):
    """What a person has done with the certificate; whether it is valid on a day is computed from its dates."""

    ACTIVE = "active", _("Held")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Replaced by a newer certificate")


class ReviewOutcome(models.TextChoices):
    PASSED = "passed", _("Passed")
    REFUSED = "refused", _("Refused")
