"""The narrative index: TF-IDF rows of past incidents, saved atomically, searched for the most similar ones."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer

from zeroharm.analytics.text.tokens import _unzip, narrative_vectorizer


def _atomic_dump(obj: object, path: str | os.PathLike) -> None:
    """joblib.dump to a temporary file beside `path`, then os.replace: a reader never sees half a file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            joblib.dump(obj, handle)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def _load(path: str | os.PathLike, kind: str, version: int = 1) -> dict:
    data = joblib.load(path)
    if not isinstance(data, dict) or data.get("kind") != kind:
        raise ValueError(f"{path} is not a saved {kind}")
    if data.get("version") != version:
        raise ValueError(f"{path}: unknown {kind} format version {data.get('version')!r}")
    return data


MIN_SCORE = 0.3  # a similar narrative scoring below this is shown as a weak match (analytics.similarity)
CATEGORY_WEIGHT = (
    0.2  # share of a score that comes from the likely categories agreeing (benchmarks/similar_accuracy.py)
)


def profiles_for(profiler, texts: list[str], classes: tuple[str, ...]) -> np.ndarray:
    """The rows of `profiler.probabilities(texts)` with their columns in the order of `classes` (a class the
    profiler does not know gets 0); zeros when there is no profiler."""
    out = np.zeros((len(texts), len(classes)), dtype=np.float32)
    if profiler is None or not classes or not texts:
        return out
    theirs = [str(c) for c in profiler.classes]
    where = {c: i for i, c in enumerate(classes)}
    known = [(j, where[c]) for j, c in enumerate(theirs) if c in where]
    if known:
        probabilities = profiler.probabilities(texts)
        for j, i in known:
            out[:, i] = probabilities[:, j]
    return out


def blend(cosines: np.ndarray, profiles: np.ndarray | None, profile: np.ndarray | None) -> np.ndarray:
    """The score of each narrative for a query: its cosine, and when both sides have a category profile,
    ``(1 - CATEGORY_WEIGHT) * cosine + CATEGORY_WEIGHT * (the probability that both are of the same category)``.
    Both parts lie in 0–1, so the score does too."""
    if profile is None or profiles is None or not profiles.shape[1] or not np.any(profile):
        return cosines
    same = np.asarray(profiles @ np.asarray(profile, dtype=np.float32), dtype=np.float32)
    return (1 - CATEGORY_WEIGHT) * cosines + CATEGORY_WEIGHT * same


def _top(scores: np.ndarray, ids: np.ndarray, k: int, min_score: float) -> list[tuple[int, float]]:
    """The k best (id, score) with score >= min_score (and > 0), best first; ties by id, so the order is stable."""
    candidates = np.flatnonzero((scores >= min_score) & (scores > 0))
    if k <= 0 or not len(candidates):
        return []
    if len(candidates) > k:  # keep the k best and everything tied with the k-th
        kth = np.partition(scores[candidates], len(candidates) - k)[len(candidates) - k]
        candidates = candidates[scores[candidates] >= kth]
    order = np.lexsort((ids[candidates], -scores[candidates]))[:k]
    return [(int(ids[i]), min(float(scores[i]), 1.0)) for i in candidates[order]]


