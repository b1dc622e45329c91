"""Hidden dangers (事故隐患): reported, assessed, rectified under the five requirements, accepted, closed.

The state machine and who may move it live in `hazards.services`; these are the records. A
`HiddenDanger` carries its current rectification order (the five requirements of
docs/standards/hidden-dangers.md#rectification-order)
and its deadline bookkeeping on the row itself, so lists, statistics and the deadline scan need no
joins. Anonymous reports keep no reporter anywhere: not on the row, not in history, not in photos.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.wording import labelled

__all__ = [
    "State",
    "Level",
    "Category",
    "Source",
    "OPEN_STATES",
    "DEADLINE_STATES",
    "HiddenDanger",
    "HazardPhoto",
    "GovernancePlan",
    "SupervisionEntry",
    "ExtensionRequest",
    "ExtensionStatus",
    "PhotoStage",
]


class State(models.TextChoices):
    REPORTED = "reported", _("Reported")
    ASSESSED = "assessed", _("Assessed")
    ASSIGNED = "assigned", _("Rectification assigned")
    IN_RECTIFICATION = "in_rectification", _("In rectification")
    PENDING_ACCEPTANCE = "pending_acceptance", _("Awaiting acceptance")
    ACCEPTED = "accepted", _("Accepted, awaiting write-off")
    CLOSED = "closed", _("Closed (written off)")


OPEN_STATES = [s for s in State.values if s != State.CLOSED]
# States in which the deadline runs: the rectification is ordered and not yet accepted.
DEADLINE_STATES = [State.ASSIGNED, State.IN_RECTIFICATION, State.PENDING_ACCEPTANCE]


class Level(models.TextChoices):
    GENERAL = "general", _("General")
    MAJOR = "major", _("Major")


class Category(models.TextChoices):
    UNSAFE_CONDITION = "condition", _("Unsafe condition of things")
    UNSAFE_ACT = "act", _("Unsafe act of people")
    MANAGEMENT = "management", _("Management defect")
    ENVIRONMENT = "environment", _("Environment")


class Source(models.TextChoices):
    REPORT = "report", _("Report")
    INSPECTION = "inspection", _("Inspection")
    SPOT_FIX = "spot", _("Fixed on the spot")


class HiddenDanger(DomainModel):
    scope_area = "safety"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="hidden_dangers"
    )
    location = models.CharField(verbose_name=_("where"), max_length=200)
    description = models.TextField(verbose_name=_("what is wrong"), max_length=4000)
    source = models.CharField(
        verbose_name=_("source"), max_length=12, choices=Source.choices, default=Source.REPORT, editable=False
    )
    found_on = models.DateField(verbose_name=_("found on"), db_index=True)
    # Null when the report is anonymous: the reporter is then not stored anywhere.
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    is_anonymous = models.BooleanField(verbose_name=_("reported anonymously"), default=False, editable=False)
    inspection_point = models.ForeignKey(
        "inspections.InspectionPoint",
        verbose_name=_("inspection point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hidden_dangers",
    )
    risk_point = models.ForeignKey(
        "risks.RiskPoint",
        verbose_name=_("risk point"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hidden_dangers",
    )
    item_result = models.OneToOneField(
        "inspections.ItemResult",
        verbose_name=_("failed inspection item"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hidden_danger",
        editable=False,
    )

    state = models.CharField(
        verbose_name=_("state"), max_length=20, choices=State.choices, default=State.REPORTED, editable=False
    )
    # Assessment
    level = models.CharField(verbose_name=_("level"), max_length=8, choices=Level.choices, blank=True, editable=False)
    category = models.CharField(
        verbose_name=_("category"), max_length=12, choices=Category.choices, blank=True, editable=False
    )
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    assessed_at = models.DateTimeField(verbose_name=_("assessed at"), null=True, blank=True, editable=False)
    # The rectification order: the five requirements (docs/standards/hidden-dangers.md#rectification-order)
    owner = models.ForeignKey(
        "org.Person",
        verbose_name=_("rectification owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rectifications",
        editable=False,
    )
    measures = models.TextField(verbose_name=_("measures"), blank=True, editable=False)
    budget_amount = models.DecimalField(
        verbose_name=_("funds (CNY)"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        editable=False,
    )
    deadline = models.DateField(verbose_name=_("deadline"), null=True, blank=True, editable=False)
    contingency_plan = models.TextField(verbose_name=_("contingency plan"), blank=True, editable=False)
    original_deadline = models.DateField(verbose_name=_("first deadline"), null=True, blank=True, editable=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    assigned_at = models.DateTimeField(verbose_name=_("assigned at"), null=True, blank=True, editable=False)
    # Rectification and acceptance
    rectified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("rectified by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    rectified_at = models.DateTimeField(
        verbose_name=_("acceptance requested at"), null=True, blank=True, editable=False
    )
    rectification_note = models.TextField(verbose_name=_("what was done"), blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    accepted_at = models.DateTimeField(verbose_name=_("accepted at"), null=True, blank=True, editable=False)
    acceptance_note = models.TextField(verbose_name=_("acceptance note"), blank=True, editable=False)
    rejection_reason = models.TextField(verbose_name=_("last rejection reason"), blank=True, editable=False)
    closed_at = models.DateTimeField(verbose_name=_("closed at"), null=True, blank=True, editable=False)
    days_to_close = models.PositiveIntegerField(
        verbose_name=_("days from finding to closing"), null=True, blank=True, editable=False
    )
    closed_on_time = models.BooleanField(
        verbose_name=_("closed by the deadline"), null=True, blank=True, editable=False
    )
    # Deadline bookkeeping (the deadline scan sets these once each, so it is idempotent)
    reminded_on = models.DateField(verbose_name=_("deadline reminder sent"), null=True, blank=True, editable=False)
    overdue_since = models.DateField(verbose_name=_("overdue since"), null=True, blank=True, editable=False)
    overdue_explanation = models.TextField(verbose_name=_("explanation of the delay"), blank=True, editable=False)
    escalated_to = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("escalated to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    escalated_on = models.DateField(verbose_name=_("escalated on"), null=True, blank=True, editable=False)
    escalated_again_on = models.DateField(verbose_name=_("escalated again on"), null=True, blank=True, editable=False)
    for_safety_meeting = models.BooleanField(
        verbose_name=_("on the monthly safety meeting's list"), default=False, editable=False
    )

    class Meta:
        verbose_name = _("hidden danger")
        verbose_name_plural = _("hidden dangers")
        ordering = ["-found_on", "-id"]
        indexes = [
            # The list's common shape: a subtree (unit in …), a state, ordered by deadline.
            models.Index(fields=["unit", "state", "deadline"], name="hd_unit_state_deadline"),
            models.Index(fields=["state", "deadline"], name="hd_state_deadline"),
            models.Index(fields=["unit", "found_on"], name="hd_unit_found"),
            models.Index(fields=["unit", "closed_at"], name="hd_unit_closed"),
            # A person's own rectifications (My tasks) and their own awaiting acceptance (left out of what they may
            # accept). Only rows with an owner or a rectifier: SQLite's statistics count the many NULLs as one value
            # shared by every row, and the planner then walked a state's rows instead (130–200 ms at 1,000,000).
            models.Index(fields=["owner", "state"], condition=Q(owner__isnull=False), name="hd_owner_state"),
            models.Index(
                fields=["rectified_by", "state"], condition=Q(rectified_by__isnull=False), name="hd_rectifier_state"
            ),
            # Covers every column the statistics read, so their one GROUP BY never touches the table
            # (1,000,000 rows: 3–4.5 s without it, under 1 s with it; benchmarks/README.md).
            models.Index(
                fields=[
                    "unit",
                    "level",
                    "category",
                    "found_on",
                    "closed_at",
                    "deadline",
                    "accepted_at",
                    "closed_on_time",
                    "days_to_close",
                    "budget_amount",
                    "is_archived",
                ],
                name="hd_statistics_cover",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(is_anonymous=True) | Q(reported_by__isnull=True), name="hd_anonymous_has_no_reporter"
            ),
        ]

    def __str__(self):
        return labelled(self.reference, self.description[:60])

    @property
    def reference(self) -> str:
        return f"HD-{self.pk:06d}" if self.pk else "HD-new"

    def get_absolute_url(self):
        return record_url("hazards:hazard_detail", self.pk)

    @classmethod
    def scope_own_q(cls, user):
        # Employees see their own reports and the rectifications they own, besides any subtree grant.
        return Q(reported_by=user) | Q(owner__user=user)


class PhotoStage(models.TextChoices):
    BEFORE = "before", _("Before (as found)")
    AFTER = "after", _("After rectification")


class HazardPhoto(models.Model):
    """A photo of a hidden danger. Re-encoded on upload, so no camera metadata (EXIF, GPS) is kept."""

    hidden_danger = models.ForeignKey(
        HiddenDanger, verbose_name=_("hidden danger"), on_delete=models.CASCADE, related_name="photos"
    )
    stage = models.CharField(verbose_name=_("stage"), max_length=8, choices=PhotoStage.choices)
    image = models.FileField(verbose_name=_("photo"), upload_to="hazards/%Y/%m/")
    created_at = models.DateTimeField(verbose_name=_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["hidden_danger", "stage", "id"]

    def __str__(self):
        return f"{self.hidden_danger.reference} {self.get_stage_display()}"


class GovernancePlan(models.Model):
    """The governance plan of a major hidden danger: the six items of docs/standards/hidden-dangers.md#governance-plan,
    and its report."""

    hidden_danger = models.OneToOneField(
        HiddenDanger, verbose_name=_("hidden danger"), on_delete=models.CASCADE, related_name="governance_plan"
    )
    goals_and_tasks = models.TextField(verbose_name=_("1. Goals and tasks"))
    methods_and_measures = models.TextField(verbose_name=_("2. Methods and measures"))
    funds_and_materials = models.TextField(verbose_name=_("3. Funds and materials"))
    organisation_and_people = models.TextField(verbose_name=_("4. Responsible organisation and persons"))
    time_limit_and_requirements = models.TextField(verbose_name=_("5. Time limit and requirements"))
    safety_and_emergency = models.TextField(verbose_name=_("6. Safety measures and emergency plan"))
    # The report to the authority: current state and cause, harm and difficulty, and this plan.
    current_state_and_cause = models.TextField(verbose_name=_("current state and its cause"))
    harm_and_difficulty = models.TextField(verbose_name=_("degree of harm and difficulty of rectification"))
    authority = models.CharField(verbose_name=_("authority reported to"), max_length=200, blank=True)
    reported_to_authority_on = models.DateField(verbose_name=_("reported to the authority on"), null=True, blank=True)
    authority_reference = models.CharField(verbose_name=_("authority's reference"), max_length=100, blank=True)
    version = models.PositiveIntegerField(verbose_name=_("version"), default=1, editable=False)
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("governance plan")
        verbose_name_plural = _("governance plans")

    def __str__(self):
        return f"{self.hidden_danger.reference} plan"


class SupervisionEntry(models.Model):
    """A supervision visit or note on a listed (major) hidden danger, until it is closed."""

    hidden_danger = models.ForeignKey(
        HiddenDanger, verbose_name=_("hidden danger"), on_delete=models.CASCADE, related_name="supervision"
    )
    on = models.DateField(verbose_name=_("date"))
    note = models.TextField(verbose_name=_("finding"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("supervision entry")
        verbose_name_plural = _("supervision entries")
        ordering = ["hidden_danger", "-on", "-id"]

    def __str__(self):
        return labelled(self.on, self.note[:40])


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class ExtensionRequest(models.Model):
    hidden_danger = models.ForeignKey(
        HiddenDanger, verbose_name=_("hidden danger"), on_delete=models.CASCADE, related_name="extensions"
    )
    current_deadline = models.DateField(verbose_name=_("deadline at the request"))
    requested_deadline = models.DateField(verbose_name=_("requested deadline"))
    reason = models.TextField(verbose_name=_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("requested by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(verbose_name=_("requested at"), auto_now_add=True)
    status = models.CharField(
        verbose_name=_("decision"), max_length=10, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(verbose_name=_("decided at"), null=True, blank=True)
    decision_note = models.TextField(verbose_name=_("decision note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("extension request")
        verbose_name_plural = _("extension requests")
        ordering = ["hidden_danger", "-requested_at"]

    def __str__(self):
        return f"{self.current_deadline} → {self.requested_deadline}"
