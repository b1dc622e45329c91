"""Training and competence: the catalogue, sessions and attendance, exams, the person's credits, certificates, plans.

Computed facts — cleared to work, certificate dates, hours credited, scores — are written only by `services`
from the records, so a form never asks for a number a rule can work out."""

from zeroharm.training.models.catalogue import Course, CourseMaterial, Requirement  # noqa: F401
from zeroharm.training.models.certificates import Certificate, CertificateReview  # noqa: F401
from zeroharm.training.models.exams import Exam, Paper, PaperItem, Question, QuestionBank  # noqa: F401
from zeroharm.training.models.plans import PlanLine, TrainingPlan  # noqa: F401
from zeroharm.training.models.records import (  # noqa: F401
    Absence,
    Induction,
    InductionLevelPlan,
    StudyTime,
    TrainingRecord,
    UnclearedReport,
)
from zeroharm.training.models.sessions import Attendance, TrainingSession  # noqa: F401
from zeroharm.training.models.tallies import ClearanceSnapshot, ClearanceTally  # noqa: F401

__all__ = [
    "ClearanceSnapshot",
    "ClearanceTally",
    "Course",
    "CourseMaterial",
    "Requirement",
    "TrainingSession",
    "Attendance",
    "TrainingRecord",
    "Induction",
    "InductionLevelPlan",
    "Absence",
    "StudyTime",
    "UnclearedReport",
    "QuestionBank",
    "Question",
    "Exam",
    "Paper",
    "PaperItem",
    "Certificate",
    "CertificateReview",
    "TrainingPlan",
    "PlanLine",
]
