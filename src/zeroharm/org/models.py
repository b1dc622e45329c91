"""The organisation: unit tree, positions, people, man-hours."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.core.scoping import ScopedQuerySetMixin, subtree_unit_ids
from zeroharm.core.wording import bracketed
from zeroharm.org.choices import EmploymentType, IndustryClass, PersonStatus, Sex, UnitKind

__all__ = ["OrgUnit", "UnitKindLabel", "Position", "Person", "ManHours"]

code_validator = RegexValidator(r"^[A-Za-z0-9][A-Za-z0-9._-]*$", _("Use letters, digits, '.', '_' or '-'."))


class OrgUnitQuerySet(ScopedQuerySetMixin, MP_NodeQuerySet):
    pass


class OrgUnitManager(MP_NodeManager):
    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")

    def visible_to(self, user, action="view"):
        return self.get_queryset().visible_to(user, action)


class OrgUnit(MP_Node, DomainModel):
    """A unit of the group: the group itself, a branch, a workshop or a team.

    Materialized paths (django-treebeard) make "this unit and everything under it" one indexed
    prefix match, which is what every scoped query and subtree report needs.
    """

    scope_area = "org"
    scope_unit_field = ""
    node_order_by = None

    code = models.CharField(verbose_name=_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(verbose_name=_("name"), max_length=120)
    kind = models.CharField(verbose_name=_("kind"), max_length=16, choices=UnitKind.choices)
    principal = models.ForeignKey(
        "org.Person",
        verbose_name=_("first responsible person"),
        help_text=_("The principal person of the unit, accountable for its safety."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="principal_of",
    )
    safety_officers = models.ManyToManyField(
        "org.Person", verbose_name=_("safety officers"), blank=True, related_name="safety_officer_of"
    )
    industry_class = models.CharField(
        verbose_name=_("industry class"),
        max_length=16,
        choices=IndustryClass.choices,
        blank=True,
        help_text=_(
            "Sets the minimum training hours (24, 72 or 32 for new staff). Leave empty to take the unit above's; "
            "the group's default is a general enterprise."
        ),
    )

    objects = OrgUnitManager()

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        indexes = [
            models.Index(fields=["kind", "path"]),
            # The roots (depth 1, asked for by the scoping rule on most pages) and the top levels a list's unit
            # filter offers, in tree order, without reading every unit of the group.
            models.Index(fields=["depth", "path"], name="orgunit_depth_path"),
        ]

    def __str__(self):
        return bracketed(self.name, self.code)

    @property
    def principal_user(self):
        """The active login of the unit's first responsible person, if any (whom reminders and escalations reach)."""
        return self.principal.active_user if self.principal_id else None

    def get_absolute_url(self):
        return record_url("org:orgunit_detail", self.pk)

    @property
    def parent_path(self) -> str:
        return self.path[: -self.steplen]

    def clean(self):
        super().clean()
        if "\x00" in (self.name or "") + (self.code or ""):
            raise ValidationError(_("Text may not contain NUL characters."))


class UnitKindLabel(models.Model):
    """What this site calls each level of the tree, in each language."""

    kind = models.CharField(verbose_name=_("kind"), max_length=16, choices=UnitKind.choices, unique=True)
    label_en = models.CharField(verbose_name=_("label (English)"), max_length=40)
    label_zh_hans = models.CharField(verbose_name=_("label (Chinese)"), max_length=40)

    class Meta:
        verbose_name = _("unit kind label")
        verbose_name_plural = _("unit kind labels")

    def __str__(self):
        return self.label_en


class Position(DomainModel):
    """A job title with the flags that later modules (training, certificates) key on."""

    scope_area = "org"
    scope_unit_field = None  # a group-wide catalogue

    code = models.CharField(verbose_name=_("code"), max_length=32, unique=True, validators=[code_validator])
    name = models.CharField(verbose_name=_("name"), max_length=120)
    is_special_operation = models.BooleanField(
        verbose_name=_("special operation"),
        default=False,
        help_text=_("Work that needs a special-operation certificate (welding, electrical, work at height...)."),
    )
    is_high_risk = models.BooleanField(verbose_name=_("high-risk post"), default=False)
    description = models.TextField(verbose_name=_("description"), blank=True)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return record_url("org:position_detail", self.pk)


