"""Drawing papers by the blueprint (pure): counts per type, topics and difficulty, fresh questions on a retake."""

import random

from zeroharm.training.services.exam_draw import PoolQuestion, blueprint_errors, draw, option_order

POOL = [PoolQuestion(i, "single", "Fire" if i % 2 else "Gas", i % 3 + 1, 4) for i in range(1, 11)] + [
    PoolQuestion(100 + i, "true_false", "Fire", 1, 0) for i in range(4)
]


def test_counts_per_type_in_type_order():
    paper = draw(POOL, {"single": 3, "true_false": 2}, set(), random.Random(1))
    assert [q.kind for q in paper] == ["single"] * 3 + ["true_false"] * 2
    assert len({q.id for q in paper}) == 5


def test_topics_and_difficulty_narrow_the_draw():
    paper = draw(POOL, {"single": 2, "topics": ["Gas"], "difficulty": [1]}, set(), random.Random(2))
    assert all(q.topic == "Gas" and q.difficulty == 1 for q in paper)


def test_a_retake_avoids_the_last_attempt_where_the_bank_allows():
    for seed in range(20):
        first = draw(POOL, {"single": 5}, set(), random.Random(seed))
        again = draw(POOL, {"single": 5}, {q.id for q in first}, random.Random(seed + 100))
        assert not {q.id for q in first} & {q.id for q in again}


def test_a_retake_reuses_old_questions_only_for_what_is_missing():
    first = draw(POOL, {"true_false": 3}, set(), random.Random(3))
    again = draw(POOL, {"true_false": 3}, {q.id for q in first}, random.Random(4))
    fresh = {q.id for q in POOL if q.kind == "true_false"} - {q.id for q in first}
    assert fresh <= {q.id for q in again} and len(again) == 3


def test_blueprint_errors_name_the_type_short_of_questions():
    assert blueprint_errors({"single": 10, "true_false": 5}, POOL) == [
        "True or false: 5 asked for, the banks have 4 that fit."
    ]
    assert blueprint_errors({"single": 0}, POOL) == ["Ask for at least one question."]
    assert blueprint_errors({"single": 10, "true_false": 4}, POOL) == []


def test_option_order_is_a_permutation_and_varies_between_candidates():
    orders = {tuple(option_order(POOL[0], random.Random(seed))) for seed in range(30)}
    assert all(sorted(order) == [0, 1, 2, 3] for order in orders)
    assert len(orders) > 5
