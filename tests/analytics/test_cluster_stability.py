"""Repeated-accident clusters of narratives are stable (issue 16, point 4): the same incidents give the same groups,
and one more incident unlike the others changes none of them, because the narratives are weighed with the
vocabulary the worker learnt for the similar-incident index, not with one learnt from the incidents asked."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from tests.support.analytics import END, FALL_TEXT, PRESS_TEXT, START, STRIKE_TEXT, make_incident, when, worker
from zeroharm.analytics import narrative_store, selectors, text
from zeroharm.analytics.selectors import ClusterParams, Scope

LADDER = [
    "An employee fell from a ladder and fractured his wrist.",
    "Employee fell from a step ladder and fractured his left wrist.",
    "A worker fell off a ladder and fractured his wrist.",
    "The employee fell from the ladder, fracturing his wrist.",
]
PRESS = ["夜班冲床作业时右手被压伤", "冲床夜班压伤右手", "夜班冲压作业时右手被冲床压伤", "夜班操作冲床，右手压伤"]
OTHERS = ["配电室检修时电工触电", "An employee was burned by hot oil from a fryer.", "进入污水井作业时硫化氢中毒"]
UNRELATED = "Quarterly fire drill in the office: everyone out in four minutes, nobody hurt."


def as_sets(clusters) -> set[frozenset[int]]:
    return {frozenset(c) for c in clusters}


def _index_vectors(items, tmp_path):
    """The vectors of the worker's index built from `items`, as the app servers map it."""
    narrative_store.write(text.NarrativeIndex().build(items), tmp_path, {})
    return narrative_store.open_current(tmp_path).vectors


def test_the_index_vectors_are_the_vectorizers(tmp_path):
    items = list(enumerate(PRESS + LADDER + OTHERS, start=1))
    index = text.NarrativeIndex().build(items)
    narrative_store.write(index, tmp_path, {})
    shared = narrative_store.open_current(tmp_path)
    texts = [t for _i, t in items] + [UNRELATED, "", "从未见过的词"]
    assert np.allclose(shared.vectors(texts).toarray(), index._vectorizer.transform(texts).toarray(), atol=1e-6)
    assert shared.vectors([]).shape == (0, len(shared._idf))


def test_same_narratives_same_clusters_and_an_unrelated_one_changes_none(tmp_path):
    items = list(enumerate(PRESS + LADDER + OTHERS, start=1))
    vectors = _index_vectors(items, tmp_path)
    first = text.narrative_clusters(items, min_score=0.4, min_size=3, vectors=vectors)
    assert as_sets(first) == {frozenset({1, 2, 3, 4}), frozenset({5, 6, 7, 8})}
    assert text.narrative_clusters(list(reversed(items)), min_score=0.4, min_size=3, vectors=vectors) == first
    grown = text.narrative_clusters([*items, (99, UNRELATED)], min_score=0.4, min_size=3, vectors=vectors)
    assert grown == first


def test_near_the_threshold_a_vocabulary_learnt_per_call_reshuffles_and_the_index_vocabulary_does_not(tmp_path):
    """Why: with the vocabulary and idf learnt from the narratives asked, one more narrative moves every weight (all
    the idfs grow, the common n-grams' the most), so a pair near the threshold crosses it. With a threshold between
    such a pair's two cosines the old way regroups; the index's vocabulary keeps the groups as they were."""
    items = list(enumerate(PRESS + LADDER + OTHERS, start=1))
    grown_items = [*items, (99, UNRELATED)]
    texts = [t for _i, t in items]
    before = text.narrative_vectorizer().fit_transform(texts)
    after = text.narrative_vectorizer().fit(texts + [UNRELATED]).transform(texts)
    old, new = (before @ before.T).toarray(), (after @ after.T).toarray()
    pairs = [(i, j) for i, j in itertools.combinations(range(len(items)), 2) if abs(new[i, j] - old[i, j]) > 1e-4]
    vectors = _index_vectors(items, tmp_path)
    # unrelated: at these thresholds it is like none of the others (else joining a group is no reshuffle)
    nearest = (vectors([UNRELATED]) @ vectors(texts).T).toarray().max()
    thresholds = sorted({round(float(old[i, j] + new[i, j]) / 2, 6) for i, j in pairs} - {0.0})
    thresholds = [t for t in thresholds if t > nearest + 0.01]
    assert thresholds
    reshuffled = 0
    for threshold in thresholds:
        old_way = text.narrative_clusters(items, min_score=threshold, min_size=2)
        old_way_grown = text.narrative_clusters(grown_items, min_score=threshold, min_size=2)
        if not any(99 in c for c in old_way_grown):  # a reshuffle of the others, not the newcomer joining
            reshuffled += as_sets(old_way) != as_sets(old_way_grown)
        kept = text.narrative_clusters(items, min_score=threshold, min_size=2, vectors=vectors)
        assert kept == text.narrative_clusters(grown_items, min_score=threshold, min_size=2, vectors=vectors)
    assert reshuffled  # the reshuffle of issue 16, point 4


@pytest.mark.django_db
def test_the_repeated_accidents_page_groups_are_stable(world, var_dir):  # noqa: F811
    """Through the selector, with the worker's index: twice the same groups; an unrelated incident, written and
    taken in by the worker, leaves every group's members as they were (compared as sets of ids)."""
    for i, narrative in enumerate(PRESS_TEXT):
        make_incident(world.unit("A1a"), when(300 - i), description=narrative)
    for i, narrative in enumerate(FALL_TEXT + STRIKE_TEXT):
        make_incident(world.unit("B1a"), when(200 - i), description=narrative)
    worker()
    admin = world.users["admin"]
    scope = Scope(world.unit("G"), START, END, ())
    params = ClusterParams(narrative_threshold=0.3)

    def groups():
        return {frozenset(m.pk for m in c.members) for c in selectors.narrative_clusters(admin, scope, params)}

    first = groups()
    assert first and groups() == first
    unrelated = make_incident(world.unit("A2"), when(5), description=UNRELATED)
    worker()
    assert unrelated.pk in narrative_store.open_current(var_dir / "analytics" / "narratives")._ids.tolist()
    assert groups() == first
