"""The accident case library: anonymised cases published from closed incidents."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.incidents.choices import (
    AccidentCategory,
    IncidentKind,
)
from zeroharm.incidents.models.incident import MAX_NARRATIVE, Incident


class CaseStudy(DomainModel):
    """An anonymised lesson from a closed incident, for training and pre-shift briefings across the group."""

    scope_area = "cases"
    scope_unit_field = None

    incident = models.OneToOneField(
        Incident,
        verbose_name=_("incident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="case_study",
        editable=False,
    )
    title = models.CharField(verbose_name=_("title"), max_length=200)
    category = models.CharField(
        verbose_name=_("accident category (GB 6441)"), max_length=2, blank=True, choices=AccidentCategory.choices
    )
    kind = models.CharField(verbose_name=_("kind of event"), max_length=12, choices=IncidentKind.choices)
    occurred_on = models.DateField(
        verbose_name=_("month it happened"), help_text=_("Kept to the month, so the case cannot be traced to a person.")
    )
    unit_kind = models.CharField(verbose_name=_("kind of unit"), max_length=16, blank=True)
    summary = models.TextField(verbose_name=_("what happened"), max_length=MAX_NARRATIVE)
    causes = models.TextField(verbose_name=_("causes"), max_length=MAX_NARRATIVE)
    lessons = models.TextField(verbose_name=_("lessons"), max_length=MAX_NARRATIVE)
    measures = models.TextField(verbose_name=_("measures taken"), blank=True, max_length=MAX_NARRATIVE)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("accident case")
        verbose_name_plural = _("accident case library")
        ordering = ["-occurred_on", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("incidents:case_detail", self.pk)
