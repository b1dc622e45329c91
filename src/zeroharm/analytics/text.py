"""Accident narratives as text: similar past incidents, groups of similar ones, and a suggested category.

No database here: the callers hand in ``(id, text)`` pairs and get ids back.

**Features.** One scikit-learn ``TfidfVectorizer`` (sublinear tf, idf, rows L2-normalised, float32)
over *character* n-grams, so that no word segmenter is needed for Chinese and spelling variants,
plurals and tenses still meet in English. The n-gram length depends on the script, because no single
``analyzer="char"`` or ``"char_wb"`` range serves both (measured on the 9,858 OSHA 2015 narratives
mixed with 10,000 Chinese ones from the templates of ``benchmarks/narratives.py``):

- runs of Chinese (and Japanese) characters give 1- and 2-grams: most Chinese words are one or two
  characters, so "冲床夜班压伤右手" and "夜班冲压作业时右手被压伤" meet on 夜班, 右手, 压伤 and 冲
  and score 0.33 (only eight narratives score higher, all of them hands crushed at machines); 3- and
  4-grams mostly straddle word boundaries and dilute that: with ``analyzer="char"`` and
  ``ngram_range=(1, 4)`` the pair scores 0.09 and 80 narratives come first, with ``(1, 3)`` 0.15;
- everything else gives 3- to 5-grams, across word boundaries as ``analyzer="char"`` does: English
  letters and letter pairs occur in every narrative and make unrelated ones look alike (two random
  OSHA narratives score 0.59 at the median with ``ngram_range=(1, 2)``, 0.20 with ``(1, 4)``, 0.07
  with these), and 4- and 5-grams across a space ("d by ", "ght in") keep "struck by", "caught in".

Text is normalised first: NFKC (full-width letters and digits to half-width), lower case, every
digit to 0 (dates, times and heights do not make two accidents alike), punctuation to spaces.

**Lookups** (:class:`NarrativeIndex`) keep the document vectors column-major (CSC), so a query costs
the postings of its own n-grams, not a pass over every stored narrative: p50 7 ms, p95 17 ms among
100,000 narratives on two cores (``benchmarks/narratives.py``). **Clusters** (:func:`narrative_clusters`)
are stars around the narratives with the most similar neighbours, not connected components: at a
cosine of 0.5, single links chain 188 of the OSHA narratives, and 2,560 of 3,000 templated Chinese
ones, into one "cluster". The **category suggester** (:class:`CategorySuggester`) is a logistic
regression fitted by stochastic gradient descent on the same features: 82.0% right on held-out OSHA
reports, beside 81.8% for ``LinearSVC`` (no probabilities) and 80.8% for ``LogisticRegression``
(50 s to train, against about 5 s).
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

import joblib
import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline

__all__ = [
    "normalise", "NarrativeAnalyzer", "narrative_vectorizer", "NarrativeIndex", "narrative_clusters",
    "CategorySuggester",
]

_CJK = re.compile(r"([\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef]+)")
_DIGIT = re.compile(r"\d")
_NOT_WORD = re.compile(r"[\W_]+")


def normalise(text: str) -> str:
    """NFKC, lower case, digits to 0, punctuation and runs of white space to one space."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return _NOT_WORD.sub(" ", _DIGIT.sub("0", text)).strip()


class NarrativeAnalyzer:
    """The ``analyzer`` of :func:`narrative_vectorizer`: text -> character n-grams, by script.

    A class rather than a closure so that a fitted vectorizer pickles (joblib) and loads again.
    """

    def __init__(self, cjk: tuple[int, int] = (1, 2), other: tuple[int, int] = (3, 5)) -> None:
        self.cjk = tuple(cjk)
        self.other = tuple(other)

    def __call__(self, text: str) -> list[str]:
        grams: list[str] = []
        for i, run in enumerate(_CJK.split(normalise(text))):
            if i % 2:  # the split's odd items are the CJK runs
                lo, hi = self.cjk
            else:
                run = run.strip()
                if not run:
                    continue
                run = f" {run} "
                lo, hi = self.other
            for n in range(lo, min(hi, len(run)) + 1):
                grams.extend(run[j:j + n] for j in range(len(run) - n + 1))
        return grams

    def __repr__(self) -> str:
        return f"NarrativeAnalyzer(cjk={self.cjk}, other={self.other})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, NarrativeAnalyzer) and (self.cjk, self.other) == (other.cjk, other.other)

    def __hash__(self) -> int:
        return hash((self.cjk, self.other))


