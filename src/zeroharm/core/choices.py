"""Vocabularies shared by several modules (risks, hazards, incidents)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = ["AccidentCategory"]


class AccidentCategory(models.TextChoices):
    """GB 6441-1986 accident categories (事故类别), codes 01–20: the one definition, used by risks (hazard
    sources), hidden dangers and incidents (docs/standards/gb6441.md)."""

    OBJECT_STRIKE = "01", _("Object strike")
    VEHICLE = "02", _("Vehicle injury")
    MECHANICAL = "03", _("Mechanical injury")
    LIFTING = "04", _("Lifting injury")
    ELECTRIC_SHOCK = "05", _("Electric shock")
    DROWNING = "06", _("Drowning")
    BURNS = "07", _("Burns and scalds")
    FIRE = "08", _("Fire")
    FALL_FROM_HEIGHT = "09", _("Fall from height")
    COLLAPSE = "10", _("Collapse")
    ROOF_FALL = "11", _("Roof fall and rib spalling")
    WATER_INRUSH = "12", _("Water inrush")
    BLASTING = "13", _("Blasting")
    GUNPOWDER_EXPLOSION = "14", _("Explosive (gunpowder) explosion")  # 火药爆炸
    GAS_EXPLOSION = "15", _("Gas (firedamp) explosion")  # 瓦斯爆炸
    BOILER_EXPLOSION = "16", _("Boiler explosion")
    VESSEL_EXPLOSION = "17", _("Pressure vessel explosion")
    OTHER_EXPLOSION = "18", _("Other explosion")
    POISONING = "19", _("Poisoning and asphyxiation")
    OTHER = "20", _("Other injury")
