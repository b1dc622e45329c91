"""Incidents: the event as reported, the people it touched, its investigation and its four closure gates.

What is computed from the standards (GB 6441 class, Decree 493 grade, OSHA recordability and 300-log
columns, deadlines) is stored in non-editable fields that only `services.py` writes, from the facts a
user typed; so the forms never ask for a number a rule can work out, and analysis reads plain columns.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.core.models import DomainModel
from zeroharm.core.scoping import ScopedModelMixin, ScopedQuerySet
from zeroharm.incidents.choices import (
    AccidentCategory,
    AccidentGrade,
    BodyPart,
    CauseFactor,
    CauseLevel,
    CauseType,
    FindingKind,
    Gate,
    IncidentKind,
    IncidentState,
    InjuryClass,
    InjuryNature,
    OshaCaseType,
    OshaColumn,
    Outcome,
    PersonRole,
    PrivacyReason,
    Shift,
    StatReportClass,
)

__all__ = [
    "Incident",
    "InvolvedPerson",
    "IncidentFile",
    "TimelineEntry",
    "Cause",
    "WhyStep",
    "Finding",
    "GateSign",
    "LessonSession",
    "LessonAcknowledgement",
    "CaseStudy",
    "ImportMapping",
]

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
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["external_ref"], condition=~Q(external_ref=""), name="inc_external_ref_unique"
            ),
        ]

    def __str__(self):
        return f"{self.reference}: {self.description[:60]}"

    @property
    def reference(self) -> str:
        return f"INC-{self.pk:06d}" if self.pk else "INC-new"

    def get_absolute_url(self):
        return reverse("incidents:incident_detail", args=[self.pk])

    @property
    def traffic_or_fire(self) -> bool:
        return self.kind in (IncidentKind.TRAFFIC, IncidentKind.FIRE)


class InvolvedPerson(models.Model):
    """One person an incident touched. An OSHA "case" is one such person with a recordable outcome."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="people")
    role = models.CharField(
        verbose_name=_("role"), max_length=12, choices=PersonRole.choices, default=PersonRole.EMPLOYEE
    )
    person = models.ForeignKey(
        "org.Person",
        verbose_name=_("employee"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="incident_involvements",
    )
    name = models.CharField(
        verbose_name=_("name"),
        max_length=80,
        blank=True,
        help_text=_("For contractors and visitors; an employee's name comes from the register."),
    )
    job_title = models.CharField(verbose_name=_("job title"), max_length=120, blank=True)
    position = models.ForeignKey(
        "org.Position", verbose_name=_("position"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    age = models.PositiveSmallIntegerField(
        verbose_name=_("age"), null=True, blank=True, validators=[MinValueValidator(14), MaxValueValidator(99)]
    )
    tenure_months = models.PositiveIntegerField(verbose_name=_("months in the job"), null=True, blank=True)
    daily_supervised = models.BooleanField(
        verbose_name=_("supervised by us day to day"),
        default=False,
        help_text=_("A contractor or temporary worker we supervise day to day goes on our OSHA log."),
    )

    outcome = models.CharField(
        verbose_name=_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.UNHURT
    )
    nature = models.CharField(
        verbose_name=_("nature of injury"), max_length=16, choices=InjuryNature.choices, blank=True
    )
    body_part = models.CharField(verbose_name=_("body part"), max_length=12, choices=BodyPart.choices, blank=True)
    injury_text = models.CharField(verbose_name=_("injury as described"), max_length=300, blank=True)
    is_illness = models.BooleanField(verbose_name=_("illness (not an injury)"), default=False)
    case_type = models.CharField(
        verbose_name=_("OSHA case type"), max_length=1, choices=OshaCaseType.choices, default=OshaCaseType.INJURY
    )
    work_related = models.BooleanField(verbose_name=_("work-related"), default=True)
    new_case = models.BooleanField(
        verbose_name=_("new case"), default=True, help_text=_("Not a recurrence of a case already recorded.")
    )
    days_away = models.PositiveIntegerField(
        verbose_name=_("days away from work"),
        default=0,
        help_text=_("Calendar days, counted from the day after the injury."),
    )
    restricted_days = models.PositiveIntegerField(verbose_name=_("days of restricted work or transfer"), default=0)
    treatments = models.JSONField(verbose_name=_("first aid given"), default=list, blank=True)
    medical_treatment = models.BooleanField(verbose_name=_("medical treatment beyond first aid"), default=False)
    loss_of_consciousness = models.BooleanField(verbose_name=_("loss of consciousness"), default=False)
    significant_diagnosis = models.BooleanField(
        verbose_name=_("significant injury or illness diagnosed by a physician"), default=False
    )
    contaminated_sharps = models.BooleanField(
        verbose_name=_("contaminated needlestick or sharps injury"), default=False
    )
    hospitalized = models.BooleanField(verbose_name=_("hospitalised as an in-patient"), default=False)
    amputation = models.BooleanField(verbose_name=_("amputation"), default=False)
    eye_loss = models.BooleanField(verbose_name=_("loss of an eye"), default=False)
    date_of_death = models.DateField(verbose_name=_("date of death"), null=True, blank=True)
    privacy_reason = models.CharField(
        verbose_name=_("privacy case"),
        max_length=1,
        choices=PrivacyReason.choices,
        blank=True,
        help_text=_("The name is then replaced by “privacy case” on every page, form and export."),
    )
    # Form 301
    physician = models.CharField(verbose_name=_("physician or health care professional"), max_length=120, blank=True)
    treatment_facility = models.CharField(verbose_name=_("treatment facility"), max_length=200, blank=True)
    emergency_room = models.BooleanField(verbose_name=_("treated in an emergency room"), default=False)
    began_work_at = models.TimeField(verbose_name=_("time the employee began work"), null=True, blank=True)
    doing_before = models.TextField(
        verbose_name=_("what the employee was doing just before"), blank=True, max_length=2000
    )
    object_substance = models.CharField(
        verbose_name=_("object or substance that did the harm"), max_length=200, blank=True
    )

    # Computed (services.refresh_figures)
    injury_class = models.CharField(
        verbose_name=_("GB 6441 class"), max_length=8, choices=InjuryClass.choices, blank=True, editable=False
    )
    stat_class = models.CharField(
        verbose_name=_("statistical-report class"),
        max_length=8,
        choices=StatReportClass.choices,
        blank=True,
        editable=False,
    )
    lost_workdays = models.PositiveIntegerField(verbose_name=_("lost workdays charged"), default=0, editable=False)
    recordable = models.BooleanField(verbose_name=_("OSHA recordable"), default=False, editable=False)
    recordability_reason = models.CharField(verbose_name=_("why"), max_length=120, blank=True, editable=False)
    osha_column = models.CharField(
        verbose_name=_("OSHA 300 column"), max_length=1, choices=OshaColumn.choices, blank=True, editable=False
    )
    osha_days_away = models.PositiveIntegerField(verbose_name=_("K: days away"), default=0, editable=False)
    osha_restricted_days = models.PositiveIntegerField(verbose_name=_("L: days restricted"), default=0, editable=False)
    on_osha_log = models.BooleanField(verbose_name=_("on the OSHA 300 log"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("person involved")
        verbose_name_plural = _("people involved")
        ordering = ["incident", "id"]
        indexes = [models.Index(fields=["incident", "recordable"], name="inc_person_recordable")]

    def __str__(self):
        return self.display_name

    @property
    def recordability_text(self) -> str:
        """Why it is (not) recordable, in the reader's language (the stored code is language-neutral)."""
        from zeroharm.incidents.standards import RECORDABILITY_REASONS

        return str(RECORDABILITY_REASONS.get(self.recordability_reason, ""))

    @property
    def is_privacy_case(self) -> bool:
        return bool(self.privacy_reason)

    @property
    def real_name(self) -> str:
        return self.person.name if self.person_id else self.name

    @property
    def display_name(self) -> str:
        """The name wherever a name shows: "Privacy case" for the cases of OSHA 1904.29(b)(7)."""
        if self.is_privacy_case:
            return str(_("Privacy case"))
        return self.real_name or str(_("(unnamed)"))


class FileKind(models.TextChoices):
    PHOTO = "photo", _("Photo")
    EVIDENCE = "evidence", _("Evidence")
    GATE = "gate", _("Gate evidence")


class IncidentFile(models.Model):
    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=FileKind.choices, default=FileKind.PHOTO)
    file = models.FileField(verbose_name=_("file"), upload_to="incidents/%Y/%m/")
    original_name = models.CharField(verbose_name=_("file name"), max_length=200, blank=True)
    description = models.CharField(verbose_name=_("description"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(verbose_name=_("uploaded"), auto_now_add=True)

    class Meta:
        verbose_name = _("incident file")
        verbose_name_plural = _("incident files")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name or self.file.name


class TimelineEntry(models.Model):
    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="timeline"
    )
    at = models.DateTimeField(verbose_name=_("time"))
    text = models.CharField(verbose_name=_("what happened then"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("timeline entry")
        verbose_name_plural = _("timeline")
        ordering = ["at", "id"]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.text[:40]}"


class Cause(models.Model):
    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="causes")
    level = models.CharField(verbose_name=_("level"), max_length=8, choices=CauseLevel.choices)
    factor = models.CharField(verbose_name=_("factor"), max_length=12, choices=CauseFactor.choices)
    cause_type = models.CharField(verbose_name=_("type"), max_length=10, choices=CauseType.choices)
    description = models.CharField(verbose_name=_("cause"), max_length=500)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cause")
        verbose_name_plural = _("causes")
        ordering = ["incident", "level", "id"]
        indexes = [models.Index(fields=["factor", "incident"], name="inc_cause_factor")]

    def __str__(self):
        return self.description[:60]


class WhyStep(models.Model):
    """One answer in the 5-why chain: each answers "why?" of the one before it."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="whys")
    number = models.PositiveSmallIntegerField(
        verbose_name=_("why no."), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    answer = models.CharField(verbose_name=_("because"), max_length=500)

    class Meta:
        verbose_name = _("why")
        verbose_name_plural = _("5-why chain")
        ordering = ["incident", "number"]
        constraints = [models.UniqueConstraint(fields=["incident", "number"], name="inc_why_unique_number")]

    def __str__(self):
        return f"{self.number}. {self.answer[:50]}"


class Finding(models.Model):
    """A responsibility finding: who was responsible for what, and how it was dealt with."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="findings"
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(verbose_name=_("name (if not in the register)"), max_length=80, blank=True)
    responsibility = models.CharField(verbose_name=_("responsibility"), max_length=500)
    kind = models.CharField(verbose_name=_("dealt with by"), max_length=12, choices=FindingKind.choices)
    decided_on = models.DateField(verbose_name=_("decided on"))
    note = models.CharField(verbose_name=_("note"), max_length=500, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("responsibility finding")
        verbose_name_plural = _("responsibility findings")
        ordering = ["incident", "id"]

    def __str__(self):
        return self.responsibility[:60]

    @property
    def who(self) -> str:
        return self.person.name if self.person_id else self.name


class GateSign(models.Model):
    """One of the four don't-let-go gates, confirmed with its evidence by someone who may approve."""

    incident = models.ForeignKey(Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="gates")
    gate = models.CharField(verbose_name=_("gate"), max_length=16, choices=Gate.choices)
    evidence = models.TextField(verbose_name=_("evidence"), max_length=4000)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("confirmed by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    signed_at = models.DateTimeField(verbose_name=_("confirmed at"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closure gate")
        verbose_name_plural = _("closure gates")
        ordering = ["incident", "gate"]
        constraints = [models.UniqueConstraint(fields=["incident", "gate"], name="inc_gate_unique")]

    def __str__(self):
        return self.get_gate_display()


class LessonSession(models.Model):
    """A session where the lessons of an incident were taught (the education gate)."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="lesson_sessions"
    )
    held_on = models.DateField(verbose_name=_("held on"))
    attendees = models.PositiveIntegerField(verbose_name=_("attendees"), validators=[MinValueValidator(1)])
    topic = models.CharField(verbose_name=_("topic"), max_length=300)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("lessons session")
        verbose_name_plural = _("lessons sessions")
        ordering = ["incident", "held_on"]

    def __str__(self):
        return f"{self.held_on} {self.topic[:40]}"


class LessonAcknowledgement(models.Model):
    """A member of the unit's staff confirming they read the lessons of the incident."""

    incident = models.ForeignKey(
        Incident, verbose_name=_("incident"), on_delete=models.CASCADE, related_name="acknowledgements"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("who"), on_delete=models.CASCADE, related_name="+"
    )
    at = models.DateTimeField(verbose_name=_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("lesson acknowledgement")
        verbose_name_plural = _("lesson acknowledgements")
        constraints = [models.UniqueConstraint(fields=["incident", "user"], name="inc_ack_unique")]

    def __str__(self):
        return f"{self.incident_id}/{self.user_id}"


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
        return reverse("incidents:case_detail", args=[self.pk])


class ImportMapping(ScopedModelMixin, models.Model):
    """A saved column mapping for importing incidents from someone else's spreadsheet.

    It belongs to a unit and is scoped like every record (`visible_to(user, Action.IMPORT)`): whoever may import in
    that unit's subtree may change or delete it; units below use it too (`importing.saved`). A mapping of the
    group's root unit is everyone's, and only a role held at the root reaches it to change it.
    """

    scope_area = "safety"
    scope_unit_field = "owner_unit"

    name = models.CharField(verbose_name=_("name"), max_length=100)
    owner_unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("shared with"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("The unit whose subtree uses the mapping; the group's top unit shares it with everyone."),
    )
    columns = models.JSONField(
        verbose_name=_("columns"),
        default=dict,
        help_text=_("For each incident field: the file's column that fills it."),
    )
    fixed = models.JSONField(
        verbose_name=_("fixed values"),
        default=dict,
        blank=True,
        help_text=_("Fields given one value for every row (e.g. the unit)."),
    )
    encoding = models.CharField(verbose_name=_("encoding"), max_length=16, default="auto")
    value_tables = models.JSONField(
        verbose_name=_("value tables"),
        default=dict,
        blank=True,
        help_text=_("For a field, the file's values and ours: {field: {file value: our value}}."),
    )
    empty_values = models.JSONField(
        verbose_name=_("values that mean empty"), default=list, blank=True, help_text=_("e.g. ?, N/A, NO VALUE FOUND")
    )
    date_order = models.CharField(
        verbose_name=_("date order"),
        max_length=8,
        default="detect",
        help_text=_("How the files write their dates: detect, ymd, dmy or mdy (core.imports.dates.DateOrder)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(verbose_name=_("updated"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner_unit", "name"], name="inc_mapping_unique_name")]

    def __str__(self):
        return self.name

    @classmethod
    def choosable_for(cls, user):
        """Units below use their branch's and the group's mappings too, not only those they may change."""
        from zeroharm.incidents.importing.saved import usable_mappings

        return usable_mappings(user)