def narrative_vectorizer() -> TfidfVectorizer:
    """An unfitted vectorizer for narratives (see the module's docstring for the choice of n-grams)."""
    return TfidfVectorizer(analyzer=NarrativeAnalyzer(), sublinear_tf=True, norm="l2", dtype=np.float32)


def _unzip(items: Iterable[tuple[int, str]]) -> tuple[np.ndarray, list[str]]:
    pairs = list(items)
    ids = np.fromiter((int(i) for i, _ in pairs), dtype=np.int64, count=len(pairs))
    if len(np.unique(ids)) != len(ids):
        duplicates = sorted(i for i, n in Counter(ids.tolist()).items() if n > 1)
        raise ValueError(f"duplicate ids: {duplicates[:10]}")
    return ids, [text or "" for _, text in pairs]


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


def _load(path: str | os.PathLike, kind: str) -> dict:
    data = joblib.load(path)
    if not isinstance(data, dict) or data.get("kind") != kind:
        raise ValueError(f"{path} is not a saved {kind}")
    if data.get("version") != 1:
        raise ValueError(f"{path}: unknown {kind} format version {data.get('version')!r}")
    return data


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
        self._clear()

    def _clear(self) -> None:
        self._blocks: list[sp.csc_matrix] = []
        self._ids = np.empty(0, dtype=np.int64)  # one per stored row, dead ones included
        self._alive = np.empty(0, dtype=bool)
        self._rows: dict[int, int] = {}  # id -> row, for live rows

    # -- content ---------------------------------------------------------------------------------

    def build(self, items: Iterable[tuple[int, str]]) -> NarrativeIndex:
        """Index these narratives, learning the vocabulary from them; anything indexed before is dropped.

        If no narrative has any text the index stays empty (there is no vocabulary to learn).
        """
        ids, texts = _unzip(items)
        self._vectorizer = None
        self._clear()
        if not len(ids):
            return self
        vectorizer = narrative_vectorizer()
        try:
            matrix = vectorizer.fit_transform(texts)
        except ValueError:  # "empty vocabulary": not one character n-gram in any of them
            return self
        self._vectorizer = vectorizer
        self._append(ids, matrix)
        return self

    def add(self, items: Iterable[tuple[int, str]]) -> NarrativeIndex:
        """Add (or replace) narratives, with the vocabulary learnt by ``build``."""
        if self._vectorizer is None:
            return self.build(items)
        ids, texts = _unzip(items)
        if not len(ids):
            return self
        self.remove(i for i in ids.tolist() if i in self._rows)
        self._append(ids, self._vectorizer.transform(texts))
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

    def similar(self, text: str, *, k: int = 5, min_score: float = 0.3,
                exclude_id: int | None = None) -> list[tuple[int, float]]:
        """The k narratives most similar to `text` with cosine >= min_score, as (id, score), best first."""
        if self._vectorizer is None or not self._rows:
            return []
        return self._similar(self._vectorizer.transform([text]).tocsr(), k, min_score, exclude_id)

    def similar_to_id(self, narrative_id: int, *, k: int = 5, min_score: float = 0.3) -> list[tuple[int, float]]:
        """The narratives most similar to an indexed one (itself left out). KeyError if it is not indexed."""
        block, local = self._locate(self._rows[int(narrative_id)])
        positions = np.flatnonzero(block.indices == local)  # CSC keeps no row pointers: one pass over them
        columns = np.searchsorted(block.indptr, positions, side="right") - 1
        vector = sp.csr_matrix((block.data[positions], columns, [0, len(positions)]), shape=(1, block.shape[1]))
        return self._similar(vector, k, min_score, int(narrative_id))

    def _similar(self, query: sp.csr_matrix, k: int, min_score: float, exclude_id: int | None):
        if query.nnz == 0:
            return []
        scores = np.empty(len(self._ids), dtype=np.float32)
        offset = 0
        for block in self._blocks:  # (1 x F) @ (F x n): reads only the query's n-grams' postings
            scores[offset:offset + block.shape[0]] = (query @ block.T).toarray().ravel()
            offset += block.shape[0]
        scores[~self._alive] = -1.0
        if exclude_id is not None and exclude_id in self._rows:
            scores[self._rows[exclude_id]] = -1.0
        return _top(scores, self._ids, k, min_score)

    # -- storage ---------------------------------------------------------------------------------

    def save(self, path: str | os.PathLike) -> None:
        """Write the index to `path` (joblib), atomically: a concurrent ``load`` sees the old or the new one."""
        if len(self._blocks) > 1 or not self._alive.all():
            self._compact()
        _atomic_dump({"kind": "NarrativeIndex", "version": 1, "vectorizer": self._vectorizer,
                      "matrix": self._blocks[0] if self._blocks else None, "ids": self._ids}, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> NarrativeIndex:
        data = _load(path, "NarrativeIndex")
        index = cls()
        if data["vectorizer"] is not None and data["matrix"] is not None:
            index._vectorizer = data["vectorizer"]
            index._append(np.asarray(data["ids"], dtype=np.int64), data["matrix"])
        return index

    # -- internals -------------------------------------------------------------------------------

    def _append(self, ids: np.ndarray, matrix: sp.spmatrix) -> None:
        start = len(self._ids)
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
        ids = self._ids[self._alive]
        self._clear()
        if len(ids):
            self._append(ids, matrix)


def narrative_clusters(items: Iterable[tuple[int, str]], *, min_score: float = 0.5,
                       min_size: int = 3) -> list[list[int]]:
    """Groups of at least `min_size` similar narratives, as lists of ids; biggest group first.

    Each group is a star: its first id is the centre, every other member's narrative has a cosine of at
    least `min_score` with the centre's, and the members follow by that similarity (ties by id). Centres
    are taken greedily, the narrative with the most similar neighbours first, and a narrative belongs to
    one group at most. Stars, because connected components of the thresholded similarity graph chain
    near-duplicates of near-duplicates into one giant "cluster".

    The vocabulary is learnt from these narratives. The similarity graph is computed in blocks of rows
    (each block's product holds at most a few million entries), so 20,000 narratives fit in memory.
    """
    ids, texts = _unzip(items)
    if len(ids) < max(min_size, 2):
        return []
    try:
        matrix = narrative_vectorizer().fit_transform(texts).tocsr()
    except ValueError:
        return []
    graph = _similarity_graph(matrix, min_score)
    degree = np.diff(graph.indptr)
    assigned = np.zeros(len(ids), dtype=bool)
    clusters: list[list[int]] = []
    for centre in np.lexsort((ids, -degree)):
        if degree[centre] + 1 < min_size:
            break  # the rest have fewer neighbours still
        if assigned[centre]:
            continue
        lo, hi = graph.indptr[centre], graph.indptr[centre + 1]
        neighbours, scores = graph.indices[lo:hi], graph.data[lo:hi]
        free = ~assigned[neighbours]
        if free.sum() + 1 < min_size:
            continue
        neighbours, scores = neighbours[free], scores[free]
        members = np.concatenate([[centre], neighbours[np.lexsort((ids[neighbours], -scores))]])
        assigned[members] = True
        clusters.append(ids[members].tolist())
    clusters.sort(key=lambda members: (-len(members), members[0]))
    return clusters


def _similarity_graph(matrix: sp.csr_matrix, min_score: float) -> sp.csr_matrix:
    """Symmetric CSR graph of the pairs (i != j) whose cosine is >= min_score, the cosine as weight.

    Exact, in blocks of rows, each against the rows after it (each pair once). The n-grams in more than
    a tenth of the narratives (" th", "the", 的, 伤...) are few but cost the most in a sparse product
    (every pair of narratives sharing one adds a term), so their part of each cosine is a dense product
    (BLAS); the rest stays sparse.
    """
    n = matrix.shape[0]
    df = np.bincount(matrix.indices, minlength=matrix.shape[1])
    common = df > max(n // 10, 64)
    dense = matrix[:, np.flatnonzero(common)].toarray()
    rare = matrix[:, np.flatnonzero(~common)].tocsr()
    step = max(16, 4_000_000 // max(n, 1))  # a block is at most step x n float32: 16 MB
    rows, cols, weights = [], [], []
    for start in range(0, n, step):
        stop = min(start + step, n)
        block = dense[start:stop] @ dense[start:].T  # rows start..stop against rows start..n
        part = rare[start:stop] @ rare[start:].T.tocsr()
        block[np.repeat(np.arange(stop - start), np.diff(part.indptr)), part.indices] += part.data
        local, col = np.nonzero(np.triu(block, k=1) >= min_score)  # col > row: each pair once, not itself
        rows.append(local + start)
        cols.append(col + start)
        weights.append(block[local, col])
    graph = sp.csr_matrix((np.concatenate(weights), (np.concatenate(rows), np.concatenate(cols))), shape=(n, n))
    return (graph + graph.T).tocsr()


class CategorySuggester:
    """Suggests a GB 6441 accident category ("01".."20") from a narrative.

    A logistic regression (``SGDClassifier(loss="log_loss")``, one against the rest, probabilities
    normalised to sum to 1) on the narrative features of :func:`narrative_vectorizer`, trained on the
    organisation's own classified incidents and/or the OSHA file labelled by
    :func:`zeroharm.incidents.oiics.gb6441_for`. Deterministic: a fixed random seed.
    """

    def __init__(self, *, alpha: float = 1e-5) -> None:
        self.alpha = alpha
        self._pipeline: Pipeline | None = None
        self._only: str | None = None  # all training labels were this one
        self.n_train = 0

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> CategorySuggester:
        texts, labels = [t or "" for t in texts], [str(label) for label in labels]
        if len(texts) != len(labels):
            raise ValueError(f"{len(texts)} texts but {len(labels)} labels")
        if not labels:
            raise ValueError("nothing to learn from")
        self.n_train, self._pipeline, self._only = len(labels), None, None
        if len(set(labels)) == 1:
            self._only = labels[0]
            return self
        self._pipeline = Pipeline([
            ("tfidf", narrative_vectorizer()),
            ("model", SGDClassifier(loss="log_loss", alpha=self.alpha, max_iter=50, tol=1e-4, random_state=0)),
        ])
        self._pipeline.fit(texts, labels)
        return self

    @property
    def classes(self) -> list[str]:
        if self._only is not None:
            return [self._only]
        return [] if self._pipeline is None else [str(c) for c in self._pipeline.classes_]

    def suggest(self, text: str, k: int = 3) -> list[tuple[str, float]]:
        """The k likeliest categories for `text`, as (code, probability), likeliest first."""
        return self.suggest_many([text], k=k)[0]

    def suggest_many(self, texts: Sequence[str], k: int = 3) -> list[list[tuple[str, float]]]:
        if self._only is not None:
            return [[(self._only, 1.0)] if k > 0 else [] for _ in texts]
        if self._pipeline is None:
            raise RuntimeError("CategorySuggester is not fitted")
        probabilities = self._pipeline.predict_proba([t or "" for t in texts])
        classes = self._pipeline.classes_
        out = []
        for row in probabilities:
            order = np.lexsort((classes, -row))[:max(k, 0)]
            out.append([(str(classes[i]), float(row[i])) for i in order])
        return out

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [s[0][0] for s in self.suggest_many(texts, k=1)]

    def save(self, path: str | os.PathLike) -> None:
        _atomic_dump({"kind": "CategorySuggester", "version": 1, "alpha": self.alpha, "pipeline": self._pipeline,
                      "only": self._only, "n_train": self.n_train}, path)

    @classmethod
    def load(cls, path: str | os.PathLike) -> CategorySuggester:
        data = _load(path, "CategorySuggester")
        suggester = cls(alpha=data["alpha"])
        suggester._pipeline, suggester._only, suggester.n_train = data["pipeline"], data["only"], data["n_train"]
        return suggester

    @classmethod
    def evaluate(cls, train: Iterable[tuple[str, str]], test: Iterable[tuple[str, str]], **options) -> dict:
        """Fit on `train` (text, label) pairs and score on `test`.

        Returns accuracy, top3_accuracy (the right category among the three suggested),
        baseline_accuracy (always guessing the most frequent training label; ties by code),
        baseline_label, n_train and n_test.
        """
        train, test = list(train), list(test)
        if not test:
            raise ValueError("no test rows")
        suggester = cls(**options).fit([t for t, _ in train], [label for _, label in train])
        truth = [str(label) for _, label in test]
        suggestions = suggester.suggest_many([t for t, _ in test], k=3)
        counts = Counter(str(label) for _, label in train)
        baseline = min(counts, key=lambda code: (-counts[code], code))
        n = len(test)
        return {
            "accuracy": sum(s[0][0] == y for s, y in zip(suggestions, truth, strict=True)) / n,
            "top3_accuracy": sum(y in {c for c, _ in s} for s, y in zip(suggestions, truth, strict=True)) / n,
            "baseline_accuracy": sum(y == baseline for y in truth) / n,
            "baseline_label": baseline,
            "n_train": len(train),
            "n_test": n,
        }
