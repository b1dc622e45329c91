"""A team's settings for its daily briefing (who leads, who monitors, when it meets, how fast the rules rotate) and
the group's configurable checklist of the briefing: what is handed over, what is checked of each person."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.org.choices import UnitKind

__all__ = ["TeamProfile", "CheckItem", "CheckKind", "ShiftWarning"]

weekdays_validator = RegexValidator(r"^[0-6]{1,7}$", _("Use the digits 0 (Monday) to 6 (Sunday)."))


def default_briefing_time() -> datetime.time:
    """07:45: a quarter of an hour before an eight o'clock shift (a callable: Django warns on a fixed time)."""
    return datetime.time(7, 45)


class TeamProfile(DomainModel):
    scope_area = "teams"
    scope_unit_field = "unit"

    unit = models.OneToOneField(
        "org.OrgUnit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="team_profile"
    )
    leader = models.ForeignKey(
        "org.Person",
        verbose_name=_("team leader"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_led",
    )
    monitor = models.ForeignKey(
        "org.Person",
        verbose_name=_("team safety monitor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teams_monitored",
        help_text=_("The team's part-time safety officer (班组安全员): records safe and unsafe behaviour."),
    )
    briefing_time = models.TimeField(verbose_name=_("briefing starts"), default=default_briefing_time)
    briefing_minutes = models.PositiveSmallIntegerField(
        verbose_name=_("briefing lasts (minutes)"),
        default=15,
        validators=[MinValueValidator(5), MaxValueValidator(120)],
    )
    weekdays = models.CharField(
        verbose_name=_("briefing days"),
        max_length=7,
        default="012345",
        validators=[weekdays_validator],
        help_text=_("The days the team works and meets: 0 is Monday, 6 is Sunday (012345: Monday to Saturday)."),
    )
    briefings_from = models.DateField(
        verbose_name=_("briefings held here from"),
        null=True,
        blank=True,
        help_text=_(
            "The first day the team holds its briefings in ZeroHarm: days before it are neither flagged as not held "
            "nor counted on the scorecard. Empty: every briefing day counts."
        ),
    )
    rotation_days = models.PositiveSmallIntegerField(
        verbose_name=_("rotation cycle (briefings)"),
        default=20,
        validators=[MinValueValidator(1), MaxValueValidator(366)],
        help_text=_("Every clause of the team's procedures is the rule of the day once in this many briefings."),
    )

    class Meta:
        verbose_name = _("team settings")
        verbose_name_plural = _("team settings")
        ordering = ["unit__path"]

    def __str__(self):
        return str(self.unit)

    def get_absolute_url(self):
        return record_url("teams:team_detail", self.unit_id)

    def clean(self):
        super().clean()
        if self.unit_id and self.unit.kind != UnitKind.TEAM:
            raise ValidationError(
                {
                    "unit": _("Briefing settings belong to a team, not to a %(kind)s.")
                    % {"kind": self.unit.get_kind_display()}
                }
            )
        for field in ("leader", "monitor"):
            person = getattr(self, field)
            if person is not None and self.unit_id and not person.unit.path.startswith(self.unit.path):
                raise ValidationError({field: _("%(name)s is not a member of this team.") % {"name": person.name}})


class CheckKind(models.TextChoices):
    HANDOVER = "handover", _("Handed over to the team (交)")
    PERSON = "person", _("Checked of each person (查)")


class CheckItem(DomainModel):
    """One line of the briefing's checklist. A unit's list (usually the group's or a branch's) holds for every team
    under it, down to the next unit that has a list of its own; with none, the built-in 三查两交 list holds."""

    scope_area = "teams"
    scope_unit_field = "unit"

    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("for"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(verbose_name=_("kind"), max_length=10, choices=CheckKind.choices)
    text = models.CharField(verbose_name=_("item"), max_length=200)
    position = models.PositiveSmallIntegerField(verbose_name=_("order"), default=1)

    class Meta:
        verbose_name = _("briefing checklist item")
        verbose_name_plural = _("briefing checklist items")
        ordering = ["unit__path", "kind", "position", "id"]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return record_url("teams:checkitem_detail", self.pk)


class ShiftWarning(DomainModel):
    """A weather or seasonal warning a workshop enters for its teams' briefings (heat, typhoon, freezing, flood
    season…): every briefing of a team under the unit between its first and last day reads it out."""

    scope_area = "teams"
    scope_unit_field = "unit"

    unit = models.ForeignKey("org.OrgUnit", verbose_name=_("for"), on_delete=models.PROTECT, related_name="+")
    text = models.CharField(verbose_name=_("warning"), max_length=300)
    starts_on = models.DateField(verbose_name=_("from"))
    ends_on = models.DateField(verbose_name=_("until"))

    class Meta:
        verbose_name = _("weather or seasonal warning")
        verbose_name_plural = _("weather and seasonal warnings")
        ordering = ["-starts_on", "id"]
        indexes = [models.Index(fields=["ends_on", "starts_on"])]

    def __str__(self):
        return self.text

    def get_absolute_url(self):
        return record_url("teams:shiftwarning_detail", self.pk)

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot come before the first.")})
