"""The deficiencies a summary drafts from the analysis, for the safety department to confirm and complete with their
causes (issue 15 point 9): each says what was found, from which analysis, and links to the records behind it.

- a target of the unit's agreement missed, or at risk on the period's last day;
- the injury rate risen significantly against the previous period or the same period last year (the exact test);
- a child unit with hidden dangers overdue for rectification on the period's last day;
- repeated accidents: the analysis's clusters (the same category or agent recurring in one workshop) in the period;
- a commitment of a campaign's statement still open past its date.

The text is drafted in the language of the request; the department edits it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.http import urlencode
from django.utils.translation import gettext as _

from zeroharm.analytics.selectors.clusters import repeated_clusters
from zeroharm.analytics.selectors.scope import Scope
from zeroharm.core.links import page_url
from zeroharm.reports.choices import DeficiencySource
from zeroharm.reports.selectors.figures import SummaryFigures
from zeroharm.responsibility.choices import TargetStanding

__all__ = ["Drafted", "drafted_deficiencies", "MAX_CLUSTERS"]

MAX_CLUSTERS = 5  # the largest clusters are drafted; the analysis page lists them all


@dataclass(frozen=True)
class Drafted:
    source: str
    finding: str
    records_url: str = ""


def _figure(value) -> str:
    return "—" if value is None else f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}"


def _targets(figures: SummaryFigures) -> list[Drafted]:
    found = []
    for target in figures.leader.targets:
        if target.standing not in (TargetStanding.MISSED, TargetStanding.AT_RISK):
            continue
        text = _("Target “%(label)s %(comparison)s %(value)s” %(standing)s: the figure was %(actual)s.") % {
            "label": target.label,
            "comparison": target.target.get_comparison_display(),
            "value": _figure(target.target.value),
            "standing": str(TargetStanding(target.standing).label).lower(),
            "actual": _figure(target.actual),
        }
        found.append(Drafted(DeficiencySource.MISSED_TARGET, text, target.records_url))
    return found


def _rates(figures: SummaryFigures) -> list[Drafted]:
    query = {"unit": figures.unit.pk, "from": figures.start, "to": figures.end}
    url = f"{page_url('incidents:rates')}?{urlencode(query)}"
    found = []
    for comparison in figures.comparisons:
        if not comparison.significant_rise:
            continue
        text = _(
            "The injury rate rose against the %(other)s: %(now)s injured against %(before)s, %(ratio).1f times the "
            "rate per hour worked (one-sided exact test, p = %(p).3f)."
        ) % {
            "other": comparison.label,
            "now": figures.injuries,
            "before": comparison.injuries,
            "ratio": comparison.ratio,
            "p": comparison.p_value,
        }
        found.append(Drafted(DeficiencySource.RISING_RATE, text, url))
    return found


def _overdue(figures: SummaryFigures) -> list[Drafted]:
    found = []
    for row in figures.hazards.children:
        if not row.figures.overdue:
            continue
        text = _("%(unit)s: %(n)s hidden dangers overdue for rectification on %(day)s.") % {
            "unit": row.unit.name,
            "n": row.figures.overdue,
            "day": figures.day.isoformat(),
        }
        query = {"unit": row.unit.pk, "period": "custom", "start": figures.start, "end": figures.end}
        found.append(Drafted(DeficiencySource.OVERDUE, text, f"{page_url('hazards:statistics')}?{urlencode(query)}"))
    return found


def _repeated(user, figures: SummaryFigures) -> list[Drafted]:
    clusters, _total = repeated_clusters(user, Scope(figures.unit, figures.start, figures.end))
    found = []
    for cluster in clusters[:MAX_CLUSTERS]:
        text = _("Repeated accidents: %(n)s × “%(what)s” in %(unit)s between %(first)s and %(last)s.") % {
            "n": cluster.size,
            "what": cluster.label,
            "unit": cluster.unit.name if cluster.unit else figures.unit.name,
            "first": cluster.first.date().isoformat(),
            "last": cluster.last.date().isoformat(),
        }
        query = {"unit": figures.unit.pk, "start": figures.start, "end": figures.end}
        found.append(Drafted(DeficiencySource.REPEATED, text, f"{page_url('analytics:repeated')}?{urlencode(query)}"))
    return found


def _commitments(figures: SummaryFigures) -> list[Drafted]:
    """A commitment made in a campaign's statement still open past its date: a statement is not words only."""
    found = []
    for campaign in figures.campaigns:
        for item in campaign["late"]:
            text = _("Commitment of %(unit)s in “%(campaign)s” not kept by %(due)s: %(text)s (%(owner)s).") % {
                "unit": item["unit"],
                "campaign": campaign["name"],
                "due": item["due_on"],
                "text": item["text"],
                "owner": item["owner"],
            }
            found.append(Drafted(DeficiencySource.COMMITMENT, text, campaign["url"]))
    return found


def drafted_deficiencies(user, figures: SummaryFigures) -> list[Drafted]:
    return [
        *_targets(figures),
        *_rates(figures),
        *_overdue(figures),
        *_repeated(user, figures),
        *_commitments(figures),
    ]
