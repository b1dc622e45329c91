"""The team scorecard and star rating (teams.rules.scoring): a table of cases, each figure worked out by hand."""

from decimal import Decimal

import pytest

from zeroharm.teams.rules.scoring import DEFAULT_WEIGHTS, Facts, score, stars_for, weights_with, yearly

D = Decimal
PERFECT = Facts(briefings_due=22, briefings_held=22, roster=220, present=220, members=10, cleared=10)


@pytest.mark.parametrize(
    ("facts", "total", "vetoed"),
    [
        (PERFECT, D("100.0"), False),
        (Facts(), D("100.0"), False),  # nothing due, nobody on the team: nothing to deduct
        # 2 briefings missed (−4), 1 late (−1), 200 of 220 present: −20 × 20/220 = −1.8181… → −1.8
        (
            Facts(
                briefings_due=22, briefings_held=20, briefings_late=1, roster=220, present=200, members=10, cleared=10
            ),
            D("93.2"),
            False,
        ),
        # 10 answers, 7 right: −10 × 3/10 = −3; one activity of two not held: −5
        (Facts(answers=10, right_answers=7, activities_planned=2, activities_held=1), D("92.0"), False),
        # reporting earns points, capped at +5; the total is capped at 100
        (Facts(briefings_due=1, hazards_found=9), D("100.0"), False),
        # 9 reported: +5 (cap), 2 rectified late: −4, 1 missed briefing: −2 → 99
        (Facts(briefings_due=1, hazards_found=9, hazards_late=2), D("99.0"), False),
        # near misses reported earn points, capped at +3: one missed briefing −2, five near misses +3
        (Facts(briefings_due=1, near_misses=5), D("100.0"), False),
        (Facts(briefings_due=3, near_misses=5), D("97.0"), False),
        # two violations found by others −10, three found by the team's monitor +3, one minor injury −10
        (Facts(violations_by_others=2, own_findings=3, minor_injuries=1), D("83.0"), False),
        # 8 of 10 members cleared: −20 × 2/10 = −4
        (Facts(members=10, cleared=8), D("96.0"), False),
        # a serious injury vetoes the month whatever else
        (Facts(serious_injuries=1, hazards_found=3), D("0.0"), True),
        # never below zero
        (Facts(violations_by_others=30), D("0.0"), False),
    ],
)
def test_scorecard_cases(facts, total, vetoed):
    result = score(facts)
    assert (result.total, result.vetoed) == (total, vetoed)
    if not vetoed and D(0) < total < D(100):
        assert total == D(100) + sum(line.points for line in result.lines)  # the lines add up to the figure


def test_each_line_says_how_it_was_reckoned():
    lines = {line.key: line for line in score(Facts(briefings_due=22, briefings_held=19, hazards_found=2)).lines}
    assert (lines["missed_briefing"].reckoning, lines["missed_briefing"].points) == ("3 × −2", D("-6.0"))
    assert (lines["hazard_found"].reckoning, lines["hazard_found"].points) == ("min(2 × 1, 5)", D("2.0"))


def test_a_groups_weights_override_the_defaults_key_by_key():
    weights = weights_with({"violation": 10, "veto_serious": 0, "unknown": 3, "injury": -4, "late_briefing": True})
    assert weights["violation"] == 10 and weights["injury"] == 0 and weights["late_briefing"] == 1
    assert "unknown" not in weights and weights["attendance"] == DEFAULT_WEIGHTS["attendance"]
    assert score(Facts(serious_injuries=1), weights).total == D("100.0")  # no veto, no injury weight
    assert score(Facts(violations_by_others=1), weights).total == D("90.0")


@pytest.mark.parametrize(
    ("yearly_score", "vetoed", "stars"),
    [(D("95"), False, 5), (D("94.9"), False, 4), (D("80"), False, 3), (D("59.9"), False, 0), (D("99"), True, 0)],
)
def test_stars(yearly_score, vetoed, stars):
    assert stars_for(yearly_score, vetoed) == stars
    assert stars_for(D("85"), False, thresholds=(50, 60, 70, 80, 90)) == 4


def test_the_year_is_the_mean_of_its_months_and_one_veto_spoils_it():
    months = [score(Facts(violations_by_others=n)) for n in (0, 1, 2)]  # 100, 95, 90
    assert yearly(months) == (D("95.0"), False)
    assert yearly([*months, score(Facts(serious_injuries=1))]) == (D("71.3"), True)
    assert yearly([]) == (D(0), False)
