"""Narrative similarity, clusters and the category suggester (`analytics.text`), the OIICS → GB 6441 mapping
(`incidents.oiics`) and the committed OSHA excerpt. No database."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import random
from pathlib import Path

import pytest

from zeroharm.analytics.text import CategorySuggester, NarrativeAnalyzer, NarrativeIndex, narrative_clusters, normalise
from zeroharm.incidents.choices import AccidentCategory
from zeroharm.incidents.oiics import EVENT_RULES, SOURCE_RULES, gb6441_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXCERPT = FIXTURES / "osha-severe-injury-2015-excerpt.csv"
DATA = Path(__file__).resolve().parents[3] / "shared" / "data" / "osha-severe-injury-2015"

CHINESE = [
    (1, "冲床夜班压伤右手"),
    (2, "叉车倒车时撞伤仓库搬运工左腿"),
    (3, "配电室检修时电工触电，送医治疗"),
    (4, "焊工在脚手架上作业时从3米高处坠落，腰部骨折"),
    (5, "员工清理皮带输送机时右手被卷入"),
    (6, "搬运钢管时钢管滑落砸伤左脚"),
    (7, "进入污水井作业时硫化氢中毒"),
    (8, "行车吊运钢卷时吊物坠落"),
    (9, "车间通道地面有油污，员工滑倒摔伤"),
    (10, "被高温蒸汽烫伤右臂"),
]


def excerpt_rows() -> list[dict]:
    with open(EXCERPT, encoding="cp1252", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def osha_index() -> NarrativeIndex:
    rows = excerpt_rows()
    return NarrativeIndex().build((int(r["UPA"]), r["Final Narrative"]) for r in rows)


#
# Features
#


def test_text_is_normalised_before_the_ngrams():
    assert normalise("Employee's ＦＩＮＧＥＲ, 1/31/2015\r\n3号冲床，") == "employee s finger 0 00 0000 0号冲床"
    grams = NarrativeAnalyzer()("夜班压伤 caught")
    assert {"夜", "夜班", "压伤", " ca", "caugh", "ught "} <= set(grams)
    assert "夜班压" not in grams and " c" not in grams  # Chinese 1–2-grams, other text 3–5-grams


#
# Similar narratives
#


def test_a_chinese_narrative_finds_its_like_and_not_the_unrelated():
    index = NarrativeIndex().build(CHINESE)
    found = index.similar("夜班冲压作业时右手被压伤")
    assert found[0][0] == 1 and found[0][1] >= 0.3
    assert [i for i, _ in found] == [1]  # nothing else clears 0.3
    assert [i for i, _ in index.similar("叉车在仓库倒车撞伤搬运工")][:1] == [2]
    assert index.similar("公司组织年度消防演练和安全知识竞赛") == []


def test_an_english_narrative_finds_its_like_among_the_osha_excerpt(osha_index):
    rows = {int(r["UPA"]): r["Final Narrative"] for r in excerpt_rows()}
    upa, text = next((u, t) for u, t in rows.items() if "amputat" in t and "press" in t.lower())
    words = text.split()
    paraphrase = " ".join(words[len(words) // 4 :])  # the last three quarters of it, no dates
    found = osha_index.similar(paraphrase, k=3)
    assert found and found[0][0] == upa and found[0][1] > 0.6
    assert osha_index.similar("The quarterly budget meeting moved to Tuesday afternoon.") == []
    assert osha_index.similar("冲床夜班压伤右手") == []  # no Chinese in the OSHA file


def test_similar_to_id_leaves_itself_out_and_exclude_id_leaves_out_the_record_itself(osha_index):
    upa = osha_index.ids[10]
    assert all(i != upa for i, _ in osha_index.similar_to_id(upa, min_score=0.0, k=20))
    text = dict((int(r["UPA"]), r["Final Narrative"]) for r in excerpt_rows())[upa]
    assert osha_index.similar(text, k=1)[0] == (upa, pytest.approx(1.0, abs=1e-5))
    assert all(i != upa for i, _ in osha_index.similar(text, exclude_id=upa, min_score=0.0))
    with pytest.raises(KeyError):
        osha_index.similar_to_id(-1)


def test_results_are_best_first_ties_by_id_and_at_most_k():
    index = NarrativeIndex().build([(9, "冲床压伤右手"), (3, "冲床压伤右手"), (5, "冲床压伤右手"), (7, "叉车撞人")])
    assert [i for i, _ in index.similar("冲床压伤右手", k=2)] == [3, 5]
    assert [i for i, _ in index.similar("冲床压伤右手 手指")] == [3, 5, 9]
    scores = [s for _, s in index.similar("冲床右手", k=5, min_score=0.0)]
    assert scores == sorted(scores, reverse=True) and all(0 < s <= 1 for s in scores)
    assert index.similar("冲床压伤右手", k=0) == []


def test_add_replace_remove_save_and_load_round_trip(tmp_path):
    index = NarrativeIndex().build(CHINESE)
    vocabulary = len(index._vectorizer.vocabulary_)
    index.add([(11, "夜班冲压作业时右手被压伤"), (12, "A worker fell from a ladder")])
    assert len(index) == 12 and 11 in index and len(index._vectorizer.vocabulary_) == vocabulary  # no refit
    assert [i for i, _ in index.similar_to_id(1)] == [11]
    index.add([(11, "叉车倒车撞伤搬运工")])  # an id already there: its text is replaced
    assert len(index) == 12 and [i for i, _ in index.similar_to_id(11)][:1] == [2]
    assert index.remove([2, 999]) == 1
    assert 2 not in index and len(index) == 11 and all(i != 2 for i, _ in index.similar("叉车倒车撞伤搬运工"))
    path = tmp_path / "nested" / "narratives.joblib"
    index.save(path)
    assert os.listdir(path.parent) == ["narratives.joblib"]  # the temporary file was renamed, none left
    loaded = NarrativeIndex.load(path)
    assert sorted(loaded.ids) == sorted(index.ids) and len(loaded) == 11
    for query in ("夜班冲压作业时右手被压伤", "叉车倒车撞伤搬运工", "高处坠落"):
        assert loaded.similar(query, min_score=0.0) == index.similar(query, min_score=0.0)
    loaded.add([(13, "冲床夜班压伤右手")])
    assert [i for i, _ in loaded.similar_to_id(13)][:1] == [1]
    CategorySuggester().fit(["a b c", "d e f"], ["01", "02"]).save(path)
    with pytest.raises(ValueError, match="not a saved NarrativeIndex"):
        NarrativeIndex.load(path)


def test_many_small_adds_and_removes_agree_with_one_build():
    rng = random.Random(4)
    texts = [(i, t) for i, t in CHINESE] + [(100 + i, f"{t}，{rng.choice(['夜班', '白班'])}") for i, t in CHINESE]
    grown = NarrativeIndex().build(texts[:4])
    for item in texts[4:]:
        grown.add([item])
    grown.remove([100 + i for i, _ in CHINESE[:6]])
    assert len(grown._blocks) < 6
    reference = NarrativeIndex()
    reference._vectorizer = grown._vectorizer  # the same vocabulary, all at once
    reference._append(*_as_matrix(grown, [t for t in texts if t[0] not in {100 + i for i, _ in CHINESE[:6]}]))
    for query in ("冲床压伤右手", "叉车撞伤", "触电"):
        assert grown.similar(query, min_score=0.0, k=30) == reference.similar(query, min_score=0.0, k=30)


def _as_matrix(index, items):
    import numpy as np

    return np.array([i for i, _ in items], dtype=np.int64), index._vectorizer.transform([t for _, t in items])


def test_an_empty_index_answers_nothing_and_builds_on_first_add():
    index = NarrativeIndex()
    assert len(index) == 0 and index.similar("冲床压伤右手") == []
    assert len(NarrativeIndex().build([])) == 0 and len(NarrativeIndex().build([(1, ""), (2, "  ")])) == 0
    index.add([(1, "冲床压伤右手"), (2, "叉车撞伤")])
    assert len(index) == 2 and index.similar("冲床压伤右手")[0][0] == 1
    assert index.similar("") == []
    with pytest.raises(ValueError, match="duplicate ids"):
        NarrativeIndex().build([(1, "a"), (1, "b")])


#
# Clusters
#

PRESS = ["夜班冲床作业时右手被压伤", "冲床夜班压伤右手", "夜班冲压作业时右手被冲床压伤", "夜班操作冲床，右手压伤"]
LADDER = [
    "An employee fell from a ladder and fractured his wrist.",
    "Employee fell from a step ladder and fractured his left wrist.",
    "A worker fell off a ladder and fractured his wrist.",
    "The employee fell from the ladder, fracturing his wrist.",
]
OTHERS = [
    "叉车倒车时撞伤仓库搬运工左腿",
    "配电室检修时电工触电",
    "An employee was burned by hot oil from a fryer.",
    "进入污水井作业时硫化氢中毒",
    "A truck driver was struck by a falling pipe.",
]


def test_clusters_group_the_alike_and_leave_the_rest_out():
    items = list(enumerate(PRESS + LADDER + OTHERS, start=1))
    clusters = narrative_clusters(items, min_score=0.4, min_size=3)
    assert sorted(map(sorted, clusters)) == [[1, 2, 3, 4], [5, 6, 7, 8]]
    index = NarrativeIndex().build(items)
    for cluster in clusters:  # every member is similar to the centre, which comes first
        scores = dict(index.similar_to_id(cluster[0], k=50, min_score=0.0))
        assert all(scores[member] >= 0.4 for member in cluster[1:])
        assert [scores[m] for m in cluster[1:]] == sorted((scores[m] for m in cluster[1:]), reverse=True)
    shuffled = items[:]
    random.Random(1).shuffle(shuffled)
    assert narrative_clusters(shuffled, min_score=0.4, min_size=3) == clusters  # the order does not matter
    assert narrative_clusters(items, min_score=0.4, min_size=5) == []
    assert narrative_clusters(items[:2], min_score=0.4) == []


def test_clusters_are_stars_not_chains():
    # a–b–c–d–e: each like the next, the ends not alike; connected components would give one group of 5
    chain = ["aaaa bbbb cccc", "bbbb cccc dddd", "cccc dddd eeee", "dddd eeee ffff", "eeee ffff gggg"]
    clusters = narrative_clusters(list(enumerate(chain)), min_score=0.3, min_size=2)
    assert clusters and all(len(c) <= 3 for c in clusters)
    assert sorted(i for c in clusters for i in c) == sorted(set(i for c in clusters for i in c))  # one group each


def test_clusters_of_the_osha_excerpt_hold_similar_narratives():
    items = [(int(r["UPA"]), r["Final Narrative"]) for r in excerpt_rows()]
    clusters = narrative_clusters(items, min_score=0.35, min_size=3)
    index = NarrativeIndex().build(items)
    assert clusters
    for cluster in clusters:
        near = dict(index.similar_to_id(cluster[0], k=300, min_score=0.35))
        assert set(cluster[1:]) <= set(near)


#
# Category suggester
#


def _split(rows):
    test = [int(hashlib.sha256(r["UPA"].encode()).hexdigest(), 16) % 3 == 0 for r in rows]
    pairs = [(r["Final Narrative"], gb6441_for(r["Event"], r["Source"])) for r in rows]
    return [p for p, t in zip(pairs, test, strict=True) if not t], [p for p, t in zip(pairs, test, strict=True) if t]


def test_the_suggester_beats_the_majority_baseline_on_the_osha_excerpt():
    train, test = _split(excerpt_rows())
    result = CategorySuggester.evaluate(train, test)
    assert (result["n_train"], result["n_test"]) == (len(train), len(test)) and result["n_test"] >= 80
    assert result["baseline_accuracy"] < 0.3
    assert result["accuracy"] >= result["baseline_accuracy"] + 0.2
    assert result["top3_accuracy"] >= result["accuracy"]


def test_suggestions_are_categories_with_probabilities_and_survive_save_and_load(tmp_path):
    train, _ = _split(excerpt_rows())
    suggester = CategorySuggester().fit([t for t, _ in train], [y for _, y in train])
    text = "An employee's right hand was caught in the rollers of a running conveyor and two fingers were amputated."
    suggestions = suggester.suggest(text, k=3)
    assert len(suggestions) == 3 and suggestions[0][0] == AccidentCategory.MECHANICAL
    assert {code for code, _ in suggestions} <= set(AccidentCategory.values)
    probabilities = [p for _, p in suggestions]
    assert probabilities == sorted(probabilities, reverse=True) and 0 < sum(probabilities) <= 1 + 1e-9
    assert suggester.suggest("An employee fell 12 feet from a roof and fractured his pelvis.")[0][0] == "09"
    path = tmp_path / "suggester.joblib"
    suggester.save(path)
    assert CategorySuggester.load(path).suggest(text, k=3) == suggestions


def test_a_suggester_trained_on_one_category_suggests_it():
    suggester = CategorySuggester().fit(["冲床压伤右手", "剪板机切伤手指"], ["03", "03"])
    assert suggester.suggest("任何文字") == [("03", 1.0)] and suggester.classes == ["03"]
    with pytest.raises(ValueError):
        CategorySuggester().fit(["a"], ["01", "02"])


#
# OIICS → GB 6441
#


@pytest.mark.parametrize(
    ("event", "source", "category"),
    [
        ("4331", "", "09"),  # other fall to lower level, under 6 feet
        ("4420", "6544", "09"),  # jump to lower level
        ("422", "", "20"),  # fall on same level due to slipping
        ("40", "7422", "09"),  # fall, unspecified — from a step ladder
        ("40", "6600", "20"),  # fall, unspecified — on a floor
        ("6239", "", "01"),  # struck by falling object
        ("6233", "3436", "04"),  # ... dropped by an overhead crane
        ("642", "433", "04"),  # pinched by a shifting load on a sling
        ("6412", "3563", "03"),  # caught in running machinery: a punch press
        ("60", "3719", "03"),  # contact, unspecified — a special process machine
        ("642", "8621", "02"),  # pinched by a forklift
        ("2442", "8621", "02"),  # pedestrian struck by a forward-moving forklift
        ("2313", "", "20"),  # thrown from an animal being ridden
        ("6213", "3211", "03"),  # struck by the swinging bucket of a backhoe
        ("6252", "7224", "03"),  # a powered saw kicked back
        ("6252", "7125", "20"),  # a knife slipped
        ("5112", "4415", "05"),  # direct exposure to electricity over 220 V
        ("317", "1643", "08"),  # ignition of vapours
        ("314", "", "07"),  # clothing caught fire from a torch
        ("533", "", "07"),  # contact with hot objects
        ("531", "9262", "20"),  # environmental heat: heat stroke is no burn
        ("5544", "111", "07"),  # acid on the skin: chemical burn
        ("5521", "", "19"),  # inhalation of a harmful substance
        ("561", "", "06"),  # drowning
        ("323", "2129", "17"),  # pressure vessel explosion
        ("323", "4813", "18"),  # a tyre burst
        ("323", "2121", "16"),  # a boiler
        ("329", "1859", "14"),  # explosives
        ("324", "", "13"),  # blasting
        ("651", "611", "10"),  # trench cave-in
        ("652", "", "11"),  # mine collapse
        ("1113", "", "20"),  # assault
        ("7111", "", "20"),  # overexertion in lifting
        ("9999", "9999", "20"),  # nonclassifiable
        ("", "", "20"),
        ("abc", "", "20"),
        (" 4331 ", "", "09"),
        ("4331.0", "", "09"),  # as a spreadsheet may hand it over
    ],
)
def test_oiics_event_codes_map_to_gb6441(event, source, category):
    assert gb6441_for(event, source) == category


def test_every_rule_names_a_gb6441_category():
    categories = set(AccidentCategory.values)
    assert {r.category for r in EVENT_RULES} | {r.category for r in SOURCE_RULES} <= categories
    assert len({r.prefix for r in EVENT_RULES}) == len(EVENT_RULES)


def test_every_rule_prefix_and_title_is_in_the_oiics_code_list():
    openpyxl = pytest.importorskip("openpyxl")
    path = DATA / "oiics_201_code_list.xlsx"
    if not path.exists():
        pytest.skip("../shared/data is not here")
    book = openpyxl.load_workbook(path, read_only=True)
    events = {str(row[1]): " ".join(str(row[2]).split()) for row in list(book["Event"].iter_rows(values_only=True))[1:]}
    sources = {str(row[1]) for row in list(book["Source"].iter_rows(values_only=True))[1:]}
    for rule in EVENT_RULES:
        assert events[rule.prefix].lower() == rule.title.lower(), rule.prefix
    for rule in SOURCE_RULES:
        assert set(rule.events) <= set(events) and set(rule.sources) <= sources, rule.title


#
# The committed excerpt
#


def test_the_excerpt_is_300_osha_records_byte_for_byte():
    raw = EXCERPT.read_bytes()
    rows = excerpt_rows()
    assert len(rows) == 300 and len({r["UPA"] for r in rows}) == 300
    assert raw.startswith(b"ID,UPA,EventDate,") and raw.endswith(b"\r\n")
    assert b"\x92" in raw and any("\r\n" in r["Final Narrative"] for r in rows)
    assert any("\n" in r["Final Narrative"] and "\r\n" not in r["Final Narrative"] for r in rows)
    assert len({gb6441_for(r["Event"], r["Source"]) for r in rows}) >= 14
    original = DATA / "severeinjury-2015.csv"
    if not original.exists():
        pytest.skip("../shared/data is not here")
    from tests.fixtures.make_osha_excerpt import records

    full = set(records(original.read_bytes()))
    assert all(record in full for record in records(raw))
    assert next(csv.reader(io.StringIO(raw.decode("cp1252"), newline=""))) == next(
        csv.reader(io.StringIO(original.read_bytes()[:2000].decode("cp1252"), newline=""))
    )
