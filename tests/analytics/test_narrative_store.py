"""The narrative index as memory-mapped arrays (analytics.narrative_store, issue 11 point 19): it answers what the
in-memory `text.NarrativeIndex` answers, its arrays are mapped read-only (shared by processes, not copied), and
an incident page never builds it."""

from __future__ import annotations

from unittest import mock

import numpy as np
import pytest

from zeroharm.analytics import narrative_store, similarity, text

NARRATIVES = [
    (11, "Hand caught in press line 3 while clearing a jammed part"),
    (12, "Operator's fingers crushed by the press ram during a die change"),
    (13, "Worker fell from the scaffold while fixing a beam on the third level"),
    (14, "Fell from a ladder while changing a lamp in the warehouse"),
    (15, "从脚手架上坠落，腿部骨折"),
    (16, "攀爬梯子时失足坠落"),
    (17, "Struck on the head by a box falling from the top shelf"),
    (18, "货架上的纸箱掉落砸中头部"),
    (19, ""),
]
QUERIES = [
    "hand caught in the press",
    "工人从脚手架坠落",
    "fell off a ladder",
    "box fell from the shelf",
    "zzz qqq",
    "",
    "砸中头部 struck",
]


@pytest.fixture
def stored(tmp_path):
    index = text.NarrativeIndex().build(NARRATIVES)
    index.add([(20, "Hand crushed in the press on the night shift")])
    index.remove([14])
    narrative_store.write(index, tmp_path, {"count": len(index)})
    return index, narrative_store.open_current(tmp_path)


def test_the_shared_index_answers_what_the_index_answers(stored):
    index, shared = stored
    assert len(shared) == len(index) == 9
    for query in QUERIES:
        expected = index._vectorizer.transform([query]).toarray()
        assert np.allclose(shared.vector(query).toarray(), expected, atol=1e-6), query
        mine = shared.similar(query, k=5, min_score=0.0)
        theirs = index.similar(query, k=5, min_score=0.0)
        assert [i for i, _s in mine] == [i for i, _s in theirs], query
        assert np.allclose([s for _i, s in mine], [s for _i, s in theirs], atol=1e-5)
    assert 14 not in {i for i, _s in shared.similar("fell off a ladder", k=9, min_score=0.0)}
    assert 11 not in {i for i, _s in shared.similar(NARRATIVES[0][1], k=9, min_score=0.0, exclude_id=11)}


def test_the_arrays_are_mapped_read_only_not_copied(stored):
    _index, shared = stored
    for array in (shared._matrix.data, shared._matrix.indices, shared._matrix.indptr, shared._ids, shared._terms):
        base = array
        while not isinstance(base, np.memmap) and getattr(base, "base", None) is not None:
            base = base.base
        assert isinstance(base, np.memmap) and not array.flags.writeable


def test_a_new_version_replaces_the_old_one(stored, tmp_path):
    index, shared = stored
    old = shared.meta["version"]
    index.add([(30, "Burnt by hot oil at the fryer")])
    narrative_store.write(index, tmp_path, {"count": len(index)})
    assert narrative_store.current_version(tmp_path) != old
    assert not (tmp_path / old).exists()
    assert [i for i, _s in narrative_store.open_current(tmp_path).similar("Burnt by hot oil at the fryer", k=1)] == [30]
    # the process still mapping the removed version keeps answering from its pages
    assert shared.similar("hand caught in the press", k=1)[0][0] in (11, 20)


def test_the_worker_takes_the_saved_index_up_again(stored, tmp_path):
    index, _shared = stored
    again, meta = narrative_store.load_for_update(tmp_path)
    assert meta["count"] == 9 and sorted(again.ids) == sorted(index.ids)
    again.add([(40, "Slipped on an oily floor")])
    assert again.similar("slipped on oil", k=1, min_score=0.1)[0][0] == 40


def test_an_empty_index_is_written_and_answers_nothing(tmp_path):
    narrative_store.write(text.NarrativeIndex().build([]), tmp_path, {"count": 0})
    shared = narrative_store.open_current(tmp_path)
    assert len(shared) == 0 and shared.similar("anything") == []
    assert narrative_store.open_current(tmp_path / "nothing") is None


