"""The closed lists of incident recording: GB 6441, OSHA 1904 and the cause model
(docs/standards/china-accident-statistics.md, docs/standards/osha-recordkeeping.md)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from zeroharm.core.choices import AccidentCategory  # one definition for every module; re-exported here

__all__ = [
    "IncidentKind",
    "IncidentState",
    "AccidentCategory",
    "PersonRole",
    "Outcome",
    "InjuryClass",
    "StatReportClass",
    "AccidentGrade",
    "FirstAid",
    "OshaColumn",
    "OshaCaseType",
    "PrivacyReason",
    "BodyPart",
    "InjuryNature",
    "Shift",
    "CauseLevel",
    "CauseFactor",
    "CauseType",
    "Gate",
    "FindingKind",
]


class IncidentKind(models.TextChoices):
    """What happened, as the reporter on the spot would say it."""

    NEAR_MISS = "near_miss", _("Near miss")
    FIRST_AID = "first_aid", _("First aid")
    INJURY = "injury", _("Injury")
    ILLNESS = "illness", _("Occupational illness")
    PROPERTY = "property", _("Property damage")
    FIRE = "fire", _("Fire")
    ENVIRONMENT = "environment", _("Environmental release")
    TRAFFIC = "traffic", _("Traffic")


class IncidentState(models.TextChoices):
    REPORTED = "reported", pgettext_lazy("incident state", "Reported")
    INVESTIGATING = "investigating", pgettext_lazy("incident state", "Under investigation")
    CLOSED = "closed", pgettext_lazy("incident state", "Closed")


class PersonRole(models.TextChoices):
    EMPLOYEE = "employee", _("Employee")
    CONTRACTOR = "contractor", _("Contractor")
    VISITOR = "visitor", _("Visitor")


class Outcome(models.TextChoices):
    """How a person involved came out of it; ordered from least to most serious."""

    UNHURT = "unhurt", _("Not injured")
    FIRST_AID = "first_aid", _("First aid only")
    MEDICAL = "medical", _("Medical treatment")
    RESTRICTED = "restricted", _("Restricted work or job transfer")
    LOST_TIME = "lost_time", _("Days away from work")
    PERMANENT_DISABILITY = "disability", _("Permanent total disability")
    FATAL = "fatal", _("Fatal")


class InjuryClass(models.TextChoices):
    """GB 6441 injury severity by lost workdays (fatal from the outcome)."""

    MINOR = "minor", _("Minor injury (轻伤)")
    SERIOUS = "serious", _("Serious injury (重伤)")
    FATAL = "fatal", _("Fatal (死亡)")


class StatReportClass(models.TextChoices):
    """The 2016 statistical-report definitions, which differ from GB 6441 (≥ 3 days off is an injury)."""

    INJURED = "injured", _("Injured (≥ 3 days off)")
    SERIOUS = "serious", _("Serious injury (≥ 105 days off)")
    DEATH = "death", _("Death")


class AccidentGrade(models.TextChoices):
    """State Council Decree 493, Art. 3."""

    GENERAL = "general", _("General accident (一般)")
    LARGER = "larger", _("Larger accident (较大)")
    MAJOR = "major", _("Major accident (重大)")
    ESPECIALLY_MAJOR = "especially_major", _("Especially major accident (特别重大)")


class FirstAid(models.TextChoices):
    """OSHA 1904.7(b)(5)(ii): the closed list of first-aid treatments (A)–(N). Anything else is medical treatment."""

    NON_PRESCRIPTION = "A", _("Non-prescription medication at non-prescription strength")
    TETANUS = "B", _("Tetanus immunization")
    CLEANING = "C", _("Cleaning, flushing or soaking surface wounds")
    WOUND_COVERING = "D", _("Wound coverings, butterfly bandages, Steri-Strips")
    HOT_COLD = "E", _("Hot or cold therapy")
    NON_RIGID_SUPPORT = "F", _("Non-rigid means of support (elastic bandages, wraps, non-rigid back belts)")
    TRANSPORT_IMMOBILIZATION = "G", _("Temporary immobilization for transport (splints, slings, neck collars)")
    NAIL_BLISTER = "H", _("Drilling a fingernail or toenail, draining a blister")
    EYE_PATCH = "I", _("Eye patches")
    EYE_FOREIGN_BODY = "J", _("Removing a foreign body from the eye by irrigation or cotton swab")
    SPLINTER = "K", _("Removing splinters or foreign material from other areas by simple means")
    FINGER_GUARD = "L", _("Finger guards")
    MASSAGE = "M", _("Massage")
    FLUIDS = "N", _("Drinking fluids for relief of heat stress")


class OshaColumn(models.TextChoices):
    """Form 300 columns G–J: exactly one per recordable case, the most serious outcome."""

    DEATH = "G", _("Death")
    DAYS_AWAY = "H", _("Days away from work")
    RESTRICTED = "I", _("Job transfer or restriction")
    OTHER = "J", _("Other recordable case")


class OshaCaseType(models.TextChoices):
    """Form 300 column M."""

    INJURY = "1", _("Injury")
    SKIN = "2", _("Skin disorder")
    RESPIRATORY = "3", _("Respiratory condition")
    POISONING = "4", _("Poisoning")
    HEARING = "5", _("Hearing loss")
    OTHER_ILLNESS = "6", _("All other illnesses")


class PrivacyReason(models.TextChoices):
    """OSHA 1904.29(b)(7): the cases whose name is replaced by "privacy case". 6 applies to illnesses only."""

    INTIMATE_BODY_PART = "1", _("Injury or illness to an intimate body part or the reproductive system")
    SEXUAL_ASSAULT = "2", _("Sexual assault")
    MENTAL_ILLNESS = "3", _("Mental illness")
    INFECTIOUS_DISEASE = "4", _("HIV infection, hepatitis or tuberculosis")
    CONTAMINATED_SHARPS = "5", _("Needlestick or sharps injury contaminated with another person's blood or OPIM")
    EMPLOYEE_REQUEST = "6", _("Other illness, the employee asked that the name be left off")


class BodyPart(models.TextChoices):
    HEAD = "head", _("Head")
    EYE = "eye", _("Eye")
    FACE = "face", _("Face")
    NECK = "neck", _("Neck")
    BACK = "back", _("Back and spine")
    CHEST = "chest", _("Chest")
    ABDOMEN = "abdomen", _("Abdomen")
    SHOULDER = "shoulder", _("Shoulder")
    ARM = "arm", _("Arm")
    WRIST = "wrist", _("Wrist")
    HAND = "hand", _("Hand")
    FINGER = "finger", _("Finger")
    HIP = "hip", _("Hip")
    LEG = "leg", _("Leg")
    KNEE = "knee", _("Knee")
    ANKLE = "ankle", _("Ankle")
    FOOT = "foot", _("Foot")
    TOE = "toe", _("Toe")
    INTIMATE = "intimate", _("Intimate body part or reproductive system")
    INTERNAL = "internal", _("Internal organs or body systems")
    MULTIPLE = "multiple", _("Multiple body parts")


class InjuryNature(models.TextChoices):
    CUT = "cut", _("Cut or laceration")
    PUNCTURE = "puncture", _("Puncture")
    CONTUSION = "contusion", _("Bruise or contusion")
    SPRAIN = "sprain", _("Sprain or strain")
    FRACTURE = "fracture", _("Fracture")
    DISLOCATION = "dislocation", _("Dislocation")
    CRUSH = "crush", _("Crushing injury")
    AMPUTATION = "amputation", _("Amputation")
    BURN = "burn", _("Burn or scald")
    CHEMICAL_BURN = "chemical_burn", _("Chemical burn")
    ELECTRIC = "electric", _("Electric shock injury")
    CONCUSSION = "concussion", _("Concussion")
    EYE_INJURY = "eye_injury", _("Foreign body or injury in the eye")
    POISONING = "poisoning", _("Poisoning")
    ASPHYXIA = "asphyxia", _("Asphyxia")
    HEAT = "heat", _("Heat illness")
    SKIN_DISORDER = "skin", _("Skin disorder")
    RESPIRATORY = "respiratory", _("Respiratory condition")
    HEARING_LOSS = "hearing", _("Hearing loss")
    MULTIPLE = "multiple", _("Multiple injuries")
    OTHER = "other", _("Other")


class Shift(models.TextChoices):
    DAY = "day", _("Day shift")
    MIDDLE = "middle", _("Middle shift")
    NIGHT = "night", _("Night shift")


class CauseLevel(models.TextChoices):
    DIRECT = "direct", _("Direct cause")
    INDIRECT = "indirect", _("Indirect cause")
    ROOT = "root", _("Root cause")


class CauseFactor(models.TextChoices):
    """The six factors (人机料法环管) a cause is filed under."""

    PEOPLE = "people", _("People")
    MACHINE = "machine", _("Machine")
    MATERIAL = "material", _("Material")
    METHOD = "method", _("Method")
    ENVIRONMENT = "environment", _("Environment")
    MANAGEMENT = "management", _("Management")


class CauseType(models.TextChoices):
    UNSAFE_ACT = "act", _("Unsafe act")
    UNSAFE_CONDITION = "condition", _("Unsafe condition")
    MANAGEMENT_DEFECT = "management", _("Management deficiency")


class Gate(models.TextChoices):
    """四不放过: the four don't-let-go gates an incident must pass before it may be closed."""

    CAUSE = "cause", _("Cause identified")
    ACCOUNTABILITY = "accountability", _("Responsible persons dealt with")
    MEASURES = "measures", _("Measures implemented and verified")
    EDUCATION = "education", _("People educated")


