"""Narratives as features: normalised text cut into words (Latin script) and character n-grams (Chinese)."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

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
                grams.extend(run[j : j + n] for j in range(len(run) - n + 1))
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
