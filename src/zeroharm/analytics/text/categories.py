"""A suggested accident category from what the incident form says, learnt from the categorised incidents.

**Inputs.** What a user of the incident form types: the narrative ("what happened"), the agent or equipment
("agent") and the injuries of the people involved ("injury": nature and body part, as written or as chosen).
Each is one field of a :class:`Report`; a bare string is a narrative alone. The *event or exposure* field is
left out on purpose: the OSHA rows the suggester is measured on are labelled from their OIICS event code
(`incidents.oiics`), whose title that field holds when the file is imported, so reading it would be reading
the answer.

**Features.** The narrative as the character n-grams of :func:`narrative_vectorizer` (Chinese 1–2, other
scripts 3–5) *and* as words and word pairs; the agent as words and as character n-grams; the injury as words.
Each field has its own vocabulary, so "ladder" in the agent field weighs apart from "ladder" in the narrative.
A field that no training report fills is left out of the model.

**Model.** A logistic regression fitted by stochastic gradient descent (``SGDClassifier(loss="log_loss")``,
one against the rest, probabilities normalised to sum to 1; a fixed random seed). Its probabilities are close
to the observed accuracy (expected calibration error about 0.01 on the later OSHA months), so the first
suggestion is shown alone only when its probability is at least :data:`CONFIDENT`; below, the suggester
abstains and the top three are shown (:meth:`CategorySuggester.decide`). Training reports may carry weights:
the organisation's corrections of earlier suggestions count :data:`CORRECTION_WEIGHT` times.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

import numpy as np
from scipy.special import expit
from sklearn.compose import ColumnTransformer
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import SGDClassifier
from sklearn.pipeline import Pipeline

from zeroharm.analytics.text.index import _atomic_dump, _load
from zeroharm.analytics.text.tokens import narrative_vectorizer, normalise

__all__ = ["Report", "CategorySuggester", "CONFIDENT", "CORRECTION_WEIGHT", "as_report", "coverage_table"]

CONFIDENT = 0.7  # the first suggestion's probability from which it is shown alone
CORRECTION_WEIGHT = 3.0  # how much a staff correction of a suggestion counts in training
FORMAT_VERSION = 2
_ANY_WORD = r"(?u)\b\w+\b"  # one-letter words too (sklearn's default wants two)


class Report(NamedTuple):
    """What the incident form says: the narrative, the agent or equipment, the injuries (nature, body part)."""

    text: str = ""
    agent: str = ""
    injury: str = ""


def as_report(item: str | Report | Mapping | Sequence | None) -> Report:
    """A narrative string, a Report, a mapping with the Report's keys or a (text, agent, injury) sequence."""
    if item is None or isinstance(item, str):
        return Report(item or "")
    if isinstance(item, Mapping):
        return Report(*(str(item.get(name) or "") for name in Report._fields))
    values = [str(v or "") for v in item][:3]
    return Report(*values)


def _words() -> TfidfVectorizer:
    """Words (of any length) and word pairs of the normalised text (digits to 0, punctuation to spaces)."""
    return TfidfVectorizer(
        preprocessor=normalise, token_pattern=_ANY_WORD, ngram_range=(1, 2), sublinear_tf=True, dtype=np.float32
    )


def _features(reports: Sequence[Report]) -> ColumnTransformer:
    """One vectorizer per field and kind of n-gram; the agent and injury only when some report fills them."""
    filled = {name: any(getattr(r, name).strip() for r in reports) for name in Report._fields}
    parts = [("text_chars", narrative_vectorizer(), 0), ("text_words", _words(), 0)]
    if filled["agent"]:
        parts += [("agent_words", _words(), 1), ("agent_chars", narrative_vectorizer(), 1)]
    if filled["injury"]:
        parts.append(("injury_words", _words(), 2))
    return ColumnTransformer(parts, sparse_threshold=1.0)


def _matrix(reports: Sequence[Report]) -> np.ndarray:
    out = np.empty((len(reports), 3), dtype=object)
    for i, report in enumerate(reports):
        out[i] = tuple(report)
    return out