class NarrativeIndex:
    """Incident narratives by id, for "similar past incidents" (cosine of their TF-IDF vectors).

    Each row may carry a *category profile*: the probability of each accident category, from a fitted
    `CategorySuggester` handed to ``build`` and ``add`` (the `profiler`); a lookup given the query's own profile
    ranks by :func:`blend` (the text's cosine, and the categories agreeing), which brings the same kind of
    accident first when the words differ (benchmarks/similar_accuracy.py).

    ``build`` learns the vocabulary and idf weights from the narratives it is given; ``add`` transforms
    new ones with that vocabulary, without refitting (n-grams it has never seen are ignored, so rebuild
    from time to time, e.g. nightly). Adding an id that is already there replaces its text.

    Storage: blocks of rows, each a CSC float32 matrix (a query reads only its own n-grams' postings);
    a new ``add`` appends a block and neighbouring blocks of similar size are merged, so adding one
    narrative never copies the whole matrix. ``remove`` only marks rows dead; they are dropped when a
    quarter of the rows are dead, and on ``save``.
    """

    def __init__(self) -> None:
        self._vectorizer: TfidfVectorizer | None = None
        self.classes: tuple[str, ...] = ()  # the columns of the category profiles
        self._clear()

    def _clear(self) -> None:
        self._blocks: list[sp.csc_matrix] = []
        self._ids = np.empty(0, dtype=np.int64)  # one per stored row, dead ones included
        self._alive = np.empty(0, dtype=bool)
        self._rows: dict[int, int] = {}  # id -> row, for live rows
        self._profiles = np.zeros((0, len(self.classes)), dtype=np.float32)  # one per stored row

    # -- content ---------------------------------------------------------------------------------

    def build(self, items: Iterable[tuple[int, str]], profiler=None) -> NarrativeIndex:
        """Index these narratives, learning the vocabulary from them; anything indexed before is dropped.

        If no narrative has any text the index stays empty (there is no vocabulary to learn). With a fitted
        `profiler` (a `CategorySuggester` of two categories or more) each row gets its category profile.
        """
        ids, texts = _unzip(items)
        self._vectorizer = None
        self.classes = tuple(str(c) for c in profiler.classes) if profiler is not None else ()
        if len(self.classes) < 2:
            self.classes = ()
        self._clear()
        if not len(ids):
            return self
        vectorizer = narrative_vectorizer()
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # "empty vocabulary": not one character n-gram in any of them
            return self
        self._vectorizer = vectorizer
        self._append(ids, matrix, profiles_for(profiler, texts, self.classes))
        return self

    def add(self, items: Iterable[tuple[int, str]], profiler=None) -> NarrativeIndex:
        """Add (or replace) narratives, with the vocabulary learnt by ``build`` (and their category profiles
        from `profiler`, in the columns ``build`` set; zeros without one)."""
        if self._vectorizer is None:
            return self.build(items, profiler)
        ids, texts = _unzip(items)
        if not len(ids):
            return self
        self.remove(i for i in ids.tolist() if i in self._rows)
        self._append(ids, self._vectorizer.transform(texts), profiles_for(profiler, texts, self.classes))
        return self

    def remove(self, ids: Iterable[int]) -> int:
        """Forget these ids (unknown ones are ignored); returns how many were there."""
        removed = 0
        for narrative_id in ids:
            row = self._rows.pop(int(narrative_id), None)
            if row is not None:
                self._alive[row] = False
                removed += 1
        if removed and (len(self._alive) - len(self._rows)) * 4 > len(self._alive):
            self._compact()
        return removed

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, narrative_id: object) -> bool:
        return narrative_id in self._rows

    @property
    def ids(self) -> list[int]:
        """The indexed ids, in the order they were added."""
        return self._ids[self._alive].tolist()

    # -- lookups ---------------------------------------------------------------------------------

    def similar(
        self,
        text: str,
        *,
        k: int = 5,
        min_score: float = 0.3,
        exclude_id: int | None = None,
        profile: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """The k narratives most similar to `text` with score >= min_score, as (id, score), best first: the
        cosine, or with the query's category `profile` (in the columns of :attr:`classes`) the :func:`blend`."""
        if self._vectorizer is None or not self._rows:
            return []
        return self._similar(self._vectorizer.transform([text]).tocsr(), k, min_score, exclude_id, profile)

    def similar_to_id(self, narrative_id: int, *, k: int = 5, min_score: float = 0.3) -> list[tuple[int, float]]:
        """The narratives most similar to an indexed one (itself left out). KeyError if it is not indexed."""
        block, local = self._locate(self._rows[int(narrative_id)])
        positions = np.flatnonzero(block.indices == local)  # CSC keeps no row pointers: one pass over them
        columns = np.searchsorted(block.indptr, positions, side="right") - 1
        vector = sp.csr_matrix((block.data[positions], columns, [0, len(positions)]), shape=(1, block.shape[1]))
        return self._similar(vector, k, min_score, int(narrative_id))

    def _similar(self, query: sp.csr_matrix, k: int, min_score: float, exclude_id: int | None, profile=None):
        if query.nnz == 0:
            return []
        scores = np.empty(len(self._ids), dtype=np.float32)
        offset = 0
        for block in self._blocks:  # (1 x F) @ (F x n): reads only the query's n-grams' postings
            scores[offset : offset + block.shape[0]] = (query @ block.T).toarray().ravel()
            offset += block.shape[0]
        scores = blend(scores, self._profiles, profile)
        scores[~self._alive] = -1.0
        if exclude_id is not None and exclude_id in self._rows:
            scores[self._rows[exclude_id]] = -1.0
        return _top(scores, self._ids, k, min_score)

    # -- storage ---------------------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> None:
        """Write the index to `path` (joblib), atomically: a concurrent ``load`` sees the old or the new one."""
        if len(self._blocks) > 1 or not self._alive.all():
            self._compact()
        _atomic_dump(
            {
                "kind": "NarrativeIndex",
                "version": 1,
                "vectorizer": self._vectorizer,
                "matrix": self._blocks[0] if self._blocks else None,
                "ids": self._ids,
                "classes": self.classes,
                "profiles": self._profiles,
            },
            path,
        )

    @classmethod
    def load(cls, path: str | os.PathLike) -> NarrativeIndex:
        data = _load(path, "NarrativeIndex")
        index = cls()
        if data["vectorizer"] is not None and data["matrix"] is not None:
            index._vectorizer = data["vectorizer"]
            index.classes = tuple(data.get("classes") or ())
            ids = np.asarray(data["ids"], dtype=np.int64)
            profiles = data.get("profiles")
            if profiles is None or len(profiles) != len(ids):
                index.classes, profiles = (), None
            index._profiles = np.zeros((0, len(index.classes)), dtype=np.float32)
            index._append(ids, data["matrix"], profiles)
        return index

    # -- internals -------------------------------------------------------------------------------

    def _append(self, ids: np.ndarray, matrix: sp.spmatrix, profiles: np.ndarray | None = None) -> None:
        start = len(self._ids)
        if profiles is None:
            profiles = np.zeros((len(ids), len(self.classes)), dtype=np.float32)
        self._profiles = np.concatenate([self._profiles, np.asarray(profiles, dtype=np.float32)])
        self._blocks.append(sp.csc_matrix(matrix, dtype=np.float32))
        self._ids = np.concatenate([self._ids, ids])
        self._alive = np.concatenate([self._alive, np.ones(len(ids), dtype=bool)])
        self._rows.update(zip(ids.tolist(), range(start, start + len(ids)), strict=True))
        # merge the newest blocks while the last is at least half the one before: O(log n) blocks
        while len(self._blocks) > 1 and self._blocks[-1].shape[0] * 2 >= self._blocks[-2].shape[0]:
            last = self._blocks.pop()
            self._blocks[-1] = sp.vstack([self._blocks[-1], last], format="csc")

    def _locate(self, row: int) -> tuple[sp.csc_matrix, int]:
        for block in self._blocks:
            if row < block.shape[0]:
                return block, row
            row -= block.shape[0]
        raise IndexError(row)

    def _compact(self) -> None:
        """Drop the dead rows and merge all blocks into one."""
        if not self._blocks:
            return
        matrix = sp.vstack(self._blocks, format="csr")[self._alive]
        ids, profiles = self._ids[self._alive], self._profiles[self._alive]
        self._clear()
        if len(ids):
            self._append(ids, matrix, profiles)
