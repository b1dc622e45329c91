"""The incident: what happened, where and when, and the figures computed from its people."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.wording import labelled
from zeroharm.incidents.choices import (
    AccidentCategory,
    AccidentGrade,
    IncidentKind,
    IncidentState,
    Shift,
)

MAX_NARRATIVE = 8000


class Incident(DomainModel):
    scope_area = "safety"
    scope_unit_field = "unit"
    scope_owner_field = "reported_by"

    # The four fields a phone report needs; everything else is completed later.
    kind = models.CharField(verbose_name=_("what kind of event"), max_length=12, choices=IncidentKind.choices)
    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="incidents")
    occurred_at = models.DateTimeField(verbose_name=_("when it happened"), db_index=True)
    description = models.TextField(verbose_name=_("what happened"), max_length=MAX_NARRATIVE)

    time_unknown = models.BooleanField(verbose_name=_("time of day cannot be determined"), default=False)
    location = models.CharField(verbose_name=_("where"), max_length=200, blank=True)
    risk_point = models.ForeignKey(
        "risks.RiskPoint",
        verbose_name=_("risk point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    category = models.CharField(
        verbose_name=_("accident category (GB 6441)"), max_length=2, blank=True, choices=AccidentCategory.choices
    )
    # The suggester's first choice when a person first gave the category (services.incident_update); a category
    # that differs from it is a correction, which the next model learns with more weight.
    suggested_category = models.CharField(
        verbose_name=_("suggested accident category"),
        max_length=2,
        blank=True,
        choices=AccidentCategory.choices,
        editable=False,
    )
    shift = models.CharField(verbose_name=_("shift"), max_length=8, choices=Shift.choices, blank=True)
    agent = models.CharField(
        verbose_name=_("agent or equipment"),
        max_length=200,
        blank=True,
        help_text=_("The machine, tool, substance or object that caused the harm."),
    )
    event_type = models.CharField(
        verbose_name=_("event or exposure"),
        max_length=200,
        blank=True,
        help_text=_("How the harm was done, e.g. caught in running machinery."),
    )
    direct_loss = models.DecimalField(
        verbose_name=_("direct economic loss (CNY)"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    immediate_actions = models.TextField(verbose_name=_("immediate actions"), blank=True, max_length=4000)
    witnesses = models.TextField(verbose_name=_("witnesses"), blank=True, max_length=2000)
    lessons_learned = models.TextField(verbose_name=_("lessons learned"), blank=True, max_length=MAX_NARRATIVE)
    lessons_shared_at = models.DateTimeField(
        verbose_name=_("lessons sent to the staff"), null=True, blank=True, editable=False
    )
    investigation_lead = models.ForeignKey(
        "org.Person",
        verbose_name=_("investigation lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    investigation_team = models.ManyToManyField(
        "org.Person", verbose_name=_("investigation team"), blank=True, related_name="incident_investigations"
    )

    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    state = models.CharField(
        verbose_name=_("state"),
        max_length=14,
        choices=IncidentState.choices,
        default=IncidentState.REPORTED,
        editable=False,
    )
    # Where the record came from when it was imported (e.g. an OSHA UPA), so a file cannot land twice.
    external_ref = models.CharField(verbose_name=_("external reference"), max_length=64, blank=True, editable=False)
    # Set by the import when the file contradicts itself (incidents.importing.people), as a gettext_noop message
    # shown translated; the incident list filters on it; whoever checks the record clears it.
    import_review = models.CharField(
        verbose_name=_("to check after the import"),
        max_length=300,
        blank=True,
        help_text=_("What the imported file left unclear. Empty this once the record is checked."),
    )

    # Computed by services.refresh_figures from the people involved and the loss.
    deaths = models.PositiveIntegerField(verbose_name=_("deaths"), default=0, editable=False)
    serious_injuries = models.PositiveIntegerField(verbose_name=_("serious injuries"), default=0, editable=False)
    minor_injuries = models.PositiveIntegerField(verbose_name=_("minor injuries"), default=0, editable=False)
    recordable_cases = models.PositiveIntegerField(verbose_name=_("OSHA recordable cases"), default=0, editable=False)
    grade = models.CharField(
        verbose_name=_("accident grade (Decree 493)"),
        max_length=20,
        choices=AccidentGrade.choices,
        blank=True,
        editable=False,
    )
    # Reporting to the authority (Decree 493 Arts. 9 and 13)
    authority_reported_at = models.DateTimeField(
        verbose_name=_("reported to the authority at"), null=True, blank=True, editable=False
    )
    supplementary_due = models.BooleanField(verbose_name=_("supplementary report due"), default=False, editable=False)
    supplementary_reported_at = models.DateTimeField(
        verbose_name=_("supplementary report made at"), null=True, blank=True, editable=False
    )

    investigation_started_at = models.DateTimeField(
        verbose_name=_("investigation started"), null=True, blank=True, editable=False
    )
    closed_at = models.DateTimeField(verbose_name=_("closed at"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("closed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["unit", "occurred_at"], name="inc_unit_occurred"),
            models.Index(fields=["state", "occurred_at"], name="inc_state_occurred"),
            # The breakdowns read only these columns over a subtree and a period.
            models.Index(
                fields=["occurred_at", "unit", "kind", "category", "shift", "time_unknown", "agent", "is_archived"],
                name="inc_breakdown_cover",
            ),
            # The suggestions staff checked (analytics.selectors.suggestions): only incidents classified after a
            # suggestion, so the analysis page does not read every incident of ten years to find none.
            models.Index(
                fields=["occurred_at", "unit", "category", "suggested_category", "is_archived"],
                condition=~Q(suggested_category=""),
                name="inc_suggested_cover",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"], condition=~Q(external_ref=""), name="inc_external_ref_unique"
            ),
        ]

    def __str__(self):
        return labelled(self.reference, self.description[:60])

    @property
    def reference(self) -> str:
        return f"INC-{self.pk:06d}" if self.pk else "INC-new"

    def get_absolute_url(self):
        return record_url("incidents:incident_detail", self.pk)

    @property
    def traffic_or_fire(self) -> bool:
        return self.kind in (IncidentKind.TRAFFIC, IncidentKind.FIRE)
