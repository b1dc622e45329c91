"""Accuracy of the GB 6441 category suggester on the real OSHA Severe Injury Reports of 2015, split by time.

    .venv/bin/python benchmarks/category_accuracy.py [--file PATH] [--test-from MONTH] [--alpha 1e-5]

Every report is labelled with `zeroharm.incidents.oiics.gb6441_for(Event, Source)` (the mapping of
docs/oiics-gb6441-mapping.md). The suggester learns from the reports of January to September (`EventDate`)
and guesses the category of those of October to December, as it would guess next quarter's incidents.

**Inputs**, what a user fills on the incident form: the narrative (`Final Narrative`), the agent or equipment
(`SourceTitle`, imported into `Incident.agent`) and the injury (`NatureTitle` and `Part of Body Title`, the
person's nature of injury and body part). Never the event (`Event`, `EventTitle`): the label is derived from
the event code, so reading it would be reading the answer. The source code also refines the label (a load
dropped by a crane is "04", lifting, by the source), so the agent is a strong, legitimate hint: GB 6441 names
the category by the agent. The figures with the narrative alone are printed too.

**Baseline**, trained on the same split and printed beside: a logistic regression (``LogisticRegression(C=10)``,
multinomial, lbfgs) on word 1–2-gram and character 2–5-gram TF-IDF of the narrative; and the same baseline
given the same fields as the suggester, joined into one text. Then the accuracy when the suggester answers only
its most confident reports (coverage), how often each band of probability was right (calibration), and the
threshold the product uses (`text.CONFIDENT`). No database;
about three minutes on two cores, most of it the baselines.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "osha-severe-injury-2015" / "severeinjury-2015.csv"


def load(path: Path) -> list[dict]:
    """Per report: month, the form's fields (text, agent, injury) and the GB 6441 category."""
    from zeroharm.incidents.oiics import gb6441_for

    with open(path, encoding="cp1252", newline="") as handle:
        return [
            {
                "month": int(row["EventDate"].split("/")[0]),
                "text": row["Final Narrative"],
                "agent": row["SourceTitle"],
                "injury": "; ".join(t for t in (row["NatureTitle"], row["Part of Body Title"]) if t),
                "label": gb6441_for(row["Event"], row["Source"]),
            }
            for row in csv.DictReader(handle)
        ]


