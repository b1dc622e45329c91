"""Held-out accuracy of the GB 6441 category suggester on the real OSHA Severe Injury Reports of 2015.

    .venv/bin/python benchmarks/category_accuracy.py [--file PATH] [--alpha 1e-5]

Every report is labelled with `zeroharm.incidents.oiics.gb6441_for(Event, Source)` (the mapping of
docs/oiics-gb6441-mapping.md), then split 80/20 by the SHA-256 of its UPA (the file's key; the same
split every run): the suggester learns from the narratives of the 80% and guesses the category of the
20% from their narratives alone. Printed beside it: always guessing the most frequent training category.
No database; about 10 s on two cores.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_FILE = ROOT.parent / "shared" / "data" / "osha-severe-injury-2015" / "severeinjury-2015.csv"


def load(path: Path) -> list[tuple[str, str, str]]:
    """(UPA, narrative, GB 6441 category) per report."""
    from zeroharm.incidents.oiics import gb6441_for

    with open(path, encoding="cp1252", newline="") as handle:
        return [
            (row["UPA"], row["Final Narrative"], gb6441_for(row["Event"], row["Source"]))
            for row in csv.DictReader(handle)
        ]


def is_test(upa: str) -> bool:
    """One report in five, by the hash of its key."""
    return int(hashlib.sha256(upa.encode()).hexdigest(), 16) % 5 == 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--alpha", type=float, default=None, help="SGD regularisation (default: the suggester's)")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from django.conf import settings

    if not settings.configured:  # only for the categories' (lazy) English labels
        settings.configure(USE_I18N=False)
    from zeroharm.analytics.text import CategorySuggester
    from zeroharm.incidents.choices import AccidentCategory

    rows = load(args.file)
    train = [(text, label) for upa, text, label in rows if not is_test(upa)]
    test = [(text, label) for upa, text, label in rows if is_test(upa)]
    options = {} if args.alpha is None else {"alpha": args.alpha}
    started = time.perf_counter()
    result = CategorySuggester.evaluate(train, test, **options)
    seconds = time.perf_counter() - started

    print(f"OSHA Severe Injury Reports 2015: {len(rows):,} reports, {args.file.name}")
    print(f"split by sha256(UPA) % 5: train {result['n_train']:,}, held out {result['n_test']:,}")
    print(f"suggester accuracy (first suggestion)   {result['accuracy']:.1%}")
    print(f"suggester top-3 accuracy                {result['top3_accuracy']:.1%}")
    print(f"{'baseline: always ' + repr(result['baseline_label']):40}{result['baseline_accuracy']:.1%}")
    print(f"(fit and predict: {seconds:.1f} s)")
    print()
    print("category                                   all  train  test  test recall")
    suggester = CategorySuggester(**options).fit([t for t, _ in train], [y for _, y in train])
    predicted = suggester.predict([t for t, _ in test])
    hits = Counter(y for (_, y), p in zip(test, predicted, strict=True) if y == p)
    n_all, n_train, n_test = (Counter(y for *_, y in data) for data in (rows, train, test))
    for code in sorted(n_all):
        label = f"{code} {AccidentCategory(code).label}"
        recall = f"{hits[code] / n_test[code]:.0%}" if n_test[code] else "-"
        print(f"{label:40} {n_all[code]:5} {n_train[code]:6} {n_test[code]:5} {recall:>12}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
