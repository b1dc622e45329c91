"""The accident analysis report (issue 4, point 14): points 8–11 and the similar-narrative clusters of one
scope, in plain words — what recurs, where, when, to whom, and which measures are open — with the charts,
as a PDF (WeasyPrint through `core.pdf.render_pdf`, charts as inline SVG).

`findings(user, scope)` gives the sentences and the data behind them (tested on their own); `report_pdf`
renders them. Every sentence is one translatable message with named placeholders.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from zeroharm.analytics import charts, selectors
from zeroharm.analytics.selectors import Breakdown, Cluster, ClusterParams, Scope, UnitSeries
from zeroharm.core.wording import bracketed, listed
from zeroharm.incidents.choices import BodyPart, IncidentKind, Shift

__all__ = ["Findings", "findings", "cluster_sentence", "span_text", "report_pdf"]

MAX_CLUSTERS = 6  # clusters told in words; the pages list them all


def span_text(scope: Scope) -> str:
    """The period's length in words: "2 years" when it is (about) whole years, else months or days."""
    days = scope.days
    years = round(days / 365.25)
    if years >= 1 and abs(days - years * 365.25) <= 16:
        return ngettext("%(n)s year", "%(n)s years", years) % {"n": years}
    months = round(days / 30.44)
    if months >= 2:
        return ngettext("%(n)s month", "%(n)s months", months) % {"n": months}
    return ngettext("%(n)s day", "%(n)s days", days) % {"n": days}


def _date(value) -> str:
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return formats.date_format(value, "SHORT_DATE_FORMAT")


def _shift_phrase(shift: str) -> str:
    return {Shift.NIGHT: _("at night"), Shift.DAY: _("on the day shift"), Shift.MIDDLE: _("on the middle shift")}.get(
        shift, ""
    )


def _what(cluster: Cluster) -> str:
    if cluster.body_part:
        return _("%(part)s injuries") % {"part": BodyPart(cluster.body_part).label}
    if cluster.basis == "category":
        return _("Accidents of the category “%(category)s”") % {"category": cluster.label}
    category = cluster.factor("category")
    if category is not None and category.shared:
        return _("Accidents of the category “%(category)s”") % {"category": category.value}
    return _("Incidents")


AGENT_SHARE = 0.75  # an agent is named in a cluster's sentence when three in four of its incidents involve it


def cluster_sentence(cluster: Cluster, scope: Scope) -> str:
    """e.g. "Hand injuries recur in Workshop A1 at Press line 3: 9 in 2 years, 6 of them at night." """
    agent_factor = cluster.factor("agent")
    if cluster.basis == "agent":
        agent = cluster.label
    elif agent_factor is not None and agent_factor.count >= AGENT_SHARE * cluster.size:
        agent = agent_factor.value
    else:
        agent = ""
    shift_factor = cluster.factor("shift")
    k = shift_factor.count if shift_factor else 0
    values = {
        "what": _what(cluster),
        "unit": cluster.unit.name if cluster.unit is not None else "",
        "agent": agent,
        "count": cluster.size,
        "span": span_text(scope),
        "k": k,
        "shift": _shift_phrase(cluster.shift),
    }
    every = k == cluster.size
    if agent and cluster.shift:
        message = (
            _("%(what)s recur in %(unit)s at %(agent)s: %(count)s in %(span)s, all of them %(shift)s.")
            if every
            else _("%(what)s recur in %(unit)s at %(agent)s: %(count)s in %(span)s, %(k)s of them %(shift)s.")
        )
    elif agent:
        message = _("%(what)s recur in %(unit)s at %(agent)s: %(count)s in %(span)s.")
    elif cluster.shift:
        message = (
            _("%(what)s recur in %(unit)s: %(count)s in %(span)s, all of them %(shift)s.")
            if every
            else _("%(what)s recur in %(unit)s: %(count)s in %(span)s, %(k)s of them %(shift)s.")
        )
    else:
        message = _("%(what)s recur in %(unit)s: %(count)s in %(span)s.")
    return message % values


def measures_sentence(cluster: Cluster) -> str:
    actions = cluster.actions
    if not actions.total:
        return _("No corrective action has been raised for them.")
    parts = []
    if actions.open:
        parts.append(
            _("%(open)s of its %(total)s measures are still open.") % {"open": actions.open, "total": actions.total}
        )
    if actions.last_verified_at is not None:
        values = {"date": _date(actions.last_verified_at), "n": len(cluster.after_verification)}
        if cluster.recurred:
            parts.append(
                ngettext(
                    "It recurred %(n)s time after the last measure was verified on %(date)s.",
                    "It recurred %(n)s times after the last measure was verified on %(date)s.",
                    values["n"],
                )
                % values
            )
        else:
            parts.append(_("It has not recurred since the last measure was verified on %(date)s.") % values)
    elif not actions.open:
        parts.append(_("None of its measures is verified yet."))
    return " ".join(parts)


def _top(breakdown: Breakdown, n: int = 3) -> list[selectors.Row]:
    rows = [r for r in breakdown.rows if r.count and r.key not in (selectors.UNKNOWN, "other")]
    return sorted(rows, key=lambda r: -r.count)[:n]


