"""Similar incidents in Chinese (issue 16, point 3): the same accident told in other words and another order is
found among distractors that share its machine, place or body part (tests/analytics/chinese_similar_cases.py)."""

from __future__ import annotations

from tests.analytics import chinese_similar_cases as cases
from zeroharm.analytics import text


def test_each_telling_finds_the_other_tellings_of_its_accident():
    pairs, group_of = cases.items()
    index = text.NarrativeIndex().build(pairs)
    result = cases.evaluate(lambda t, k, ex: index.similar(t, k=k, min_score=0.0, exclude_id=ex))
    assert result["queries"] == 3 * len(cases.GROUPS) >= 60
    assert result["recall"] >= 0.9, result["misses"]  # 0.97 when written
    assert result["top1"] >= 0.9, result["misses"]
    # a distractor is never the first answer to a member
    distractors = {i for i, _t in pairs if i not in group_of}
    for narrative_id, narrative in pairs:
        if narrative_id in group_of:
            first = index.similar(narrative, k=1, min_score=0.0, exclude_id=narrative_id)
            assert first and first[0][0] not in distractors, narrative


def test_the_set_is_harder_than_light_edits():
    """The tellings of an accident share few of their characters: a third of the pairs share less than half."""
    overlaps = []
    for narratives in cases.GROUPS.values():
        for i, a in enumerate(narratives):
            for b in narratives[i + 1 :]:
                sa, sb = set(text.normalise(a)), set(text.normalise(b))
                overlaps.append(len(sa & sb) / len(sa | sb))
    assert sum(o < 0.5 for o in overlaps) >= len(overlaps) / 3
    assert max(overlaps) < 0.8
