"""Similar past incidents and a suggested accident category (issue 4, points 12 and 13), from the narratives.

**Similar incidents.** One `text.NarrativeIndex` of every non-archived incident's description, built by the
worker and never inside a request (issue 11, point 19: the first request after an import took 44.8 s), and saved
by `narrative_store` as memory-mapped arrays under `settings.VAR_DIR / "analytics" / "narratives"`, so that every
app-server process maps the same pages instead of holding its own copy (750–810 MB each before).

- The worker's job (`index_update`, from `analytics.tasks.refresh_narratives`) is queued when incidents change
  (the "incidents.changed" event, published after commit by their services and the import) and by the daily
  scan. It compares a cheap fingerprint of the non-archived incidents — how many, the highest id, the sum of the
  ids and the latest `updated_at` — with the saved index's: the same, nothing to do; incidents added, edited or
  archived since, only those are added again or removed; something else (a hard delete), or a quarter of the
  index newer than its vocabulary, or a day old for the scan: rebuilt from every narrative.
- Each narrative also carries its *category profile* (the probability of each GB 6441 category, from the
  suggester below, trained first), and a lookup ranks by `text.blend`: 80% the cosine of the narratives, 20% the
  probability that the two are the same kind of accident (benchmarks/similar_accuracy.py measures it). Without a
  suggester (fewer than `MIN_CLASSIFIED` classified incidents) the score is the cosine.
- The k nearest are always shown: those scoring below `MIN_SCORE` are *weak* (`SimilarIncident.weak`), and the
  page says so, instead of showing nothing (38% of the OSHA lookups have no narrative at a cosine of 0.3).
- A lookup maps the latest version (a small file read tells if there is a newer one); before the first build it
  answers None ("being prepared"). Archived incidents drop out at once (the hits are read again).

**Suggested category.** A `text.CategorySuggester` trained on the organisation's own classified incidents
(`Incident.category` not blank, archived ones left out; the most recent 20,000), from what the incident form says:
the narrative, the agent or equipment and the injuries of the people involved (`incidents.selectors.injuries_of`),
never the event or exposure. Incidents imported from the OSHA Severe Injury Reports carry the category their OIICS
event code maps to (`incidents.oiics`), so importing that file is how a new organisation bootstraps the suggester;
nothing is shipped with the product. Below `MIN_CLASSIFIED` classified incidents, or with a single category, there
is no suggestion. The model is kept in `VAR_DIR / "analytics" / "category.joblib"` and retrained by the same worker
job when the classified incidents changed (for a large organisation: when their number moved by a tenth, or the
model is an hour old); a request only loads what the worker saved.

**Corrections.** When a person first gives an incident its category, the suggester's first choice is kept with it
(`Incident.suggested_category`); a category that differs is a correction, and the next model counts it
`text.CORRECTION_WEIGHT` times. `category.json` says how many corrections the model learnt from and how many of
them it now gets right; `selectors.suggestion_review` shows administrators the share of suggestions kept.
"""

from __future__ import annotations

import contextlib
import datetime
import json
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, Max, Q, Sum

from zeroharm.analytics import narrative_store, text
from zeroharm.core.roles import Action
from zeroharm.incidents.choices import AccidentCategory
from zeroharm.incidents.models import Incident
from zeroharm.incidents.selectors import injuries_of

__all__ = [
    "SimilarIncident",
    "similar_to_text",
    "narrative_vectors",
    "suggest_category",
    "index_update",
    "category_model",
    "category_meta",
    "category_update",
    "refresh",
    "reset_cache",
    "index_meta",
    "MIN_SCORE",
    "MIN_CLASSIFIED",
]

MIN_SCORE = text.MIN_SCORE  # score below which a similar incident is shown as a weak match
MIN_CLASSIFIED = 30  # classified incidents needed before a category is suggested
MAX_TRAIN = 20_000
REBUILD_SHARE = 0.25  # rebuild when this share of the index was added after its vocabulary was learnt
BATCH = 5_000

_lock = threading.Lock()
_cache: dict[str, object] = {}


def _folder() -> Path:
    return Path(settings.VAR_DIR) / "analytics"


def reset_cache() -> None:
    """Forget the index and the model held in memory (tests; after moving VAR_DIR)."""
    with _lock:
        _cache.clear()


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


#
# The narrative index
#


@dataclass(frozen=True)
class _Key:
    """What the index must hold: a cheap fingerprint of the non-archived incidents."""

    count: int
    max_id: int
    id_sum: int
    last_update: str  # ISO timestamp of the latest updated_at ("" when there is none)

    def as_dict(self) -> dict:
        return {"count": self.count, "max_id": self.max_id, "id_sum": self.id_sum, "last_update": self.last_update}


def _current_key() -> _Key:
    row = Incident.objects.filter(is_archived=False).aggregate(
        n=Count("id"), max_id=Max("id"), id_sum=Sum("id"), last=Max("updated_at")
    )
    return _Key(
        row["n"] or 0, row["max_id"] or 0, int(row["id_sum"] or 0), row["last"].isoformat() if row["last"] else ""
    )


