"""A suggested accident category from the narrative, learnt from the categorised incidents."""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
from scipy.special import expit
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline

from zeroharm.analytics.text.index import _atomic_dump, _load
from zeroharm.analytics.text.tokens import narrative_vectorizer


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
        self._pipeline = Pipeline(
            [
                ("tfidf", narrative_vectorizer()),
                ("model", SGDClassifier(loss="log_loss", alpha=self.alpha, max_iter=50, tol=1e-4, random_state=0)),
            ]
        )
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
            order = np.lexsort((classes, -row))[: max(k, 0)]
            out.append([(str(classes[i]), float(row[i])) for i in order])
        return out

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text: the probability of each of :attr:`classes` (float32, rows sum to 1)."""
        if self._only is not None:
            return np.ones((len(texts), 1), dtype=np.float32)
        if self._pipeline is None:
            raise RuntimeError("CategorySuggester is not fitted")
        if not len(texts):
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        # SGDClassifier.predict_proba (one against the rest) without the pipeline's checks, which cost more
        # than the sum itself for the one text of a lookup: 1.2 ms instead of 2.5
        model = self._pipeline.named_steps["model"]
        features = self._pipeline.named_steps["tfidf"].transform([t or "" for t in texts])
        scores = expit(np.asarray(features @ model.coef_.T) + model.intercept_)
        if scores.shape[1] == 1:  # two classes: one column, for the second
            return np.hstack([1 - scores, scores]).astype(np.float32)
        totals = scores.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1
        return (scores / totals).astype(np.float32)

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [s[0][0] for s in self.suggest_many(texts, k=1)]

    def save(self, path: str | os.PathLike) -> None:
        _atomic_dump(
            {
                "kind": "CategorySuggester",
                "version": 1,
                "alpha": self.alpha,
                "pipeline": self._pipeline,
                "only": self._only,
                "n_train": self.n_train,
            },
            path,
        )

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
