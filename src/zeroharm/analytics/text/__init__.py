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
regression fitted by stochastic gradient descent on the narrative's character n-grams and words, the agent
and the injury: on the OSHA reports of October to December 2015, trained on January to September, 90.2%
right (82.3% with the narrative alone), beside 82.2% for a word + character TF-IDF logistic regression on the
narrative (``benchmarks/category_accuracy.py``)."""

from zeroharm.analytics.text.categories import (  # noqa: F401
    CONFIDENT,
    CORRECTION_WEIGHT,
    CategorySuggester,
    Report,
    as_report,
    coverage_table,
)
from zeroharm.analytics.text.clusters import (  # noqa: F401
    _similarity_graph,
    narrative_clusters,
)
from zeroharm.analytics.text.index import (  # noqa: F401
    CATEGORY_WEIGHT,
    MIN_SCORE,
    NarrativeIndex,
    _atomic_dump,
    _load,
    _top,
    blend,
    profiles_for,
)
from zeroharm.analytics.text.tokens import (  # noqa: F401
    _CJK,
    _DIGIT,
    _NOT_WORD,
    NarrativeAnalyzer,
    _unzip,
    narrative_vectorizer,
    normalise,
)

__all__ = [
    "normalise",
    "NarrativeAnalyzer",
    "narrative_vectorizer",
    "NarrativeIndex",
    "narrative_clusters",
    "CategorySuggester",
    "Report",
    "as_report",
    "coverage_table",
    "CONFIDENT",
    "CORRECTION_WEIGHT",
]