def _narratives(qs):
    """(id, description) of the incidents, read in batches of ids (no huge result held twice)."""
    last = 0
    while True:
        rows = list(qs.filter(pk__gt=last).order_by("pk").values_list("pk", "description")[:BATCH])
        if not rows:
            return
        yield from rows
        last = rows[-1][0]


def _build_index() -> tuple[text.NarrativeIndex, dict]:
    key = _current_key()
    index = text.NarrativeIndex().build(_narratives(Incident.objects.filter(is_archived=False)), category_model())
    meta = {**key.as_dict(), "built": len(index), "added_since_build": 0, "built_at": time.time()}
    return index, meta


def _store() -> Path:
    return _folder() / "narratives"


def index_meta() -> dict | None:
    """What the saved index holds and when it was built (None before the first build)."""
    return narrative_store._pointer(_store())


def _update_index(index: text.NarrativeIndex, meta: dict, key: _Key) -> bool:
    """Bring the index up to `key` incrementally, in memory; False when only a rebuild can (or should)."""
    if not index.classes and category_model() is not None:
        return False  # the first suggester since the build: rebuild, so that every row has its profile
    changed = Incident.objects.all()
    if meta.get("last_update"):
        changed = changed.filter(updated_at__gte=datetime.datetime.fromisoformat(meta["last_update"]))
    index.remove(changed.filter(is_archived=True).values_list("pk", flat=True))
    fresh = list(_narratives(changed.filter(is_archived=False)))
    index.add(fresh, category_model())
    meta["added_since_build"] = meta.get("added_since_build", 0) + len(fresh)
    if len(index) != key.count or meta["added_since_build"] > REBUILD_SHARE * max(meta.get("built", 0), 1):
        return False
    meta.update(key.as_dict())
    return True


def _key_of(meta: dict) -> _Key:
    return _Key(meta.get("count", -1), meta.get("max_id", -1), meta.get("id_sum", -1), meta.get("last_update", ""))


def index_update(*, force: bool = False) -> int:
    """The worker's job: bring the saved index up to the incidents (incrementally, or rebuilt from every
    narrative when `force`, after a hard delete, or when a quarter of it is newer than its vocabulary), and
    write it for the app servers to map. Returns how many narratives it holds."""
    key = _current_key()
    written = index_meta()
    if not force and written is not None and _key_of(written) == key:
        return written.get("count", 0)  # nothing changed since it was written
    loaded = None if force else narrative_store.load_for_update(_store())
    if loaded is not None:
        index, meta = loaded
        if not _update_index(index, meta, key):
            loaded = None
    if loaded is None:
        index, meta = _build_index()
    meta = {name: value for name, value in meta.items() if name != "version"}
    narrative_store.write(index, _store(), meta)
    return len(index)


def _shared_index() -> narrative_store.SharedIndex | None:
    """The index the worker wrote last, memory-mapped; None before its first build. Never built here: a
    request only maps what is on disk (one small file read tells whether a newer version was written)."""
    version = narrative_store.current_version(_store())
    with _lock:
        cached = _cache.get("shared")
        if cached is not None and cached.meta.get("version") == version:
            return cached
        shared = narrative_store.open_current(_store()) if version else None
        _cache["shared"] = shared
        return shared


def narrative_vectors():
    """Texts -> their tf-idf rows with the vocabulary of the index the worker wrote last (`SharedIndex.vectors`),
    for narrative clusters that do not move when unrelated incidents are added (issue 16, point 4); None before
    the worker's first build."""
    index = _shared_index()
    return None if index is None else index.vectors


class SimilarIncident(NamedTuple):
    """A similar past incident and its score (0–1: `text.blend` of the narratives' cosine and the categories)."""

    incident: Incident
    score: float

    @property
    def weak(self) -> bool:
        """Below `MIN_SCORE`: the nearest there is, not a close match."""
        return self.score < MIN_SCORE


def _query_profile(text_: str, index: narrative_store.SharedIndex):
    if not index.classes:
        return None
    model = category_model()
    return None if model is None else text.profiles_for(model, [text_], index.classes)[0]


def similar_to_text(text_: str, user, *, k: int = 5, exclude_id: int | None = None) -> list[SimilarIncident] | None:
    """The k incidents the user may see whose narratives are most like `text_`, best first, weak matches
    included (none only when no narrative shares a word); None while the worker has not built the index yet.
    One query (the incidents) when the index is mapped; incidents written since its last version join it when
    the worker has brought it up to date."""
    if not (text_ or "").strip() or k <= 0:
        return []
    index = _shared_index()
    if index is None:
        return None
    profile = _query_profile(text_, index)
    wanted = k * 4 + 10
    while True:
        hits = index.similar(text_, k=wanted, min_score=0.0, exclude_id=exclude_id, profile=profile)
        visible = {
            i.pk: i
            for i in Incident.objects.visible_to(user, Action.VIEW)
            .filter(pk__in=[pk for pk, _score in hits], is_archived=False)
            .select_related("unit")
        }
        found = [SimilarIncident(visible[pk], score) for pk, score in hits if pk in visible]
        if len(found) >= k or len(hits) < wanted or wanted >= 1000:
            return found[:k]
        wanted *= 5  # most hits were out of the user's sight: look further


