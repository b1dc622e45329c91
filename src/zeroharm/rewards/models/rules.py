"""The rules that propose rewards by themselves (never approve them), switched on or off per unit: the nearest unit
at or above a record's unit with settings decides."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from zeroharm.core.links import record_url
from zeroharm.core.models import DomainModel
from zeroharm.rewards.choices import MAX_AMOUNT

__all__ = ["RuleSettings"]


class RuleSettings(DomainModel):
    scope_area = "rewards"
    scope_unit_field = "unit"

    unit = models.OneToOneField(
        "org.OrgUnit",
        verbose_name=_("unit"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("They apply to this unit and every unit under it, unless a unit below has its own."),
    )
    major_hazard_reward = models.BooleanField(
        verbose_name=_("propose a reward for reporting a major hidden danger"),
        default=True,
        help_text=_("When a hidden danger is assessed as major, its reporter is proposed a safety bonus."),
    )
    major_hazard_amount = models.DecimalField(
        verbose_name=_("bonus for a major hidden danger (CNY)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("500"),
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)],
    )

    assessment_ranking = models.BooleanField(
        verbose_name=_("propose from the agreements' assessment"),
        default=True,
        help_text=_(
            "When an assessment is confirmed, the unit ranked first among its issuer's units is proposed a "
            "commendation, and a unit whose veto target was missed a warning."
        ),
    )

    class Meta:
        verbose_name = _("reward rule settings")
        verbose_name_plural = _("reward rule settings")
        ordering = ["unit__path"]

    def __str__(self):
        return str(self.unit)

    def get_absolute_url(self):
        return record_url("rewards:rulesettings_edit", self.pk)