def _listing(rows: list[selectors.Row]) -> str:
    return listed(bracketed(r.label, r.count) for r in rows)


@dataclass
class Findings:
    scope: Scope
    total: int
    summary: str
    recurs: list[tuple[Cluster, str, str]] = field(default_factory=list)  # cluster, sentence, measures
    clusters_total: int = 0
    narrative: list[tuple[Cluster, str]] = field(default_factory=list)
    where: list[str] = field(default_factory=list)
    when: list[str] = field(default_factory=list)
    whom: list[str] = field(default_factory=list)
    rates: list[str] = field(default_factory=list)
    rate_series: list[UnitSeries] = field(default_factory=list)  # flagged units, charted
    overall_series: UnitSeries | None = None
    reporting: list[str] = field(default_factory=list)
    open_actions: list = field(default_factory=list)
    open_total: int = 0
    breakdowns: dict[str, Breakdown] = field(default_factory=dict)

    @property
    def sentences(self) -> list[str]:
        """Every sentence of the report, in order."""
        out = [self.summary, *(s for _c, s, _m in self.recurs), *(m for _c, _s, m in self.recurs)]
        return [
            *out,
            *(s for _c, s in self.narrative),
            *self.where,
            *self.when,
            *self.whom,
            *self.rates,
            *self.reporting,
        ]


def _summary(scope: Scope, data: dict[str, Breakdown]) -> str:
    kinds = {r.key: r.count for r in data["kind"].rows}
    values = {
        "n": data["kind"].total,
        "unit": scope.unit.name,
        "start": _date(scope.start),
        "end": _date(scope.end),
        "injuries": kinds.get(IncidentKind.INJURY, 0) + kinds.get(IncidentKind.ILLNESS, 0),
        "near": kinds.get(IncidentKind.NEAR_MISS, 0),
    }
    return (
        ngettext(
            "%(n)s incident in %(unit)s and the units under it from %(start)s to %(end)s: %(injuries)s injuries or "
            "illnesses and %(near)s near misses.",
            "%(n)s incidents in %(unit)s and the units under it from %(start)s to %(end)s: %(injuries)s injuries or "
            "illnesses and %(near)s near misses.",
            values["n"],
        )
        % values
    )


def _where(data: dict[str, Breakdown]) -> list[str]:
    out = []
    units = _top(data["unit"])
    if units:
        out.append(_("Most incidents happened in %(list)s.") % {"list": _listing(units)})
    categories = _top(data["category"])
    if categories:
        out.append(_("The most frequent accident categories: %(list)s.") % {"list": _listing(categories)})
    agents = _top(data["agent"])
    if agents:
        out.append(_("The agents or equipment most often involved: %(list)s.") % {"list": _listing(agents)})
    return out


def _share(row: selectors.Row, total: int) -> dict:
    return {"label": row.label, "n": row.count, "total": total, "pct": round(100 * row.count / total) if total else 0}


def _when(data: dict[str, Breakdown]) -> list[str]:
    out = []
    total = data["kind"].total
    shift = data["shift"].top()
    if shift and total:
        out.append(
            _("By shift, most happened on the %(label)s: %(n)s of %(total)s (%(pct)s %%).") % _share(shift, total)
        )
    hour = data["hour"].top()
    if hour:
        h = int(hour.key)
        out.append(
            _("The hour with the most incidents: %(from)s–%(to)s (%(n)s).")
            % {"from": f"{h:02d}:00", "to": f"{(h + 1) % 24:02d}:00", "n": hour.count}
        )
    weekday = data["weekday"].top()
    if weekday:
        out.append(
            _("The day of the week with the most incidents: %(label)s (%(n)s).")
            % {"label": weekday.label, "n": weekday.count}
        )
    month = data["month"].top()
    if month:
        out.append(
            _("The month with the most incidents: %(label)s (%(n)s).") % {"label": month.label, "n": month.count}
        )
    return out


def _whom(data: dict[str, Breakdown]) -> list[str]:
    out = []
    for dimension, message in (
        ("tenure", _("By time in the job, the people involved were most often %(label)s in it (%(n)s incidents).")),
        ("age", _("By age, they were most often %(label)s (%(n)s incidents).")),
        ("position", _("The position most often involved: %(label)s (%(n)s incidents).")),
        ("body_part", _("The body part most often hurt: %(label)s (%(n)s incidents).")),
    ):
        top = data[dimension].top()
        if top:
            out.append(message % {"label": top.label, "n": top.count})
    return out


def _rate(value: float | None) -> str:
    return "—" if value is None else formats.number_format(round(value, 2), 2)


