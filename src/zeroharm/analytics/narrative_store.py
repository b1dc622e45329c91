"""The narrative index on disk, shared by every process that reads it (issue 11, point 19).

A fitted `text.NarrativeIndex` holds its vocabulary as a Python dict of character n-grams and its vectors as
a sparse matrix: 750–810 MB in each app-server process for 100,000 narratives, loaded (or built) by the first
request that needed it. Here the worker writes the index as plain numpy arrays, one folder per version:

- `terms.npy`: the vocabulary's n-grams, sorted (fixed-width unicode), and `columns.npy` their matrix columns;
- `idf.npy`: the idf weight of each column;
- `data.npy`, `indices.npy`, `indptr.npy`: the documents' tf-idf vectors, column-major (CSC: one column's
  postings are contiguous, so a lookup reads only its own n-grams' postings);
- `ids.npy`: the incident id of each row;
- `profiles.npy`: each row's category profile (the probability of each category in `current.json`'s `classes`,
  from the category suggester; no columns before the organisation has one);
- `vectorizer.joblib`: the fitted vectorizer, read only by the worker to bring the index up to date;

and `current.json` beside the folders names the one to read. Readers open the arrays with
`np.load(mmap_mode="r")`: the pages of the files sit once in the operating system's page cache, shared by
every process, instead of one private copy per worker. A new version is written in a new folder and
`current.json` replaced atomically; readers notice it (one small file read) and map the new arrays; the old
folder is removed (a process still mapping it keeps its pages until it lets go).

`SharedIndex.similar` vectorises the query as `TfidfVectorizer.transform` does (sublinear tf, idf, L2 norm,
float32) from the sorted terms, without the dict: tests/analytics/test_narrative_store.py compares the two.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import uuid
from collections import Counter
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp

from zeroharm.analytics import text

__all__ = ["write", "open_current", "current_version", "load_for_update", "SharedIndex"]

_ARRAYS = ("terms", "columns", "idf", "data", "indices", "indptr", "ids")
POINTER = "current.json"


def _pointer(folder: Path) -> dict | None:
    try:
        return json.loads((folder / POINTER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def current_version(folder: Path) -> str | None:
    """The name of the version `current.json` points at (None when nothing was written yet)."""
    pointer = _pointer(folder)
    return pointer.get("version") if pointer else None


def write(index: text.NarrativeIndex, folder: Path, meta: dict) -> str:
    """Save `index` as a new version under `folder`, point `current.json` at it, remove the older versions.

    `meta` (what the index holds, when it was built) is kept in `current.json`; returns the version's name."""
    folder.mkdir(parents=True, exist_ok=True)
    version = uuid.uuid4().hex
    target = folder / version
    target.mkdir()
    for name, array in _arrays(index).items():
        np.save(target / f"{name}.npy", array, allow_pickle=False)
    np.save(target / "profiles.npy", np.ascontiguousarray(index._profiles, dtype=np.float32), allow_pickle=False)
    meta = {**meta, "classes": list(index.classes)}
    joblib.dump(index._vectorizer, target / "vectorizer.joblib")
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{POINTER}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({**meta, "version": version}, handle)
        os.replace(tmp, folder / POINTER)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        shutil.rmtree(target, ignore_errors=True)
        raise
    for old in folder.iterdir():
        if old.is_dir() and old.name != version:
            shutil.rmtree(old, ignore_errors=True)  # a process mapping it keeps its pages (POSIX unlink)
    return version


def _arrays(index: text.NarrativeIndex) -> dict[str, np.ndarray]:
    vectorizer = index._vectorizer
    if vectorizer is None or not len(index):
        empty = np.empty(0)
        return {
            "terms": np.empty(0, dtype="<U1"),
            "columns": empty.astype(np.int64),
            "idf": empty.astype(np.float32),
            "data": empty.astype(np.float32),
            "indices": empty.astype(np.int32),
            "indptr": np.zeros(1, dtype=np.int64),
            "ids": empty.astype(np.int64),
        }
    index._compact()  # one block, no dead rows
    matrix = index._blocks[0]
    vocabulary = vectorizer.vocabulary_
    terms = np.array(sorted(vocabulary))
    return {
        "terms": terms,
        "columns": np.array([vocabulary[t] for t in terms.tolist()], dtype=np.int64),
        "idf": np.asarray(vectorizer.idf_, dtype=np.float32),
        "data": matrix.data.astype(np.float32),
        "indices": matrix.indices,
        "indptr": matrix.indptr,
        "ids": index._ids.astype(np.int64),
    }


