"""The people involved in an incident, with their injury and the classes computed from it."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from zeroharm.incidents.choices import (
    BodyPart,
    InjuryClass,
    InjuryNature,
    OshaCaseType,
    OshaColumn,
    Outcome,
    PersonRole,
    PrivacyReason,
    StatReportClass,
)
from zeroharm.incidents.models.incident import Incident


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