def _rates(overall: UnitSeries, children: list[UnitSeries]) -> tuple[list[str], list[UnitSeries]]:
    out, charted = [], []
    for series in [overall, *children]:
        if not series.flagged:
            continue
        charted.append(series)
        values = {
            "unit": series.unit.name,
            "r1": _rate(series.first_rate),
            "r2": _rate(series.second_rate),
            "p": formats.number_format(series.ratio.p_value_increase, 4)
            if series.ratio and series.ratio.p_value_increase is not None
            else "—",
        }
        if series.ratio_rose:
            out.append(
                _(
                    "The recordable rate rose significantly in %(unit)s: %(r2)s per 200,000 hours in the "
                    "second half of the period against %(r1)s in the first (p = %(p)s)."
                )
                % values
            )
        months = series.signal_months()
        if months:
            out.append(
                _("In %(unit)s, %(months)s stood far above the baseline rate (exact Poisson test).")
                % {"unit": series.unit.name, "months": listed(selectors.month_label(m) for m in months)}
            )
    if not out:
        out.append(_("No unit's recordable rate rose significantly against its baseline."))
    return out, charted


def _reporting(scope: Scope, user) -> list[str]:
    overall, rows = selectors.pyramids(user, scope)
    out = []
    for row in rows:
        p = row.pyramid
        if p.under_reporting:
            out.append(
                _(
                    "%(unit)s probably under-reports: %(near)s near misses for %(serious)s serious injuries "
                    "(%(ratio)s per serious injury, fewer than %(threshold)s)."
                )
                % {
                    "unit": row.unit.name,
                    "near": p.near_misses,
                    "serious": p.serious,
                    "ratio": formats.number_format(p.near_misses_per_serious, 1),
                    "threshold": p.threshold,
                }
            )
    if not out and overall.pyramid.serious:
        out.append(
            _("No unit reports fewer than %(threshold)s near misses per serious injury.")
            % {"threshold": overall.pyramid.threshold}
        )
    return out


def findings(user, scope: Scope, params: ClusterParams | None = None) -> Findings:
    params = params or ClusterParams()
    data = selectors.breakdowns(user, scope)
    clusters, total_clusters = selectors.repeated_clusters(user, scope, params)
    result = Findings(
        scope=scope,
        total=data["kind"].total,
        summary=_summary(scope, data),
        breakdowns=data,
        clusters_total=total_clusters,
    )
    for cluster in clusters[:MAX_CLUSTERS]:
        result.recurs.append((cluster, cluster_sentence(cluster, scope), measures_sentence(cluster)))
    for cluster in selectors.narrative_clusters(user, scope, params)[:MAX_CLUSTERS]:
        units = sorted({m.unit.name for m in cluster.members})
        result.narrative.append(
            (
                cluster,
                ngettext(
                    "%(n)s incidents tell a similar story (%(terms)s), in %(units)s.",
                    "%(n)s incidents tell a similar story (%(terms)s), in %(units)s.",
                    cluster.size,
                )
                % {"n": cluster.size, "terms": cluster.label, "units": listed(units)},
            )
        )
    result.where = _where(data)
    result.when = _when(data)
    result.whom = _whom(data)
    overall, children = selectors.control_charts(user, scope)
    result.overall_series = overall
    result.rates, result.rate_series = _rates(overall, children)
    result.reporting = _reporting(scope, user)
    result.open_actions, result.open_total = selectors.open_actions(user, scope)
    return result


REPORT_CHARTS = ("unit", "category", "month", "hour", "shift", "body_part")
REPORT_TEMPLATE = "analytics/report.html"


def report_context(user, scope: Scope) -> dict:
    """Every figure and chart of the report (charts drawn as inline SVG for the PDF)."""
    from django.utils.safestring import mark_safe

    result = findings(user, scope)
    breakdown_charts = []
    for dimension in REPORT_CHARTS:
        b = result.breakdowns[dimension]
        if b.counted:
            title = _("%(dimension)s — %(unit)s") % {"dimension": b.label, "unit": scope.unit.name}
            breakdown_charts.append((title, charts.data_uri(charts.breakdown_svg(b, title, for_pdf=True))))
    rate_charts = []
    for series in [result.overall_series, *result.rate_series]:
        if series is not None and series.has_hours and series.unit.pk not in {u for u, _t, _c in rate_charts}:
            title = _("Recordable rate per month — %(unit)s") % {"unit": series.unit.name}
            svg = charts.u_chart_svg(series, title, for_pdf=True)
            rate_charts.append((series.unit.pk, title, charts.data_uri(svg)))
    return {
        "f": result,
        "scope": scope,
        "unit": scope.unit,
        "period_text": scope.describe_period(),
        "breakdown_charts": [(t, mark_safe(uri)) for t, uri in breakdown_charts],  # noqa: S308 - our own base64
        "rate_charts": [(t, mark_safe(uri)) for _pk, t, uri in rate_charts],  # noqa: S308 - our own base64
        "generated": timezone.localtime(),
        "threshold": settings.ZEROHARM_PYRAMID_MIN_RATIO,
        "kinds_text": ", ".join(str(IncidentKind(k).label) for k in scope.kinds),
    }


def report_pdf(user, scope: Scope, *, request=None) -> bytes:
    from zeroharm.core.pdf import render_pdf

    return render_pdf(REPORT_TEMPLATE, report_context(user, scope), request)