class FindingKind(models.TextChoices):
    """What was decided about a person found responsible."""

    CRITICISM = "criticism", _("Criticism and education")
    WARNING = "warning", _("Warning")
    FINE = "fine", _("Economic penalty")
    DEMOTION = "demotion", _("Demotion or removal from post")
    DISMISSAL = "dismissal", _("Dismissal")
    REFERRED = "referred", _("Referred to the authorities")
    NO_ACTION = "none", _("No penalty (responsibility noted)")


# Bands the analysis groups people by, and the incident list filters by (drill-down from a bar).
# key → (label, lower bound inclusive, upper bound exclusive or None)
TENURE_BANDS = {
    "lt6m": (_("under 6 months"), 0, 6),
    "6to12m": (_("6–12 months"), 6, 12),
    "1to3y": (_("1–3 years"), 12, 36),
    "3to10y": (_("3–10 years"), 36, 120),
    "10y": (_("10 years or more"), 120, None),
}
AGE_BANDS = {
    "lt25": (_("under 25"), 0, 25),
    "25to34": (_("25–34"), 25, 35),
    "35to44": (_("35–44"), 35, 45),
    "45to54": (_("45–54"), 45, 55),
    "55": (_("55 or older"), 55, None),
}
WEEKDAYS = [
    (1, _("Sunday")),
    (2, _("Monday")),
    (3, _("Tuesday")),
    (4, _("Wednesday")),
    (5, _("Thursday")),
    (6, _("Friday")),
    (7, _("Saturday")),
]  # Django's ExtractWeekDay numbering (1 = Sunday)