#
# The category suggester
#


def _classified():
    return Incident.objects.filter(is_archived=False).exclude(category="")


def _category_key() -> dict:
    row = _classified().aggregate(
        n=Count("id"), last=Max("updated_at"), kinds=Count("category", distinct=True, filter=Q(category__gt=""))
    )
    return {
        "count": row["n"] or 0,
        "last_update": row["last"].isoformat() if row["last"] else "",
        "categories": row["kinds"] or 0,
    }


def _stale(meta: dict | None, key: dict) -> bool:
    if meta is None or meta.get("format") != text.categories.FORMAT_VERSION:
        return True
    if (meta.get("count"), meta.get("last_update")) == (key["count"], key["last_update"]):
        return False
    then = meta.get("count") or 0
    if then < 1000:
        return True
    moved = abs(key["count"] - then) >= then / 10
    return moved or time.time() - meta.get("trained_at", 0) > 3600


def _train() -> tuple[text.CategorySuggester | None, dict]:
    """Learn from the classified incidents (the most recent `MAX_TRAIN`): narrative, agent and injuries; a staff
    correction of an earlier suggestion counts `text.CORRECTION_WEIGHT` times. The meta tells how many corrections
    there were and how many of them the new model now gets right (learnt, not held out)."""
    key = _category_key()
    meta = {**key, "trained_at": time.time(), "format": text.categories.FORMAT_VERSION}
    if key["count"] < MIN_CLASSIFIED or key["categories"] < 2:
        return None, meta
    rows = list(
        _classified()
        .order_by("-occurred_at", "-id")
        .values_list("pk", "description", "agent", "category", "suggested_category")[:MAX_TRAIN]
    )
    injuries = injuries_of(_classified().values("pk"))  # (beyond MAX_TRAIN too: one query, in the worker)
    reports = [text.Report(d, a, injuries.get(pk, "")) for pk, d, a, _c, _s in rows]
    labels = [c for _pk, _d, _a, c, _s in rows]
    corrected = [bool(s) and s != c for _pk, _d, _a, c, s in rows]
    weights = [text.CORRECTION_WEIGHT if c else 1.0 for c in corrected]
    model = text.CategorySuggester().fit(reports, labels, weights=weights)
    fixed = [(r, y) for r, y, c in zip(reports, labels, corrected, strict=True) if c]
    meta["corrections"] = len(fixed)
    learnt = model.predict([r for r, _ in fixed]) if fixed else []
    meta["corrections_learnt"] = sum(p == y for p, (_r, y) in zip(learnt, fixed, strict=True))
    return model, meta


def category_update(*, force: bool = False) -> text.CategorySuggester | None:
    """The worker's job: retrain the suggester when the classified incidents changed (or `force`), and save it."""
    folder = _folder()
    key = _category_key()
    disk = _read_json(folder / "category.json")
    if not force and disk is not None and not _stale(disk, key):
        return None if disk.get("empty") else _loaded_model()
    model, meta = _train()
    if model is not None:
        model.save(folder / "category.joblib")
    meta["empty"] = model is None
    _write_json(folder / "category.json", meta)
    return model


def _loaded_model() -> text.CategorySuggester | None:
    try:
        return text.CategorySuggester.load(_folder() / "category.joblib")
    except (OSError, ValueError, EOFError, KeyError):
        return None


def category_meta() -> dict | None:
    """What the worker wrote about the model it trained last (when, on how many, its corrections), or None."""
    return _read_json(_folder() / "category.json")


def category_model() -> text.CategorySuggester | None:
    """The suggester the worker trained last on the organisation's classified incidents; None below
    `MIN_CLASSIFIED` or before its first training (never trained inside a request)."""
    disk = _read_json(_folder() / "category.json")
    stamp = disk.get("trained_at") if disk else None
    with _lock:
        if "model_meta" in _cache and _cache["model_meta"] == stamp:
            return _cache.get("model")
        model = None if disk is None or disk.get("empty") else _loaded_model()
        _cache.update(model=model, model_meta=stamp)
        return model


def suggest_category(report: str | text.Report, k: int = 3) -> list[tuple[str, str, float]]:
    """The k likeliest GB 6441 categories for a narrative or a `text.Report` (narrative, agent, injuries): (code,
    label, probability), likeliest first; empty when there is nothing to learn from yet or nothing written."""
    report = text.as_report(report)
    if not "".join(report).strip():
        return []
    model = category_model()
    if model is None:
        return []
    out = []
    for code, probability in model.suggest(report, k=k):
        try:
            label = str(AccidentCategory(code).label)
        except ValueError:
            continue
        out.append((code, label, probability))
    return out


def refresh(*, force: bool = False) -> str:
    """Bring the narrative index and the category model up to date (rebuild both when `force`): the worker's
    job, queued when incidents change and by the daily scan."""
    model = category_update(force=force)  # first: the index takes its category profiles from it
    count = index_update(force=force)
    return f"{count} narratives indexed; category model {'trained on ' + str(model.n_train) if model else 'none'}"
