"""How good the similar incidents are: precision@5 on the real OSHA 2015 reports, split in time; the Chinese set.

    .venv/bin/python benchmarks/similar_accuracy.py [--file PATH] [--split-month 9]

The reports of January to September (`--split-month`) are indexed as the worker indexes an organisation's
incidents (`text.NarrativeIndex` with the category profiles of a `text.CategorySuggester` trained on them,
written and memory-mapped by `analytics.narrative_store`); each report of October to December asks for its five
nearest, as an incident page does. A shown report is right when its GB 6441 category
(`zeroharm.incidents.oiics.gb6441_for(Event, Source)`) is the query's. Printed beside the model: the index's
cosine alone (what the page ranked by before issue 16) and a plain TF-IDF of words (scikit-learn's defaults);
the share of lookups with no match above the threshold (`similarity.MIN_SCORE`), which showed nothing before and
now show their nearest as weak matches; the mean cosine of the five shown (what the category part costs in
likeness of the words); and the Chinese evaluation set of tests/analytics/chinese_similar_cases.py, alone and
mixed into 5,000 templated Chinese narratives (benchmarks/narratives.py). No database; about a minute on two cores.
"""

from __future__ import annotations

import argparse
import csv
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "osha-severe-injury-2015" / "severeinjury-2015.csv"


def load(path: Path) -> list[tuple[int, str, str]]:
    """(month, narrative, GB 6441 category) per report."""
    from zeroharm.incidents.oiics import gb6441_for

    with open(path, encoding="cp1252", newline="") as handle:
        return [
            (int(row["EventDate"].split("/")[0]), row["Final Narrative"], gb6441_for(row["Event"], row["Source"]))
            for row in csv.DictReader(handle)
        ]


def _precision(shown: list[list[int]], truth: list[str], labels: np.ndarray, k: int = 5) -> float:
    right = sum(int(np.sum(labels[ids[:k]] == y)) for ids, y in zip(shown, truth, strict=True))
    return right / (k * len(shown))


