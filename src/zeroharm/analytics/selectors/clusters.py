"""Repeated accidents: clusters of similar incidents in one workshop within a window, and what they share."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from zeroharm.analytics.selectors.breakdowns import _label
from zeroharm.analytics.selectors.records import TENURE_BANDS, band_of
from zeroharm.analytics.selectors.scope import WORKSHOP_DEPTH, Scope, incidents
from zeroharm.core.roles import Action
from zeroharm.incidents.choices import AccidentCategory, BodyPart, CauseFactor, Shift
from zeroharm.incidents.models import Cause, Incident, InvolvedPerson
from zeroharm.org.models import OrgUnit

#
# Repeated accidents (point 9)
#


@dataclass(frozen=True)
class ClusterParams:
    """A cluster: at least `min_count` incidents of one workshop (its whole subtree) with the same accident
    category, or the same agent, within `window_days` of each other (overlapping windows merge)."""

    min_count: int = 3
    window_days: int = 180
    max_clusters: int = 30  # listed, the largest first
    narrative_threshold: float = 0.5  # similarity of narratives (0–1)


@dataclass
class SharedFactor:
    key: str  # "unit", "category", "agent", "shift", "body_part", "factor", "tenure"
    name: str
    value: str
    count: int
    total: int

    @property
    def share(self) -> int:
        return round(100 * self.count / self.total) if self.total else 0

    @property
    def shared(self) -> bool:
        """Held by at least half the members."""
        return self.total > 0 and 2 * self.count >= self.total


@dataclass
class ActionSummary:
    total: int = 0
    open: int = 0  # open or done, not yet verified
    verified: int = 0
    last_verified_at: datetime.datetime | None = None
    open_items: list = field(default_factory=list)

    @property
    def all_verified(self) -> bool:
        return self.total > 0 and self.open == 0 and self.verified > 0


@dataclass
class Cluster:
    basis: str  # "category", "agent" or "narrative"
    unit: OrgUnit | None  # the workshop (None for narrative clusters across units)
    key: str
    label: str  # what recurs: the category's name, the agent, or the narrative's key words
    members: list[Incident]
    factors: list[SharedFactor] = field(default_factory=list)
    actions: ActionSummary = field(default_factory=ActionSummary)
    after_verification: list[Incident] = field(default_factory=list)  # same kind, after the last verification
    body_part: str = ""  # the body part most members share ("" if none is held by half of them)
    shift: str = ""  # likewise, the shift

    @property
    def size(self) -> int:
        return len(self.members)

    @property
    def first(self) -> datetime.datetime:
        return min(m.occurred_at for m in self.members)

    @property
    def last(self) -> datetime.datetime:
        return max(m.occurred_at for m in self.members)

    @property
    def recurred(self) -> bool:
        return bool(self.after_verification)

    def factor(self, key: str) -> SharedFactor | None:
        return next((f for f in self.factors if f.key == key), None)


def _windows(times: list[tuple[datetime.datetime, int]], params: ClusterParams) -> list[list[int]]:
    """Maximal runs of incidents (sorted by time) in which every window of `window_days` starting at a member
    holds at least `min_count`: the union of all such windows, overlapping windows merged."""
    times = sorted(times)
    span = datetime.timedelta(days=params.window_days)
    intervals = []
    j = 0
    for i in range(len(times)):
        j = max(j, i)
        while j + 1 < len(times) and times[j + 1][0] - times[i][0] <= span:
            j += 1
        if j - i + 1 >= params.min_count:
            intervals.append((i, j))
    merged: list[list[int]] = []
    for i, j in intervals:
        if merged and i <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], j)
        else:
            merged.append([i, j])
    return [[pk for _t, pk in times[i : j + 1]] for i, j in merged]


def _workshop_path(path: str) -> str:
    return path[: OrgUnit.steplen * WORKSHOP_DEPTH]


def repeated_clusters(user, scope: Scope, params: ClusterParams = ClusterParams()) -> tuple[list[Cluster], int]:
    """Clusters of repeated accidents by workshop and category or agent, the largest first; and how many
    there are in all (at most `params.max_clusters` are returned, with their members' details).

    Queries: the incidents' (time, unit path, category, agent) — one row each, no text —, then for the
    listed clusters' members: the records, the people, the causes and the actions (four more).
    """
    rows = list(
        incidents(user, scope)
        .filter(Q(category__gt="") | Q(agent__gt=""))
        .values_list("pk", "occurred_at", "unit__path", "category", "agent")
        .order_by()
    )
    groups: dict[tuple[str, str, str], list[tuple[datetime.datetime, int]]] = defaultdict(list)
    agents: dict[str, Counter] = defaultdict(Counter)
    for pk, at, path, category, agent in rows:
        workshop = _workshop_path(path)
        if category:
            groups[("category", workshop, category)].append((at, pk))
        agent = (agent or "").strip()
        if agent:
            key = agent.casefold()
            agents[key][agent] += 1
            groups[("agent", workshop, key)].append((at, pk))
    found: list[tuple[tuple[str, str, str], list[int]]] = []
    for group_key, times in groups.items():
        if len(times) < params.min_count:
            continue
        for members in _windows(times, params):
            found.append((group_key, members))
    # The largest first. A cluster inside a larger one of the same workshop (the same members, or some of
    # them: an agent's accidents within its category's) is no news: its agent shows among the shared factors.
    found.sort(key=lambda f: (-len(f[1]), f[0]))
    kept: dict[str, list[frozenset[int]]] = defaultdict(list)
    unique = []
    for group_key, members in found:
        key = frozenset(members)
        if any(key <= larger for larger in kept[group_key[1]]):
            continue
        kept[group_key[1]].append(key)
        unique.append((group_key, members))
    total = len(unique)
    listed = unique[: params.max_clusters]
    listed_keys = {g for g, _m in listed}
    group_times = {k: v for k, v in groups.items() if k in listed_keys}
    member_ids = {pk for _g, members in listed for pk in members}
    # Incidents of the same group after a verification may lie outside the cluster's window: load them too.
    later_ids = {pk for times in group_times.values() for _t, pk in times}
    details = _member_details(user, member_ids | later_ids, member_ids)
    workshops = {u.path: u for u in OrgUnit.objects.filter(path__in={g[1] for g, _m in listed})}
    clusters = []
    for (basis, workshop_path, key), members in listed:
        label = _label(AccidentCategory, key) if basis == "category" else agents[key].most_common(1)[0][0]
        cluster = Cluster(
            basis=basis,
            unit=workshops.get(workshop_path),
            key=key,
            label=label,
            members=sorted((details.incidents[pk] for pk in members), key=lambda i: i.occurred_at),
        )
        _describe(cluster, details)
        last = cluster.actions.last_verified_at
        if last is not None:
            cluster.after_verification = sorted(
                (details.incidents[pk] for at, pk in group_times[(basis, workshop_path, key)] if at > last),
                key=lambda i: i.occurred_at,
            )
        clusters.append(cluster)
    return clusters, total


@dataclass
class _Details:
    incidents: dict[int, Incident]
    people: dict[int, list[dict]]
    factors: dict[int, set[str]]
    actions: dict[int, list]


def _member_details(user, ids: set[int], member_ids: set[int]) -> _Details:
    """The records of `ids`, and for `member_ids` their people, causes and actions: four queries."""
    from zeroharm.actions.models import ActionItem

    records = {i.pk: i for i in Incident.objects.filter(pk__in=ids).select_related("unit")}
    people: dict[int, list[dict]] = defaultdict(list)
    for p in InvolvedPerson.objects.filter(incident_id__in=member_ids).values(
        "incident_id", "body_part", "tenure_months", "age", "position__name", "outcome"
    ):
        people[p["incident_id"]].append(p)
    factors: dict[int, set[str]] = defaultdict(set)
    for incident_id, factor in Cause.objects.filter(incident_id__in=member_ids).values_list("incident_id", "factor"):
        factors[incident_id].add(factor)
    actions: dict[int, list] = defaultdict(list)
    content_type = ContentType.objects.get_for_model(Incident)
    for item in (
        ActionItem.objects.visible_to(user, Action.VIEW)
        .filter(source_type=content_type, source_id__in=member_ids, is_archived=False)
        .select_related("owner")
    ):
        actions[item.source_id].append(item)
    return _Details(records, people, factors, actions)


FACTOR_NAMES = {
    "unit": _("Unit"),
    "category": _("Accident category"),
    "agent": _("Agent or equipment"),
    "shift": _("Shift"),
    "body_part": _("Body part"),
    "factor": _("Cause factor"),
    "tenure": _("Time in the job"),
}


def _most_common(counter: Counter, total: int, name: str, label) -> SharedFactor | None:
    counter = Counter({k: v for k, v in counter.items() if k})
    if not counter:
        return None
    value, n = counter.most_common(1)[0]
    return SharedFactor(name, str(FACTOR_NAMES[name]), label(value), n, total)


def _describe(cluster: Cluster, details: _Details) -> None:
    """The factors the members share (the most common value of each, with its count) and their actions."""
    from zeroharm.actions.models import ActionStatus

    members = cluster.members
    total = len(members)
    tenure_labels = {k: str(v[0]) for k, v in TENURE_BANDS.items()}
    counters = {
        "unit": Counter(m.unit.name for m in members),
        "category": Counter(m.category for m in members),
        "agent": Counter((m.agent or "").strip() for m in members),
        "shift": Counter(m.shift for m in members),
        "body_part": Counter(bp for m in members for bp in {p["body_part"] for p in details.people[m.pk]}),
        "factor": Counter(f for m in members for f in details.factors[m.pk]),
        "tenure": Counter(
            t for m in members for t in {band_of(p["tenure_months"], TENURE_BANDS) for p in details.people[m.pk]}
        ),
    }
    labels = {
        "unit": str,
        "category": lambda k: _label(AccidentCategory, k),
        "agent": str,
        "shift": lambda k: _label(Shift, k),
        "body_part": lambda k: _label(BodyPart, k),
        "factor": lambda k: _label(CauseFactor, k),
        "tenure": lambda k: tenure_labels.get(k, k),
    }
    for name, counter in counters.items():
        shared = _most_common(counter, total, name, labels[name])
        if shared is not None:
            cluster.factors.append(shared)
    body = Counter({k: v for k, v in counters["body_part"].items() if k})
    if body and 2 * body.most_common(1)[0][1] >= total:
        cluster.body_part = body.most_common(1)[0][0]
    shifts = Counter({k: v for k, v in counters["shift"].items() if k})
    if shifts and 2 * shifts.most_common(1)[0][1] >= total:
        cluster.shift = shifts.most_common(1)[0][0]
    summary = ActionSummary()
    for m in members:
        for item in details.actions[m.pk]:
            if item.status == ActionStatus.CANCELLED:
                continue
            summary.total += 1
            if item.status == ActionStatus.VERIFIED:
                summary.verified += 1
                last = summary.last_verified_at
                if item.verified_at and (last is None or item.verified_at > last):
                    summary.last_verified_at = item.verified_at
            else:
                summary.open += 1
                summary.open_items.append(item)
    cluster.actions = summary


def narrative_clusters(
    user, scope: Scope, params: ClusterParams = ClusterParams(), *, limit: int = 2000
) -> list[Cluster]:
    """Groups of incidents whose narratives are alike (`analytics.text.narrative_clusters`: a star around the
    narrative with the most similar neighbours, each member at cosine ≥ `params.narrative_threshold` with it),
    among the `limit` most recent of the scope; each with its shared factors and measures, like the repeated
    ones. The label is the centre's narrative. Two queries for the texts and the ids, four for the details.

    The narratives are weighed with the vocabulary of the similar-incident index (`similarity.narrative_vectors`),
    learnt by the worker from every incident, not from the ones asked here: the same incidents give the same
    groups, and one more incident unlike the others changes none (issue 16, point 4). Before the worker's first
    build the vocabulary is learnt from these narratives."""
    from zeroharm.analytics import similarity, text

    rows = list(incidents(user, scope).order_by("-occurred_at", "-id").values_list("pk", "description")[:limit])
    if len(rows) < params.min_count:
        return []
    groups = text.narrative_clusters(
        rows,
        min_score=params.narrative_threshold,
        min_size=params.min_count,
        vectors=similarity.narrative_vectors(),
    )
    groups = groups[: params.max_clusters]
    member_ids = {pk for g in groups for pk in g}
    details = _member_details(user, member_ids, member_ids)
    clusters = []
    for group in groups:
        centre = details.incidents[group[0]]
        members = sorted((details.incidents[pk] for pk in group), key=lambda i: i.occurred_at)
        label = Truncator(" ".join(centre.description.split())).chars(90)
        cluster = Cluster(basis="narrative", unit=None, key=str(centre.pk), label=label, members=members)
        _describe(cluster, details)
        last = cluster.actions.last_verified_at
        if last is not None:
            cluster.after_verification = [m for m in members if m.occurred_at > last]
        clusters.append(cluster)
    return clusters


def open_actions(user, scope: Scope, limit: int = 50) -> tuple[list, int]:
    """Actions raised from the scope's incidents that are not verified yet (open, or done and awaiting
    verification), the earliest due first; and how many there are."""
    from zeroharm.actions.models import ActionItem, ActionStatus

    qs = (
        ActionItem.objects.visible_to(user, Action.VIEW)
        .filter(
            source_type=ContentType.objects.get_for_model(Incident),
            is_archived=False,
            source_id__in=incidents(user, scope).values("pk"),
            status__in=[ActionStatus.OPEN, ActionStatus.DONE],
        )
        .select_related("owner", "unit")
    )
    items = list(qs.order_by("due_date", "id")[:limit])
    total = len(items) if len(items) < limit else qs.count()
    return items, total
