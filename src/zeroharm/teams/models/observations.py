"""The team safety monitor's observations (班组安全员): safe behaviour and the three violations, each with the person,
the clause broken, a photo, the immediate correction and whether the person was coached. A violation the leader
verifies counts against the person (their certificate's review, training) and the team (its scorecard); one found by
the team's own monitor counts for the team too: finding and stopping it is the monitor's work."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.teams.choices import ObservationKind, ViolationType
from zeroharm.teams.models.procedures import Clause

__all__ = ["Observation"]


class Observation(DomainModel):
    scope_area = "teams"
    scope_unit_field = "team"
    scope_owner_field = "person__user"

    team = models.ForeignKey(
        "org.OrgUnit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="observations"
    )
    observed_at = models.DateTimeField(verbose_name=_("observed at"), db_index=True)
    observer = models.ForeignKey(
        "org.Person", verbose_name=_("observed by"), on_delete=models.PROTECT, related_name="+"
    )
    by_team_monitor = models.BooleanField(
        verbose_name=_("found by the team's own monitor"), default=False, editable=False
    )
    kind = models.CharField(verbose_name=_("what was seen"), max_length=10, choices=ObservationKind.choices)
    violation_type = models.CharField(
        verbose_name=_("violation"), max_length=12, choices=ViolationType.choices, blank=True
    )
    person = models.ForeignKey(
        "org.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    clause = models.ForeignKey(
        Clause, verbose_name=_("clause broken"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    description = models.TextField(verbose_name=_("what happened"), max_length=2000)
    photo = models.ImageField(verbose_name=_("photo"), upload_to="observations/%Y/%m/", blank=True)
    corrected = models.BooleanField(verbose_name=_("corrected on the spot"), default=False)
    coached = models.BooleanField(verbose_name=_("the person was coached"), default=False)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    verified_at = models.DateTimeField(verbose_name=_("verified at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("safety observation")
        verbose_name_plural = _("safety observations")
        ordering = ["-observed_at", "-id"]
        indexes = [
            models.Index(fields=["team", "observed_at"]),
            models.Index(fields=["person", "kind", "observed_at"]),
        ]

    def __str__(self):
        who = self.person.name if self.person_id else _("the team")
        return f"{self.get_kind_display()} · {who} · {self.observed_at:%Y-%m-%d}"

    def get_absolute_url(self):
        return record_url("teams:observation_detail", self.pk)

    def clean(self):
        super().clean()
        if self.kind == ObservationKind.VIOLATION and not self.violation_type:
            raise ValidationError({"violation_type": _("Say which of the three violations it was.")})
        if self.kind == ObservationKind.SAFE and self.violation_type:
            raise ValidationError({"violation_type": _("Safe behaviour is not a violation.")})
        if self.kind == ObservationKind.VIOLATION and not self.person_id:
            raise ValidationError({"person": _("Name the person whose violation it was.")})
