"""The category suggester's inputs beyond the narrative, its abstention, its weights and the coverage table
(`analytics.text.categories`), on the committed OSHA excerpt. No database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from zeroharm.analytics.text import CONFIDENT, CategorySuggester, Report, as_report, coverage_table
from zeroharm.incidents.oiics import gb6441_for

EXCERPT = Path(__file__).resolve().parents[1] / "fixtures" / "osha-severe-injury-2015-excerpt.csv"


def _excerpt() -> list[tuple[Report, str, int]]:
    with open(EXCERPT, encoding="cp1252", newline="") as handle:
        return [
            (
                Report(
                    row["Final Narrative"], row["SourceTitle"], f"{row['NatureTitle']}; {row['Part of Body Title']}"
                ),
                gb6441_for(row["Event"], row["Source"]),
                int(row["EventDate"].split("/")[0]),
            )
            for row in csv.DictReader(handle)
        ]


@pytest.fixture(scope="module")
def split():
    rows = _excerpt()
    months = sorted({m for *_, m in rows})
    cut = months[len(months) * 2 // 3]  # the earlier months teach, the later ones test
    return [(r, y) for r, y, m in rows if m < cut], [(r, y) for r, y, m in rows if m >= cut]


def test_reports_are_read_from_strings_mappings_and_sequences():
    assert as_report("Fell off a ladder") == Report("Fell off a ladder", "", "")
    assert as_report(None) == Report()
    assert as_report({"text": "t", "agent": "Forklift", "other": "x"}) == Report("t", "Forklift", "")
    assert as_report(("t", "Crane", "Fractures; Foot")) == Report("t", "Crane", "Fractures; Foot")


def test_the_form_fields_help_beyond_the_narrative_on_later_months(split):
    train, test = split
    assert len(test) >= 60
    with_fields = CategorySuggester.evaluate(train, test)
    alone = CategorySuggester.evaluate([(r.text, y) for r, y in train], [(r.text, y) for r, y in test])
    assert with_fields["accuracy"] > alone["accuracy"] >= with_fields["baseline_accuracy"] + 0.2
    assert len(with_fields["confidence"]) == len(test) and with_fields["correct"].count(True) == round(
        with_fields["accuracy"] * len(test)
    )


def test_the_agent_field_decides_between_categories_the_narrative_leaves_open():
    reports = [Report("The load fell and struck the worker", "Crane", "")] * 5
    reports += [Report("The load fell and struck the worker", "Box, crate", "")] * 5
    suggester = CategorySuggester().fit(reports, ["04"] * 5 + ["01"] * 5)
    assert suggester.suggest(Report("A load fell and struck him", "Crane, overhead"))[0][0] == "04"
    assert suggester.suggest(Report("A load fell and struck him", "Crate"))[0][0] == "01"
    # A narrative alone is still understood by a model trained with fields.
    assert suggester.suggest("a load fell")[0][0] in {"01", "04"}


def test_weights_make_corrections_count():
    texts = ["worker struck by a falling box", "a box fell and struck the picker", "struck on the head by a carton"]
    texts += ["worker caught in the press", "hand caught in the press rollers", "finger crushed in the press"]
    labels = ["01"] * 3 + ["03"] * 3
    corrected = "the box slid into the press and the press caught the worker's hand"

    def press(weight):
        suggester = CategorySuggester().fit([*texts, corrected], [*labels, "01"], weights=[1] * 6 + [weight])
        return dict(suggester.suggest("a box slid into the press", k=2))["03"]

    assert press(1) > press(3) > press(10)
    with pytest.raises(ValueError):
        CategorySuggester().fit(texts, labels, weights=[1])


def test_the_suggester_abstains_below_the_threshold():
    sure = [("03", 0.91), ("01", 0.05), ("20", 0.02)]
    unsure = [("03", 0.45), ("01", 0.40), ("20", 0.10)]
    assert CategorySuggester.decide(sure) == [("03", 0.91)]
    assert CategorySuggester.decide(unsure) == unsure
    assert CategorySuggester.decide([("03", CONFIDENT)]) == [("03", CONFIDENT)]
    assert CategorySuggester.decide([]) == []


def test_accuracy_by_coverage_answers_the_most_confident_first():
    confidence = [0.99, 0.2, 0.9, 0.5, 0.8]
    correct = [True, False, True, False, True]
    table = coverage_table(confidence, correct, levels=(0.2, 0.6, 0.8, 1.0))
    assert table == [(0.2, 1.0, 0.99), (0.6, 1.0, 0.8), (0.8, 0.75, 0.5), (1.0, 0.6, 0.2)]
    with pytest.raises(ValueError):
        coverage_table([0.5], [True, False])


def test_a_saved_suggester_of_the_old_format_is_refused(tmp_path):
    from zeroharm.analytics.text.index import _atomic_dump

    path = tmp_path / "old.joblib"
    _atomic_dump({"kind": "CategorySuggester", "version": 1, "alpha": 1e-5, "pipeline": None}, path)
    with pytest.raises(ValueError, match="format version"):
        CategorySuggester.load(path)