@pytest.mark.django_db
def test_an_incident_page_never_builds_the_index(
    world, client_for, settings, tmp_path, django_capture_on_commit_callbacks
):
    from tests.support.analytics import make_incident, when

    settings.VAR_DIR = tmp_path
    similarity.reset_cache()
    try:
        first = make_incident(world.unit("A1a"), when(5), description=NARRATIVES[0][1])
        other = make_incident(world.unit("A1a"), when(4), description=NARRATIVES[0][1] + " again")
        client = client_for("admin")
        with (
            mock.patch.object(text.NarrativeIndex, "build", side_effect=AssertionError("built in a request")),
            mock.patch.object(text.CategorySuggester, "fit", side_effect=AssertionError("trained in a request")),
        ):
            page = client.get(first.get_absolute_url())
        assert page.status_code == 200
        assert "Similar incidents are being prepared" in page.content.decode()
        similarity.refresh()  # the worker's job
        page = client.get(first.get_absolute_url()).content.decode()
        assert "Similar incidents are being prepared" not in page
        assert other.reference in page
    finally:
        similarity.reset_cache()


LABELS = {11: "03", 12: "03", 13: "09", 14: "09", 15: "09", 16: "09", 17: "01", 18: "01", 19: "20", 20: "03"}


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")  # ten narratives
def test_category_profiles_are_saved_mapped_and_taken_up_again(tmp_path):
    """Issue 16, point 3: each row's category profile goes with the arrays; the mapped index ranks with it as the
    in-memory one does, and the worker's copy keeps it."""
    rows = dict(NARRATIVES) | {20: "Hand crushed in the press on the night shift"}
    profiler = text.CategorySuggester().fit([rows[i] for i in sorted(rows)], [LABELS[i] for i in sorted(rows)])
    index = text.NarrativeIndex().build(NARRATIVES, profiler)
    index.add([(20, rows[20])], profiler)
    index.remove([14])
    narrative_store.write(index, tmp_path, {"count": len(index)})
    shared = narrative_store.open_current(tmp_path)
    assert shared.classes == index.classes == ("01", "03", "09", "20")
    assert shared._profiles.shape == (9, 4) and np.allclose(shared._profiles.sum(axis=1), 1, atol=1e-5)
    for query in QUERIES:
        profile = text.profiles_for(profiler, [query], shared.classes)[0]
        mine = shared.similar(query, k=5, min_score=0.0, profile=profile)
        theirs = index.similar(query, k=5, min_score=0.0, profile=profile)
        assert [i for i, _s in mine] == [i for i, _s in theirs], query
        assert np.allclose([s for _i, s in mine], [s for _i, s in theirs], atol=1e-5)
    again, _meta = narrative_store.load_for_update(tmp_path)
    assert again.classes == index.classes and np.allclose(again._profiles, shared._profiles)


def test_the_categories_break_what_the_words_leave_even(tmp_path):
    """Two narratives as like the query in words: the one of the query's likely category comes first, and the
    score stays between 0 and 1."""
    profiler = mock.Mock(classes=["01", "03"])
    profiler.probabilities.side_effect = lambda texts: np.array(
        [[0.9, 0.1] if "box" in t else [0.1, 0.9] for t in texts], dtype=np.float32
    )
    rows = [(1, "worker hurt at the line, box"), (2, "worker hurt at the line, ram")]
    index = text.NarrativeIndex().build(rows)
    plain = index.similar("worker hurt at the line", k=2, min_score=0.0)
    assert plain[0][1] == pytest.approx(plain[1][1])
    index = text.NarrativeIndex().build(
        [(1, "worker hurt at the line, box"), (2, "worker hurt at the line, ram")], profiler
    )
    query = text.profiles_for(profiler, ["worker hurt at the line, ram"], index.classes)[0]
    ranked = index.similar("worker hurt at the line", k=2, min_score=0.0, profile=query)
    assert [i for i, _s in ranked] == [2, 1] and all(0 <= s <= 1 for _i, s in ranked)
    # a profiler with other categories: its columns are matched by name, unknown ones dropped
    other = mock.Mock(classes=["03", "99"])
    other.probabilities.return_value = np.array([[0.7, 0.3]], dtype=np.float32)
    assert text.profiles_for(other, ["x"], ("01", "03")).tolist() == [[0.0, pytest.approx(0.7)]]
    assert text.profiles_for(None, ["x"], ("01", "03")).tolist() == [[0.0, 0.0]]
