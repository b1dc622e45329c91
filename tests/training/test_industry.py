import pytest

from zeroharm.org.choices import IndustryClass
from zeroharm.training.selectors.industry import industries_of, industry_of

pytestmark = pytest.mark.django_db


def test_a_unit_takes_the_nearest_declared_class(world):
    branch, workshop, team = world.unit("A"), world.unit("A1"), world.unit("A1a")
    assert industry_of(team) == IndustryClass.GENERAL  # nothing declared: a general enterprise
    branch.industry_class = IndustryClass.HIGH_RISK
    branch.save()
    assert industry_of(team) == IndustryClass.HIGH_RISK
    workshop.industry_class = IndustryClass.CONSTRUCTION
    workshop.save()
    assert industries_of([team, branch]) == {team.pk: IndustryClass.CONSTRUCTION, branch.pk: IndustryClass.HIGH_RISK}
    assert industry_of(world.unit("B")) == IndustryClass.GENERAL


def test_one_query_for_many_units(world, django_assert_num_queries):
    with django_assert_num_queries(1):
        industries_of([world.unit("A1a"), world.unit("A1"), world.unit("B")])