class SharedIndex:
    """A read-only narrative index over memory-mapped arrays (see the module's docstring)."""

    def __init__(self, folder: Path, meta: dict) -> None:
        self.meta = meta
        arrays = {name: np.load(folder / f"{name}.npy", mmap_mode="r", allow_pickle=False) for name in _ARRAYS}
        self._terms, self._columns, self._idf = arrays["terms"], arrays["columns"], arrays["idf"]
        self._ids = arrays["ids"]
        self.classes = tuple(meta.get("classes") or ())
        try:
            self._profiles = np.load(folder / "profiles.npy", mmap_mode="r", allow_pickle=False)
        except OSError:  # written before the profiles were
            self._profiles = None
        if self._profiles is None or self._profiles.shape != (len(self._ids), len(self.classes)):
            self.classes, self._profiles = (), None
        # copy=False: scipy keeps the mapped arrays (no private copy of the postings)
        self._matrix = sp.csc_matrix(
            (arrays["data"], arrays["indices"], arrays["indptr"]), shape=(len(self._ids), len(self._idf)), copy=False
        )
        self._analyzer = text.NarrativeAnalyzer()

    def __len__(self) -> int:
        return len(self._ids)

    def vector(self, text_: str) -> sp.csr_matrix:
        """The query's tf-idf row, as the fitted `TfidfVectorizer.transform` gives it."""
        counts = Counter(self._analyzer(text_))
        if not counts or not len(self._terms):
            return sp.csr_matrix((1, len(self._idf)), dtype=np.float32)
        grams = np.array(list(counts))
        found = np.searchsorted(self._terms, grams)
        found[found >= len(self._terms)] = 0
        known = self._terms[found] == grams
        columns = np.asarray(self._columns[found[known]])
        tf = np.array([counts[g] for g in grams[known].tolist()], dtype=np.float32)
        order = np.argsort(columns)
        columns, tf = columns[order], tf[order]
        weights = (np.log(tf) + 1) * np.asarray(self._idf[columns])
        norm = np.sqrt(np.sum(weights * weights))
        if norm:
            weights = weights / norm
        return sp.csr_matrix((weights.astype(np.float32), columns, [0, len(columns)]), shape=(1, len(self._idf)))

    def vectors(self, texts: list[str]) -> sp.csr_matrix:
        """The tf-idf rows of these texts, one each, as `vector` gives them (in one pass over the vocabulary): a
        text's row depends on it alone, whatever else is asked with it (narrative clusters, issue 16 point 4)."""
        counts = [Counter(self._analyzer(t)) for t in texts]
        sizes = np.array([len(c) for c in counts], dtype=np.int64)
        if not len(self._terms) or not sizes.sum():
            return sp.csr_matrix((len(texts), len(self._idf)), dtype=np.float32)
        grams = np.array([g for c in counts for g in c])
        tf = np.array([n for c in counts for n in c.values()], dtype=np.float32)
        rows = np.repeat(np.arange(len(texts)), sizes)
        found = np.searchsorted(self._terms, grams)
        found[found >= len(self._terms)] = 0
        known = self._terms[found] == grams
        columns = np.asarray(self._columns[found[known]])
        weights = (np.log(tf[known]) + 1) * np.asarray(self._idf[columns])
        matrix = sp.csr_matrix((weights, (rows[known], columns)), shape=(len(texts), len(self._idf)), dtype=np.float32)
        norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        return sp.csr_matrix(sp.diags(1 / norms).astype(np.float32) @ matrix)

    def similar(
        self,
        text_: str,
        *,
        k: int = 5,
        min_score: float = 0.3,
        exclude_id: int | None = None,
        profile: np.ndarray | None = None,
    ) -> list[tuple[int, float]]:
        """The k narratives most similar to `text_` with score >= min_score, as (id, score), best first: the
        cosine, or with the query's category `profile` (columns `classes`) `text.blend` of both."""
        if not len(self._ids):
            return []
        query = self.vector(text_)
        if query.nnz == 0:
            return []
        scores = np.asarray((query @ self._matrix.T).toarray()).ravel().astype(np.float32)
        scores = text.blend(scores, self._profiles, profile)
        if exclude_id is not None:
            scores[np.asarray(self._ids) == exclude_id] = -1.0
        return text._top(scores, np.asarray(self._ids), k, min_score)


def open_current(folder: Path) -> SharedIndex | None:
    """The version `current.json` points at, memory-mapped; None when there is none (or it is unreadable)."""
    pointer = _pointer(folder)
    if not pointer or not pointer.get("version"):
        return None
    try:
        return SharedIndex(folder / pointer["version"], pointer)
    except (OSError, ValueError):
        return None


def load_for_update(folder: Path) -> tuple[text.NarrativeIndex, dict] | None:
    """The current version as a `text.NarrativeIndex` the worker can update, with its meta; None when there is
    none (or it is unreadable). Only the worker loads the vectorizer (the vocabulary as a dict)."""
    shared = open_current(folder)
    if shared is None:
        return None
    try:
        vectorizer = joblib.load(folder / shared.meta["version"] / "vectorizer.joblib")
    except (OSError, ValueError, EOFError, KeyError):
        return None
    index = text.NarrativeIndex()
    index._vectorizer = vectorizer
    index.classes = shared.classes
    index._profiles = np.zeros((0, len(index.classes)), dtype=np.float32)
    if len(shared):
        matrix = sp.csc_matrix(
            (np.array(shared._matrix.data), np.array(shared._matrix.indices), np.array(shared._matrix.indptr)),
            shape=shared._matrix.shape,
        )
        profiles = None if shared._profiles is None else np.array(shared._profiles)
        index._append(np.array(shared._ids, dtype=np.int64), matrix, profiles)
    return index, dict(shared.meta)
