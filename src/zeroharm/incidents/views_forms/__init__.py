"""Injury rates and the OSHA forms: pages, PDFs, CSVs and the ITA upload file.

Who may open them: a role that views safety records across a subtree (area "safety", not only one's own
records: an employee gets 403), for a unit inside that subtree (else 404). The confidential privacy-case
list needs "view" in area "privacy" instead (core.roles: administrators and safety managers).
Definitions: ``incidents.rates_selectors`` (rates) and ``incidents.osha`` (forms)."""

from zeroharm.incidents.views_forms.osha import OshaView
from zeroharm.incidents.views_forms.osha_reports import ItaView, Osha300AView, Osha300View, Osha301View, PrivacyListView
from zeroharm.incidents.views_forms.rates import RatesView

__all__ = ["RatesView", "OshaView", "Osha300View", "Osha300AView", "Osha301View", "ItaView", "PrivacyListView"]
