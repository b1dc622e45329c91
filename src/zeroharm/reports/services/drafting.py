"""The first text of each section of a summary, written from its figures (STANDARDS 15.7: overview and results
against targets; main work; problems with their causes; lessons; the next period's plan). Plain sentences with the
numbers in them, in the language of the request, for the department to rewrite: a draft, never the final word."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _

from zeroharm.core.wording import labelled
from zeroharm.reports.choices import SectionKey
from zeroharm.reports.selectors.figures import SummaryFigures
from zeroharm.responsibility.choices import TargetStanding

__all__ = ["section_drafts"]


def _number(value) -> str:
    """A figure as the pages show it: at most two decimals, no trailing zeros."""
    if value is None:
        return "—"
    return f"{Decimal(value).quantize(Decimal('0.01')).normalize():f}"


def _overview(figures: SummaryFigures) -> str:
    counts = figures.rates.counts
    lines = [
        _(
            "From %(start)s to %(end)s, %(unit)s recorded %(deaths)s fatalities, %(serious)s serious and %(minor)s "
            "minor injuries (%(days)s workdays lost); the lost-time injury frequency rate was %(ltifr)s per million "
            "hours worked."
        )
        % {
            "start": figures.start.isoformat(),
            "end": figures.end.isoformat(),
            "unit": figures.unit.name,
            "deaths": counts.get("deaths", 0),
            "serious": counts.get("serious", 0),
            "minor": counts.get("minor", 0),
            "days": counts.get("lost_days", 0) or 0,
            "ltifr": _number(figures.rates.ltifr),
        }
    ]
    targets = figures.leader.targets
    if targets:
        met = sum(1 for t in targets if t.standing == TargetStanding.ON_TRACK)
        lines.append(
            _("Of the %(n)s targets of the agreement, %(met)s are met or on track.") % {"n": len(targets), "met": met}
        )
    else:
        lines.append(_("No signed responsibility agreement of the year binds this unit's targets."))
    return "\n\n".join(lines)


def _work(figures: SummaryFigures) -> str:
    hazards = figures.hazards.total
    lines = [
        _(
            "%(found)s hidden dangers were found and %(rectified)s of them rectified (%(rate)s%%); %(open)s remain "
            "open, %(overdue)s of them overdue."
        )
        % {
            "found": hazards.found,
            "rectified": hazards.rectified,
            "rate": _number(hazards.rectification_rate),
            "open": hazards.open,
            "overdue": hazards.overdue,
        }
    ]
    shown = {
        "training.coverage",
        "training.cleared_to_work",
        "teams.briefings_held",
        "teams.violations",
        "hazards.rectified_on_time",
    }
    for row in figures.indicators:
        if row["key"] in shown:
            lines.append(labelled(row["label"], _number(row["value"])))
    lines += [_campaign_line(campaign) for campaign in figures.campaigns]
    return "\n".join(lines)


def _campaign_line(campaign: dict) -> str:
    total = campaign["total"]
    return _(
        "%(name)s (%(start)s – %(end)s): %(accepted)s of %(tasks)s tasks accepted, %(signed)s of %(people)s people "
        "signed the pledge, %(activities)s activities, %(found)s hidden dangers found; %(kept)s commitments kept, "
        "%(open)s open."
    ) % {
        "name": campaign["name"],
        "start": campaign["start"],
        "end": campaign["end"],
        "accepted": total["accepted"],
        "tasks": total["tasks"],
        "signed": total["signed"],
        "people": total["people"],
        "activities": total["activities"],
        "found": total["hazards_found"],
        "kept": campaign["kept"],
        "open": campaign["open"],
    }


def section_drafts(figures: SummaryFigures) -> dict[str, str]:
    return {
        SectionKey.OVERVIEW: _overview(figures),
        SectionKey.WORK: _work(figures),
        SectionKey.DEFICIENCIES: _(
            "The problems below were found in the records; each is confirmed and its cause written by the safety "
            "department."
        ),
        SectionKey.LESSONS: _("What the period's accidents, near misses and overdue rectification teach us:"),
        SectionKey.PLAN: _("The next period's work, each item with its owner and date, tracked in the next review:"),
    }