def baseline(train_texts, train_labels, test_texts) -> list[str]:
    """Word + character TF-IDF, logistic regression."""
    import numpy as np
    from scipy.sparse import hstack
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    words = TfidfVectorizer(sublinear_tf=True, ngram_range=(1, 2), min_df=2, dtype=np.float32)
    chars = TfidfVectorizer(sublinear_tf=True, analyzer="char_wb", ngram_range=(2, 5), min_df=2, dtype=np.float32)
    x_train = hstack([words.fit_transform(train_texts), chars.fit_transform(train_texts)]).tocsr()
    x_test = hstack([words.transform(test_texts), chars.transform(test_texts)]).tocsr()
    model = LogisticRegression(C=10, max_iter=1000).fit(x_train, train_labels)
    return [str(p) for p in model.predict(x_test)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--test-from", type=int, default=10, help="first month of the test reports (default 10)")
    parser.add_argument("--alpha", type=float, default=None, help="SGD regularisation (default: the suggester's)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from django.conf import settings

    if not settings.configured:  # only for the categories' (lazy) English labels
        settings.configure(USE_I18N=False)
    from zeroharm.analytics.text import CONFIDENT, CategorySuggester, Report, coverage_table
    from zeroharm.incidents.choices import AccidentCategory

    rows = load(args.file)
    train = [r for r in rows if r["month"] < args.test_from]
    test = [r for r in rows if r["month"] >= args.test_from]
    options = {} if args.alpha is None else {"alpha": args.alpha}
    truth = [r["label"] for r in test]

    def form(r):
        return Report(r["text"], r["agent"], r["injury"])

    started = time.perf_counter()
    suggester = CategorySuggester(**options).fit([form(r) for r in train], [r["label"] for r in train])
    fit_seconds = time.perf_counter() - started
    result = CategorySuggester.evaluate(
        [(form(r), r["label"]) for r in train], [(form(r), r["label"]) for r in test], **options
    )
    alone = CategorySuggester.evaluate(
        [(r["text"], r["label"]) for r in train], [(r["text"], r["label"]) for r in test], **options
    )
    latencies = []
    for r in test[:300]:
        t0 = time.perf_counter()
        suggester.suggest(form(r))
        latencies.append((time.perf_counter() - t0) * 1000)

    started = time.perf_counter()
    base = baseline([r["text"] for r in train], [r["label"] for r in train], [r["text"] for r in test])
    base_seconds = time.perf_counter() - started

    def joined(r):
        return " | ".join((r["text"], r["agent"], r["injury"]))

    base_all = baseline([joined(r) for r in train], [r["label"] for r in train], [joined(r) for r in test])

    def accuracy(predicted):
        return sum(p == y for p, y in zip(predicted, truth, strict=True)) / len(truth)

    n_first = Counter(r["month"] for r in train)
    print(f"OSHA Severe Injury Reports 2015: {len(rows):,} reports, {args.file.name}")
    print(
        f"split by time: train months {min(n_first)}-{max(n_first)} ({len(train):,} reports), "
        f"test months {args.test_from}-12 ({len(test):,})"
    )
    print("inputs: narrative + agent (SourceTitle) + injury (NatureTitle; Part of Body Title); never the event")
    print()

    def line(label: str, top1: float, top3: float | None = None) -> None:
        print(f"{label:60}{top1:6.1%}" + ("" if top3 is None else f"  {top3:6.1%}"))

    print(f"{'':60} top-1   top-3")
    line("suggester, narrative + agent + injury", result["accuracy"], result["top3_accuracy"])
    line("suggester, narrative alone", alone["accuracy"], alone["top3_accuracy"])
    line("baseline: word+char TF-IDF logistic regression, narrative", accuracy(base))
    line("baseline: the same, narrative + agent + injury as one text", accuracy(base_all))
    line(f"always {result['baseline_label']!r}", result["baseline_accuracy"])
    print(
        f"suggester minus the narrative baseline: {(result['accuracy'] - accuracy(base)) * 100:+.1f} points; "
        f"minus the same-inputs baseline: {(result['accuracy'] - accuracy(base_all)) * 100:+.1f} points"
    )
    print()
    print("accuracy when only the most confident reports are answered (the rest: abstain, show the top three)")
    print("coverage  accuracy  lowest probability answered")
    for level, acc, lowest in coverage_table(result["confidence"], result["correct"]):
        print(f"{level:8.0%}  {acc:8.1%}  {lowest:.2f}")
    print()
    print("calibration: the first suggestion's probability against how often it was right")
    print("probability   reports  mean probability  right")
    pairs = list(zip(result["confidence"], result["correct"], strict=True))
    for lo, hi in ((0, 0.5), (0.5, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 0.95), (0.95, 1.01)):
        band = [(p, ok) for p, ok in pairs if lo <= p < hi]
        if band:
            mean = sum(p for p, _ in band) / len(band)
            right = sum(ok for _, ok in band) / len(band)
            print(f"{lo:.2f}-{min(hi, 1):.2f}  {len(band):9,}  {mean:16.1%}  {right:5.1%}")
    sure = [ok for p, ok in pairs if p >= CONFIDENT]
    print(
        f"at the product's threshold (probability >= {CONFIDENT}): answers {len(sure) / len(truth):.1%} of the "
        f"reports, {sum(sure) / max(len(sure), 1):.1%} of them right; abstains on the rest, where the right "
        f"category is among the three shown for "
        f"{_top3_when_unsure(suggester, test, form, CONFIDENT):.1%}"
    )
    print()
    print(
        f"time: suggester fit {fit_seconds:.1f} s on {len(train):,} reports; one suggestion p50 "
        f"{statistics.median(latencies):.1f} ms, max {max(latencies):.1f} ms; baseline fit+predict {base_seconds:.1f} s"
    )
    print()
    print("category                                   all  train  test  test recall")
    hits = Counter(y for y, p in zip(truth, result["predicted"], strict=True) if y == p)
    n_all, n_train, n_test = (Counter(r["label"] for r in data) for data in (rows, train, test))
    for code in sorted(n_all):
        label = f"{code} {AccidentCategory(code).label}"
        recall = f"{hits[code] / n_test[code]:.0%}" if n_test[code] else "-"
        print(f"{label:40} {n_all[code]:5} {n_train[code]:6} {n_test[code]:5} {recall:>12}")
    return 0


def _top3_when_unsure(suggester, test, form, threshold) -> float:
    unsure = [(s, r["label"]) for s, r in zip(suggester.suggest_many([form(r) for r in test]), test, strict=True)]
    unsure = [(s, y) for s, y in unsure if s[0][1] < threshold]
    return sum(y in {c for c, _ in s} for s, y in unsure) / max(len(unsure), 1)


if __name__ == "__main__":
    sys.exit(main())
