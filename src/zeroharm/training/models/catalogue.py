"""The catalogue: courses, their versioned materials, and the training matrix's requirements."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.scoping import CatalogueScope
from zeroharm.core.wording import labelled
from zeroharm.org.choices import UnitKind
from zeroharm.org.models import code_validator
from zeroharm.training.choices import CertificateKind, CourseKind, MaterialKind

__all__ = ["CatalogueScope", "Course", "CourseMaterial", "Requirement"]

HOURS = {"max_digits": 5, "decimal_places": 1, "validators": [MinValueValidator(0)]}


class Course(CatalogueScope, DomainModel):
    scope_area = "training"
    scope_unit_field = "owner_unit"

    code = models.CharField(verbose_name=_("code"), max_length=32, unique=True, validators=[code_validator])
    title = models.CharField(verbose_name=_("title"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=24, choices=CourseKind.choices, db_index=True)
    hours = models.DecimalField(
        verbose_name=_("hours (学时)"), help_text=_("Credit hours as the course counts them."), **HOURS
    )
    validity_months = models.PositiveSmallIntegerField(
        verbose_name=_("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("How long a completion counts; empty: for good."),
    )
    owner_unit = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("owner unit"), on_delete=models.PROTECT, related_name="training_courses"
    )
    description = models.TextField(verbose_name=_("description"), blank=True)
    risk_points = models.ManyToManyField(
        "risks.RiskPoint", verbose_name=_("risks it addresses"), blank=True, related_name="training_courses"
    )
    procedure_refs = models.TextField(
        verbose_name=_("operating procedures"),
        blank=True,
        help_text=_("The operating procedures it teaches, one per line (linked when the team-safety module has them)."),
    )
    # The incident whose lessons it teaches (point 10: a closed incident's lessons become a course in one step).
    source_incident_id = models.PositiveBigIntegerField(verbose_name=_("from incident"), null=True, blank=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["code"]
        indexes = [models.Index(fields=["owner_unit", "kind"])]

    def __str__(self):
        return f"{self.code} {self.title}"

    def get_absolute_url(self):
        return record_url("training:course_detail", self.pk)


class CourseMaterial(DomainModel):
    """One material of a course. Editing a used material makes its next version; the archive names the version
    each person studied."""

    scope_area = "training"
    scope_unit_field = "course__owner_unit"

    course = models.ForeignKey(Course, verbose_name=_("course"), on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(verbose_name=_("title"), max_length=200)
    kind = models.CharField(verbose_name=_("kind"), max_length=8, choices=MaterialKind.choices)
    file = models.FileField(verbose_name=_("file"), upload_to="training/materials/", blank=True)
    url = models.URLField(verbose_name=_("link"), blank=True)
    text = models.TextField(verbose_name=_("text"), blank=True)
    material_version = models.PositiveSmallIntegerField(verbose_name=_("material version"), default=1)
    replaces = models.ForeignKey(
        "self", verbose_name=_("replaces"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    is_current = models.BooleanField(verbose_name=_("current version"), default=True)
    minutes = models.PositiveSmallIntegerField(
        verbose_name=_("study time (minutes)"), default=0, help_text=_("What self-study may credit at most.")
    )
    order = models.PositiveSmallIntegerField(verbose_name=_("order"), default=0)

    class Meta:
        verbose_name = _("course material")
        verbose_name_plural = _("course materials")
        ordering = ["course", "order", "id"]

    def __str__(self):
        return f"{self.title} (v{self.material_version})"

    def clean(self):
        super().clean()
        needed = {MaterialKind.FILE: "file", MaterialKind.LINK: "url", MaterialKind.TEXT: "text"}.get(self.kind)
        if needed and not getattr(self, needed):
            raise ValidationError({needed: _("A material of this kind needs this field.")})


class Requirement(DomainModel):
    """A row of the training matrix: who (a position, or every person of a kind of unit, within a unit's subtree)
    needs what (a course kind or course, and/or a certificate kind), how many hours, how often."""

    scope_area = "training"
    scope_unit_field = "unit"

    unit = models.ForeignKey(
        "org.OrgUnit",
        verbose_name=_("applies in"),
        on_delete=models.PROTECT,
        related_name="training_requirements",
        help_text=_("The unit whose subtree this applies to (the group for everyone)."),
    )
    position = models.ForeignKey(
        "org.Position",
        verbose_name=_("position"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_requirements",
        help_text=_("Empty: everyone in the unit kind below."),
    )
    unit_kind = models.CharField(
        verbose_name=_("kind of unit"),
        max_length=16,
        choices=UnitKind.choices,
        blank=True,
        help_text=_("Empty: people of any kind of unit."),
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="requirements",
        help_text=_("A course; or leave empty and choose a kind of course, which any course of that kind meets."),
    )
    course_kind = models.CharField(
        verbose_name=_("kind of course"), max_length=24, choices=CourseKind.choices, blank=True
    )
    certificate_kind = models.CharField(
        verbose_name=_("certificate"), max_length=24, choices=CertificateKind.choices, blank=True
    )
    min_hours = models.DecimalField(
        verbose_name=_("minimum hours"),
        null=True,
        blank=True,
        help_text=_("Empty: the national minimum for the kind of course and the unit's industry."),
        **HOURS,
    )
    period_months = models.PositiveSmallIntegerField(
        verbose_name=_("every (months)"), default=12, help_text=_("0: once. The hours must fall within this period.")
    )
    note = models.CharField(verbose_name=_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("training requirement")
        verbose_name_plural = _("training requirements")
        ordering = ["unit__path", "position__name", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(course__isnull=True, course_kind="", certificate_kind=""),
                name="training_requirement_needs_something",
            )
        ]

    def __str__(self):
        what = self.course or self.get_course_kind_display() or self.get_certificate_kind_display()
        who = self.position or self.get_unit_kind_display() or _("everyone")
        return labelled(who, what)

    def get_absolute_url(self):
        return record_url("training:requirement_detail", self.pk)

    def clean(self):
        super().clean()
        if not (self.course_id or self.course_kind or self.certificate_kind):
            # On a field (the API documents field errors), which also spares the check constraint's own message.
            raise ValidationError({"course": _("Choose a course, a kind of course or a certificate.")})
        # Here, not in the form: the page and the API refuse the same contradictions.
        course = self.course if self.course_id else None
        if course and self.course_kind and course.kind != self.course_kind:
            raise ValidationError(
                {
                    "course_kind": _(
                        "%(course)s is a course of another kind (%(kind)s): choose the course or a kind, not both."
                    )
                    % {"course": course, "kind": course.get_kind_display()}
                }
            )
        if self.min_hours is not None and not (self.course_id or self.course_kind):
            raise ValidationError(
                {"min_hours": _("Hours apply to a course or a kind of course, not to a certificate alone.")}
            )