class Person(DomainModel):
    scope_area = "people"
    scope_unit_field = "unit"
    scope_owner_field = "user"

    employee_no = models.CharField(
        verbose_name=_("employee number"), max_length=32, unique=True, validators=[code_validator]
    )
    name = models.CharField(verbose_name=_("name"), max_length=80)
    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="people")
    position = models.ForeignKey(
        Position, verbose_name=_("position"), null=True, blank=True, on_delete=models.PROTECT, related_name="people"
    )
    employment_type = models.CharField(
        verbose_name=_("employment type"),
        max_length=16,
        choices=EmploymentType.choices,
        default=EmploymentType.EMPLOYEE,
    )
    hire_date = models.DateField(verbose_name=_("hire date"), null=True, blank=True)
    birth_date = models.DateField(verbose_name=_("birth date"), null=True, blank=True)
    sex = models.CharField(verbose_name=_("sex"), max_length=1, choices=Sex.choices, blank=True)
    phone = models.CharField(
        verbose_name=_("phone"),
        max_length=32,
        blank=True,
        validators=[RegexValidator(r"^\+?[0-9][0-9 -]{4,30}$", _("Enter a phone number of digits, spaces or '-'."))],
    )
    status = models.CharField(
        verbose_name=_("status"), max_length=8, choices=PersonStatus.choices, default=PersonStatus.ACTIVE
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name", "id"]
        indexes = [
            models.Index(fields=["name", "id"]),
            models.Index(fields=["unit", "name"]),
            # Subtree headcounts and scoped lists: "people of these units, active, not archived".
            models.Index(fields=["unit", "status", "is_archived"]),
            models.Index(fields=["status", "name"]),
            models.Index(fields=["hire_date"]),
            # Every request loads the signed-in user with their person (person.user_id = ?). Most people have no
            # login, and SQLite's statistics count those NULLs as one value shared by every row: it then judged
            # the unique index useless and scanned the people (12–44 ms at 100,000, issue 11 point 17). An index
            # of the people who have a login is small, and its statistics are right.
            models.Index(fields=["user"], condition=Q(user__isnull=False), name="person_with_login"),
        ]

    def __str__(self):
        return bracketed(self.name, self.employee_no)

    @property
    def active_user(self):
        """This person's login, if there is one and it is active (messages go nowhere otherwise)."""
        return self.user if self.user_id and self.user.is_active else None

    def get_absolute_url(self):
        return record_url("org:person_detail", self.pk)

    def clean(self):
        super().clean()
        today = datetime.date.today()
        if self.birth_date and self.birth_date > today:
            raise ValidationError({"birth_date": _("The birth date is in the future.")})
        if self.hire_date and self.birth_date and self.hire_date <= self.birth_date:
            raise ValidationError({"hire_date": _("The hire date must be after the birth date.")})
        if "\x00" in (self.name or ""):
            raise ValidationError({"name": _("Text may not contain NUL characters.")})


class ManHours(DomainModel):
    """Hours worked and average headcount of one unit in one month: the denominator of every injury rate.

    A month is recorded at one level of any branch of the tree: if a workshop's teams report their
    hours, the workshop does not report them again, so subtree sums never count an hour twice.
    """

    scope_area = "manhours"
    scope_unit_field = "unit"

    unit = models.ForeignKey(OrgUnit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="man_hours")
    month = models.DateField(verbose_name=_("month"), help_text=_("Any day of the month; stored as its first day."))
    hours = models.DecimalField(
        verbose_name=_("hours worked"), max_digits=12, decimal_places=1, validators=[MinValueValidator(0)]
    )
    average_headcount = models.DecimalField(
        verbose_name=_("average headcount"), max_digits=9, decimal_places=1, validators=[MinValueValidator(0)]
    )

    class Meta:
        verbose_name = _("man-hours")
        verbose_name_plural = _("man-hours")
        ordering = ["-month", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "month"], name="manhours_unique_unit_month"),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="manhours_hours_not_negative"),
        ]

    def __str__(self):
        return f"{self.unit.code} {self.month:%Y-%m}"

    def get_absolute_url(self):
        return record_url("org:manhours_detail", self.pk)

    def clean(self):
        super().clean()
        if self.month:
            self.month = self.month.replace(day=1)
        if self.unit_id and self.month and self._overlaps_other_level():
            raise ValidationError(
                {
                    "unit": _("Hours for %(month)s are already recorded for a unit above or below this one.")
                    % {"month": self.month.strftime("%Y-%m")}
                }
            )

    def _overlaps_other_level(self) -> bool:
        path = self.unit.path
        steplen = self.unit.steplen
        ancestors = [path[:i] for i in range(steplen, len(path), steplen)]
        related = models.Q(unit__path__in=ancestors) | models.Q(unit__in=subtree_unit_ids(path))
        return (
            ManHours.objects.filter(related, month=self.month, is_archived=False).exclude(unit_id=self.unit_id).exists()
        )