def _chinese(min_score: float) -> tuple[dict, dict]:
    from benchmarks.narratives import chinese_narrative
    from tests.analytics import chinese_similar_cases as cases
    from zeroharm.analytics.text import NarrativeIndex

    pairs, _group_of = cases.items()
    alone = NarrativeIndex().build(pairs)
    rng = random.Random(2026)
    padding = [(100_000 + i, chinese_narrative(rng)[0]) for i in range(5_000)]
    mixed = NarrativeIndex().build(pairs + padding)
    results = []
    for index in (alone, mixed):
        results.append(
            cases.evaluate(lambda t, k, ex, index=index: index.similar(t, k=k, min_score=min_score, exclude_id=ex))
        )
    return results[0], results[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--split-month", type=int, default=9, help="index the months up to this one (default 9)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    sys.path.insert(0, str(ROOT))
    from django.conf import settings

    if not settings.configured:
        settings.configure(USE_I18N=False)
    from sklearn.feature_extraction.text import TfidfVectorizer

    from zeroharm.analytics import narrative_store, text
    from zeroharm.analytics.text import MIN_SCORE

    rows = load(args.file)
    train = [(i, t, y) for i, (m, t, y) in enumerate(rows) if m <= args.split_month]
    test = [(t, y) for m, t, y in rows if m > args.split_month]
    labels = np.array([y for _i, _t, y in train])
    truth = [y for _t, y in test]
    print(f"OSHA Severe Injury Reports 2015: {len(rows):,} reports, {args.file.name}")
    print(
        f"indexed: months 1-{args.split_month}, {len(train):,}; asked: months {args.split_month + 1}-12, {len(test):,}"
    )

    started = time.perf_counter()
    model = text.CategorySuggester().fit([t for _i, t, _y in train], list(labels))
    index = text.NarrativeIndex().build([(i, t) for i, t, _y in train], model)
    print(
        f"suggester and index built in {time.perf_counter() - started:.1f} s; weight of the categories "
        f"{text.CATEGORY_WEIGHT}"
    )
    row_of = {i: n for n, (i, _t, _y) in enumerate(train)}
    with tempfile.TemporaryDirectory() as tmp:
        narrative_store.write(index, Path(tmp), {"count": len(index)})
        shared = narrative_store.open_current(Path(tmp))
        runs: dict[str, list[list[tuple[int, float]]]] = {"model": [], "cosine": []}
        times = []
        for t, _y in test:
            start = time.perf_counter()
            profile = text.profiles_for(model, [t], shared.classes)[0]
            runs["model"].append(shared.similar(t, k=5, min_score=0.0, profile=profile))
            times.append(time.perf_counter() - start)
            runs["cosine"].append(shared.similar(t, k=5, min_score=0.0))
        cosine_of = {}  # the cosine of each shown report, for the model's
        for n, (t, _y) in enumerate(test):
            vector = shared.vector(t)
            for i, _s in runs["model"][n]:
                cosine_of[(n, i)] = float((vector @ shared._matrix[row_of[i]].T).toarray()[0, 0])

    baseline = TfidfVectorizer()
    known = baseline.fit_transform([t for _i, t, _y in train])
    asked = baseline.transform([t for t, _y in test])
    scores = (asked @ known.T).toarray()
    baseline_top = np.argsort(-scores, axis=1, kind="stable")[:, :5]

    def rows_of(run):
        return [[row_of[i] for i, _s in hits] for hits in run]

    p_model = _precision(rows_of(runs["model"]), truth, labels)
    p_cosine = _precision(rows_of(runs["cosine"]), truth, labels)
    p_base = _precision([list(r) for r in baseline_top], truth, labels)
    n = len(test)
    print()
    print("precision@5 (same GB 6441 category as the query)")
    print(f"  model (cosine and categories, as the page ranks)  {p_model:.3f}")
    print(f"  the index's cosine alone (before issue 16)        {p_cosine:.3f}")
    print(f"  baseline: plain TF-IDF of words, cosine           {p_base:.3f}")
    most = Counter(labels.tolist()).most_common(1)[0][0]
    chance = sum(y == most for y in truth) / len(truth)
    print(f"  {f'five of the most frequent category ({most})':50}{chance:.3f}")
    no_strong_before = sum(not hits or hits[0][1] < MIN_SCORE for hits in runs["cosine"]) / n
    no_strong_after = sum(not hits or hits[0][1] < MIN_SCORE for hits in runs["model"]) / n
    nothing_after = sum(not hits for hits in runs["model"]) / n
    print()
    print(f"lookups with no match at a score >= {MIN_SCORE}")
    print(f"  before (cosine; the page showed nothing)          {no_strong_before:.1%}")
    print(f"  now (model score; the nearest shown, marked weak) {no_strong_after:.1%}")
    print(f"  now showing nothing at all                        {nothing_after:.1%}")
    mean_cos_model = np.mean(list(cosine_of.values()))
    mean_cos_cosine = np.mean([s for hits in runs["cosine"] for _i, s in hits])
    print()
    print(f"mean cosine of the five shown: model {mean_cos_model:.3f}, cosine alone {mean_cos_cosine:.3f}")
    ordered = sorted(times)
    print(
        f"lookup with the query's profile ({len(train):,} indexed): p50 {ordered[n // 2] * 1000:.1f} ms, "
        f"p95 {ordered[int(n * 0.95)] * 1000:.1f} ms"
    )

    alone, mixed = _chinese(0.0)
    print()
    print("Chinese set (tests/analytics/chinese_similar_cases.py): each member asks, the rest of its group wanted")
    for label, result in (("alone (96 narratives)", alone), ("among 5,000 templated Chinese", mixed)):
        print(
            f"  {label:32} recall@5 {result['recall']:.3f}, first answer of the group {result['top1']:.3f} "
            f"({len(result['misses'])} of {result['queries']} queries missed one)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