class CategorySuggester:
    """Suggests a GB 6441 accident category ("01".."20") from a :class:`Report` (or a narrative alone).

    Trained on the organisation's own classified incidents and/or the OSHA file labelled by
    :func:`zeroharm.incidents.oiics.gb6441_for`; see the module's docstring for the inputs and the model.
    """

    def __init__(self, *, alpha: float = 1e-5) -> None:
        self.alpha = alpha
        self._pipeline: Pipeline | None = None
        self._only: str | None = None  # all training labels were this one
        self.n_train = 0

    def fit(
        self, reports: Sequence, labels: Sequence[str], weights: Sequence[float] | None = None
    ) -> CategorySuggester:
        """Learn from reports (narratives or :class:`Report`) and their categories; `weights` per report."""
        reports, labels = [as_report(r) for r in reports], [str(label) for label in labels]
        if len(reports) != len(labels) or (weights is not None and len(weights) != len(labels)):
            raise ValueError(f"{len(reports)} reports but {len(labels)} labels")
        if not labels:
            raise ValueError("nothing to learn from")
        self.n_train, self._pipeline, self._only = len(labels), None, None
        if len(set(labels)) == 1:
            self._only = labels[0]
            return self
        self._pipeline = Pipeline(
            [
                ("features", _features(reports)),
                ("model", SGDClassifier(loss="log_loss", alpha=self.alpha, max_iter=50, tol=1e-4, random_state=0)),
            ]
        )
        options = {} if weights is None else {"model__sample_weight": np.asarray(weights, dtype=float)}
        self._pipeline.fit(_matrix(reports), labels, **options)
        return self

    @property
    def classes(self) -> list[str]:
        if self._only is not None:
            return [self._only]
        return [] if self._pipeline is None else [str(c) for c in self._pipeline.classes_]

    def suggest(self, report, k: int = 3) -> list[tuple[str, float]]:
        """The k likeliest categories for a report or narrative, as (code, probability), likeliest first."""
        return self.suggest_many([report], k=k)[0]

    def suggest_many(self, reports: Sequence, k: int = 3) -> list[list[tuple[str, float]]]:
        if self._only is not None:
            return [[(self._only, 1.0)] if k > 0 else [] for _ in reports]
        if self._pipeline is None:
            raise RuntimeError("CategorySuggester is not fitted")
        probabilities = self._pipeline.predict_proba(_matrix([as_report(r) for r in reports]))
        classes = self._pipeline.classes_
        out = []
        for row in probabilities:
            order = np.lexsort((classes, -row))[: max(k, 0)]
            out.append([(str(classes[i]), float(row[i])) for i in order])
        return out

    def probabilities(self, reports: Sequence) -> np.ndarray:
        """One row per report (or narrative): the probability of each of :attr:`classes` (float32, rows sum to 1),
        as `predict_proba` gives them. The similar-incident index keeps them as each row's category profile."""
        if self._only is not None:
            return np.ones((len(reports), 1), dtype=np.float32)
        if self._pipeline is None:
            raise RuntimeError("CategorySuggester is not fitted")
        if not len(reports):
            return np.zeros((0, len(self.classes)), dtype=np.float32)
        # SGDClassifier.predict_proba (one against the rest, normalised) without the pipeline's checks, which cost
        # more than the sum itself for the one report of a lookup
        model = self._pipeline.named_steps["model"]
        features = self._pipeline.named_steps["features"].transform(_matrix([as_report(r) for r in reports]))
        scores = expit(np.asarray(features @ model.coef_.T) + model.intercept_)
        if scores.shape[1] == 1:  # two classes: one column, for the second
            return np.hstack([1 - scores, scores]).astype(np.float32)
        totals = scores.sum(axis=1, keepdims=True)
        totals[totals == 0] = 1
        return (scores / totals).astype(np.float32)

    def predict(self, reports: Sequence) -> list[str]:
        return [s[0][0] for s in self.suggest_many(reports, k=1)]

    @staticmethod
    def decide(suggestions: Sequence[tuple], threshold: float = CONFIDENT) -> list[tuple]:
        """What to show: the first suggestion alone when it is confident enough, else (abstaining) the top three.
        Each suggestion is a tuple whose last item is its probability, likeliest first."""
        if suggestions and suggestions[0][-1] >= threshold:
            return list(suggestions[:1])
        return list(suggestions[:3])

    def save(self, path: str | os.PathLike) -> None:
        _atomic_dump(
            {
                "kind": "CategorySuggester",
                "version": FORMAT_VERSION,
                "alpha": self.alpha,
                "pipeline": self._pipeline,
                "only": self._only,
                "n_train": self.n_train,
            },
            path,
        )

    @classmethod
    def load(cls, path: str | os.PathLike) -> CategorySuggester:
        data = _load(path, "CategorySuggester", version=FORMAT_VERSION)
        suggester = cls(alpha=data["alpha"])
        suggester._pipeline, suggester._only, suggester.n_train = data["pipeline"], data["only"], data["n_train"]
        return suggester

    @classmethod
    def evaluate(cls, train: Iterable[tuple], test: Iterable[tuple], **options) -> dict:
        """Fit on `train` (report, label) pairs and score on `test`.

        Returns accuracy, top3_accuracy (the right category among the three suggested),
        baseline_accuracy (always guessing the most frequent training label; ties by code),
        baseline_label, n_train and n_test, and `confidence` and `correct` (the first suggestion's probability
        and whether it was right, per test report, for accuracy by coverage: :func:`coverage_table`).
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
        correct = [s[0][0] == y for s, y in zip(suggestions, truth, strict=True)]
        return {
            "accuracy": sum(correct) / n,
            "top3_accuracy": sum(y in {c for c, _ in s} for s, y in zip(suggestions, truth, strict=True)) / n,
            "baseline_accuracy": sum(y == baseline for y in truth) / n,
            "baseline_label": baseline,
            "n_train": len(train),
            "n_test": n,
            "confidence": [s[0][1] for s in suggestions],
            "correct": correct,
            "predicted": [s[0][0] for s in suggestions],
        }


def coverage_table(
    confidence: Sequence[float], correct: Sequence[bool], levels: Sequence[float] = (0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
) -> list[tuple[float, float, float]]:
    """(coverage, accuracy, lowest probability answered) when only the most confident share of the reports is
    answered, for each coverage level: the other reports are the ones the suggester abstains on."""
    if len(confidence) != len(correct) or not len(confidence):
        raise ValueError("one confidence per answer, at least one answer")
    order = np.argsort(-np.asarray(confidence, dtype=float), kind="stable")
    right = np.asarray(correct, dtype=bool)[order]
    ranked = np.asarray(confidence, dtype=float)[order]
    out = []
    for level in levels:
        k = max(1, int(round(level * len(order))))
        out.append((level, float(right[:k].mean()), float(ranked[k - 1])))
    return out
