"""The group's scoring rules for team scorecards and star ratings (weights, vetoes, thresholds: data, not code,
STANDARDS §12.8), and the yearly star rating of a team with the evidence behind it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel

__all__ = ["ScoringRules", "StarRating"]


class ScoringRules(DomainModel):
    """A unit's rules (usually the group's): they hold for every team under it down to the next unit with its own.
    `weights` and `stars` override the defaults of teams.rules.scoring key by key; what is left out keeps its
    default."""

    scope_area = "teams"
    scope_unit_field = "unit"

    unit = models.OneToOneField("org.OrgUnit", verbose_name=_("for"), on_delete=models.PROTECT, related_name="+")
    weights = models.JSONField(verbose_name=_("weights"), default=dict, blank=True)
    stars = models.JSONField(
        verbose_name=_("star thresholds"),
        default=list,
        blank=True,
        help_text=_("The lowest yearly score for 1, 2, 3, 4 and 5 stars, e.g. [60, 70, 80, 90, 95]."),
    )

    class Meta:
        verbose_name = _("scoring rules")
        verbose_name_plural = _("scoring rules")
        ordering = ["unit__path"]

    def __str__(self):
        return str(self.unit)

    def get_absolute_url(self):
        return record_url("teams:scoringrules_detail", self.pk)


class StarRating(DomainModel):
    """A team's star rating for a year (星级班组), from its monthly scorecards under the rules then in force; the
    evidence (each month's score and its lines) is kept with it, so the rating stays explained if rules change."""

    scope_area = "teams"
    scope_unit_field = "team"

    team = models.ForeignKey("org.OrgUnit", verbose_name=_("team"), on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(verbose_name=_("year"))
    score = models.DecimalField(verbose_name=_("yearly score"), max_digits=5, decimal_places=1)
    stars = models.PositiveSmallIntegerField(verbose_name=_("stars"))
    vetoed = models.BooleanField(verbose_name=_("vetoed"), default=False)
    evidence = models.JSONField(verbose_name=_("evidence"), default=dict)
    rated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("rated by"), on_delete=models.PROTECT, related_name="+"
    )
    rated_at = models.DateTimeField(verbose_name=_("rated at"))

    class Meta:
        verbose_name = _("star rating")
        verbose_name_plural = _("star ratings")
        ordering = ["-year", "-score", "team__path"]
        constraints = [models.UniqueConstraint(fields=["team", "year"], name="star_rating_once_a_year")]

    def __str__(self):
        return f"{self.team.name} · {self.year} · {'★' * self.stars or '—'}"

    def get_absolute_url(self):
        return record_url("teams:starrating_detail", self.pk)
