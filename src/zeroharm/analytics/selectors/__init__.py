"""Accident analysis as database reads (issue 4, points 8–11): breakdowns, repeated accidents, control charts,
the pyramid check. Every function runs a constant number of queries, whatever the number of incidents.

A *scope* is a unit (its whole subtree), a period (two local dates, both included) and optionally the kinds
of event to count (empty: all). Archived incidents never count. The caller has checked that the user may
view safety records in the whole subtree (core.views.UnitScopeMixin); the queries still start from
`Incident.objects.visible_to(user)`.

Breakdowns (point 8) count incidents per value of one dimension: accident category, child unit, month,
weekday, hour of day, shift, kind, time in the job, age, position, body part, agent or equipment, cause factor.
The dimensions of the people involved (time in the job, age, position, body part) and of the causes count
*incidents* with at least one such person or cause, so an incident with two people in different age bands
counts in both bands (the bars may add up to more than the total). Month, weekday and hour are local time
(`settings.TIME_ZONE`); an incident whose time of day is unknown counts by month and weekday, not by hour.

Each row links to the incident list filtered to its records, with the list's filters
(`incidents.filtersets.IncidentFilterSet`); a filter the list does not have yet is left out of the link and
the row says its link is approximate (`Row.exact`)."""

from zeroharm.analytics.selectors.breakdowns import (  # noqa: F401
    CHRONOLOGICAL,
    DIMENSIONS,
    NOT_RECORDED,
    WEEKDAY_LABELS,
    Breakdown,
    Row,
    _agent_rows,
    _label,
    _month_rows,
    _position_names,
    _rows_in_order,
    _top_rows,
    _unit_rows,
    breakdown,
    breakdowns,
    django_weekday,
)
from zeroharm.analytics.selectors.clusters import (  # noqa: F401
    FACTOR_NAMES,
    ActionSummary,
    Cluster,
    ClusterParams,
    SharedFactor,
    _describe,
    _Details,
    _member_details,
    _most_common,
    _windows,
    _workshop_path,
    narrative_clusters,
    open_actions,
    repeated_clusters,
)
from zeroharm.analytics.selectors.control import (  # noqa: F401
    BASELINE_MONTHS,
    UnitSeries,
    _baseline_length,
    _man_hours,
    _month_case,
    _recordables,
    _series,
    control_charts,
    control_window,
    unit_series,
)
from zeroharm.analytics.selectors.local_time import (  # noqa: F401
    _local_modifier,
    _offset_minutes,
    _time_parts,
    utc_offsets,
)
from zeroharm.analytics.selectors.monthly import counted, kept_months  # noqa: F401
from zeroharm.analytics.selectors.pyramids import (  # noqa: F401
    _DAMAGE_KINDS,
    _NO_HARM,
    PYRAMID_SUMS,
    PyramidRow,
    pyramids,
)
from zeroharm.analytics.selectors.records import (  # noqa: F401
    AGE_BANDS,
    TENURE_BANDS,
    _fixed_fields,
    _people_facts,
    _person_counts,
    band_of,
    from_records,
    person_facts,
)
from zeroharm.analytics.selectors.scope import (  # noqa: F401
    TOP_VALUES,
    UNKNOWN,
    WORKSHOP_DEPTH,
    Scope,
    _day_start,
    _list_filters,
    _month_after,
    analysis_paths,
    child_units,
    default_period,
    drill_url,
    incidents,
    last_day,
    may_analyse,
    month_label,
)
from zeroharm.analytics.selectors.suggestions import (  # noqa: F401
    SuggestionReview,
    administers,
    suggestion_review,
)

__all__ = [
    "Scope",
    "Row",
    "Breakdown",
    "DIMENSIONS",
    "TENURE_BANDS",
    "AGE_BANDS",
    "default_period",
    "analysis_paths",
    "may_analyse",
    "incidents",
    "breakdown",
    "breakdowns",
    "drill_url",
    "ClusterParams",
    "Cluster",
    "SharedFactor",
    "ActionSummary",
    "repeated_clusters",
    "narrative_clusters",
    "UnitSeries",
    "control_window",
    "unit_series",
    "control_charts",
    "PyramidRow",
    "pyramids",
    "open_actions",
    "child_units",
    "WORKSHOP_DEPTH",
    "SuggestionReview",
    "administers",
    "suggestion_review",
]
