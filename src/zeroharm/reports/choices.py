"""The kinds of summary review and their states (STANDARDS 15.7: half-year or annual)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewKind(models.TextChoices):
    FIRST_HALF = "h1", _("first half-year")
    SECOND_HALF = "h2", _("second half-year")
    ANNUAL = "year", _("annual")


class ReviewState(models.TextChoices):
    DRAFT = "draft", _("draft")
    ISSUED = "issued", _("issued")


class SectionKey(models.TextChoices):
    """The usual structure of a safety work summary (STANDARDS 15.7), in its order."""

    OVERVIEW = "overview", _("Overview and results against the targets")
    WORK = "work", _("Main work and achievements")
    DEFICIENCIES = "deficiencies", _("Problems and shortcomings, with their causes")
    LESSONS = "lessons", _("Lessons learned")
    PLAN = "plan", _("Plan for the next period")


class DeficiencySource(models.TextChoices):
    """Where a drafted deficiency comes from (the analysis the safety department confirms and completes)."""

    MISSED_TARGET = "target", _("target missed or at risk")
    RISING_RATE = "rate", _("injury rate rising")
    OVERDUE = "overdue", _("rectification overdue")
    REPEATED = "repeated", _("repeated accidents")
    COMMITMENT = "commitment", _("campaign commitment not kept")
    ADDED = "added", _("added by the safety department")
