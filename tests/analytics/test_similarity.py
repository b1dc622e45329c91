"""Similar past incidents and the suggested category (analytics.similarity), with a small VAR_DIR of their own.

The index and the model live in `tmp_path / "analytics"`; the in-memory copies are forgotten around each test.
They are built by the worker (`similarity.refresh`, queued when incidents change), never by a lookup (issue 11,
point 19): `worker()` below stands for its job.
"""

from __future__ import annotations

from unittest import mock

import pytest

from tests.support.analytics import FALL_TEXT, PRESS_TEXT, STRIKE_TEXT, make_incident, when, worker
from zeroharm.analytics import similarity, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def narratives(world, var_dir):
    made = {"press": [], "fall": [], "strike": []}
    for i, t in enumerate(PRESS_TEXT):
        made["press"].append(make_incident(world.unit("A1a"), when(300 - i), category="03", description=t))
    for i, t in enumerate(FALL_TEXT):
        made["fall"].append(make_incident(world.unit("B1a"), when(200 - i), category="09", description=t))
    for i, t in enumerate(STRIKE_TEXT):
        made["strike"].append(make_incident(world.unit("A2"), when(100 - i), category="01", description=t))
    worker()
    return made


def test_similar_incidents_are_found_and_ranked(narratives, world):
    found = similarity.similar_to_text("Hand caught in press line 3 while clearing a jammed part", world.users["admin"])
    assert len(found) == 5
    assert all(incident in narratives["press"] for incident, _score in found)
    scores = [score for _incident, score in found]
    assert scores == sorted(scores, reverse=True) and 0.3 <= scores[-1] <= scores[0] <= 1.0
    assert found[0][0].unit.code == "A1a"  # units come with the records


def test_chinese_narratives_meet(narratives, world):
    found = similarity.similar_to_text("工人从脚手架坠落", world.users["admin"], k=3)
    assert found and found[0][0] in narratives["fall"]


def test_only_incidents_the_user_may_see(narratives, world, django_assert_max_num_queries):
    text_ = "Hand caught in press line 3 while clearing a jammed part"
    similarity.similar_to_text(text_, world.users["admin"])  # maps the index
    # leader_b sees none of the press incidents: only the nearest of their own, weak matches
    seen_by_b = similarity.similar_to_text(text_, world.users["leader_b"])
    assert seen_by_b and all(hit.weak and hit.incident.unit.code.startswith("B") for hit in seen_by_b)
    with django_assert_max_num_queries(3):  # grants, the incidents
        found = similarity.similar_to_text(text_, world.users["leader_a"], k=20)
    strong = {hit.incident.pk for hit in found if not hit.weak}
    assert strong and strong <= {i.pk for i in narratives["press"]}
    assert {i.pk for i, _s in found} <= {i.pk for i in narratives["press"] + narratives["strike"]}  # unit A
    everything = similarity.similar_to_text(text_, world.users["admin"], k=20)
    assert found == [(i, s) for i, s in everything if i.unit.code.startswith("A")] and len(found) >= 4


def test_exclude_id_and_k(narratives, world):
    own = narratives["press"][0]
    found = similarity.similar_to_text(own.description, world.users["admin"], k=2, exclude_id=own.pk)
    assert len(found) == 2 and own.pk not in {i.pk for i, _s in found}
    assert similarity.similar_to_text("", world.users["admin"]) == []


def test_the_index_is_kept_on_disk_and_mapped_again(narratives, world, var_dir):
    similarity.similar_to_text("fell from the scaffold", world.users["admin"])
    version = similarity.index_meta()["version"]
    assert (var_dir / "analytics" / "narratives" / version / "data.npy").exists()
    similarity.reset_cache()
    with mock.patch.object(text.NarrativeIndex, "build", side_effect=AssertionError("rebuilt")):
        found = similarity.similar_to_text("fell from the scaffold", world.users["admin"])
    assert found and found[0][0] in narratives["fall"]


def test_a_lookup_never_builds_the_index(world, var_dir, django_assert_max_num_queries):
    make_incident(world.unit("A1a"), when(3), description=PRESS_TEXT[0])
    with (
        mock.patch.object(text.NarrativeIndex, "build", side_effect=AssertionError("built in a request")),
        django_assert_max_num_queries(0),
    ):
        assert similarity.similar_to_text(PRESS_TEXT[1], world.users["admin"]) is None  # not ready yet
    worker()
    assert [i.description for i, _s in similarity.similar_to_text(PRESS_TEXT[1], world.users["admin"])] == [
        PRESS_TEXT[0]
    ]


def test_new_and_archived_incidents_are_taken_in_by_the_worker_without_a_rebuild(narratives, world):
    admin = world.users["admin"]
    similarity.similar_to_text("fell from the scaffold", admin)
    with mock.patch.object(text.NarrativeIndex, "build", side_effect=AssertionError("rebuilt")):
        new = make_incident(world.unit("B1a"), when(1), description="Fell from the scaffold on the third level")
        assert new.pk not in {i.pk for i, _s in similarity.similar_to_text("fell from the scaffold level", admin)}
        worker()
        assert new.pk in {i.pk for i, _s in similarity.similar_to_text("fell from the scaffold level", admin, k=3)}
        new.is_archived = True
        new.save()
        # archived: out of the answers at once (the incidents are read again), out of the index after the worker
        assert new.pk not in {i.pk for i, _s in similarity.similar_to_text("fell from the scaffold level", admin)}
        worker()
        assert new.pk not in similarity._shared_index()._ids.tolist()
    # An edited narrative moves with its text.
    edited = narratives["strike"][0]
    edited.description = "Caught a hand in press line 3 while clearing a jam"
    edited.save()
    worker()
    found = similarity.similar_to_text("caught a hand in press line 3 clearing a jam", admin, k=10)
    assert edited.pk in {i.pk for i, _s in found}


def test_a_deleted_incident_makes_the_worker_rebuild_the_index(narratives, world):
    admin = world.users["admin"]
    similarity.similar_to_text("fell from the scaffold", admin)
    narratives["fall"][0].delete()
    with mock.patch.object(text.NarrativeIndex, "build", wraps=text.NarrativeIndex().build) as build:
        similarity.similar_to_text("fell from the scaffold", admin)
        assert not build.called
        worker()
    assert build.called
    assert narratives["fall"][0].pk not in similarity._shared_index()._ids.tolist()


def test_written_incidents_queue_the_worker_after_commit(world, var_dir, django_capture_on_commit_callbacks):
    """incidents publish "incidents.changed" on commit; the analysis queues its job (run at once by the tests'
    immediate task backend)."""
    from zeroharm.incidents import services

    with mock.patch.object(similarity, "refresh", wraps=similarity.refresh) as job:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.incident_report(
                acting_user=world.users["admin"],
                kind="near_miss",
                unit=world.unit("A1a"),
                occurred_at=when(1),
                description=PRESS_TEXT[0],
            )
        assert not job.called  # nothing before the commit
        for callback in callbacks:
            callback()
        assert job.call_count == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.incident_report(
            acting_user=world.users["admin"],
            kind="near_miss",
            unit=world.unit("A1a"),
            occurred_at=when(1),
            description=PRESS_TEXT[1],
        )
    assert similarity.index_meta()["count"] == 2


#
# The suggested category
#


def test_no_suggestion_without_enough_classified_incidents(narratives, var_dir):
    assert similarity.MIN_CLASSIFIED > 21
    assert similarity.suggest_category("Hand caught in the press") == []
    assert (var_dir / "analytics" / "category.json").exists()


def _more_classified(world, n: int):
    for i in range(n):
        make_incident(
            world.unit("A1a"), when(50 + i), category="03", description=f"{PRESS_TEXT[i % len(PRESS_TEXT)]} (case {i})"
        )
        make_incident(
            world.unit("B1a"), when(50 + i), category="09", description=f"{FALL_TEXT[i % len(FALL_TEXT)]} (case {i})"
        )


def test_suggested_category_learnt_from_own_incidents(narratives, world, var_dir):
    _more_classified(world, 10)
    with mock.patch.object(text.CategorySuggester, "fit", side_effect=AssertionError("trained in a request")):
        assert similarity.suggest_category("The operator's hand was crushed by the ram of the press") == []
    worker()
    suggestions = similarity.suggest_category("The operator's hand was crushed by the ram of the press")
    assert suggestions[0][:2] == ("03", "Mechanical injury")
    assert abs(sum(p for _c, _l, p in similarity.suggest_category("x", k=5)) - 1) < 0.01
    assert similarity.suggest_category("从梯子上坠落")[0][0] == "09"
    assert (var_dir / "analytics" / "category.joblib").exists()
    # Cached: no retraining while nothing changed, even in a new process.
    similarity.reset_cache()
    with mock.patch.object(text.CategorySuggester, "fit", side_effect=AssertionError("retrained")):
        assert similarity.suggest_category("fell off the ladder")[0][0] == "09"
    # Retrained when the classified incidents change.
    make_incident(world.unit("A2"), when(3), category="01", description="Struck by a box falling off a shelf")
    with mock.patch.object(text.CategorySuggester, "fit", wraps=text.CategorySuggester().fit) as fit:
        similarity.suggest_category("fell off the ladder")
        assert not fit.called
        worker()
    assert fit.called


def test_refresh_rebuilds_both(narratives, world, var_dir):
    _more_classified(world, 10)
    message = similarity.refresh(force=True)
    assert message.startswith(f"{9 + len(FALL_TEXT) + len(STRIKE_TEXT) + 20} narratives indexed")
    assert "trained on 41" in message


def test_the_daily_scan_rebuilds_once_a_day(narratives, world, var_dir):
    from zeroharm.core.registry import scans

    scan = scans["analytics.narratives"]
    built_at = similarity.index_meta()["built_at"]
    with mock.patch.object(text.NarrativeIndex, "build", wraps=text.NarrativeIndex().build) as build:
        assert scan().startswith("21 narratives indexed")
        assert build.call_count == 0  # built by the worker less than a day ago: only brought up to date
        with mock.patch("time.time", return_value=built_at + 25 * 3600):
            assert scan().startswith("21 narratives indexed")
        assert build.call_count == 1


def test_the_nearest_are_shown_as_weak_matches_when_none_is_close(narratives, world):
    """Issue 16, point 3: a narrative like none of the others still gets its nearest, each marked weak (a third
    of the lookups found nothing before); the close ones are not weak."""
    admin = world.users["admin"]
    found = similarity.similar_to_text("Forklift tipped over on the loading ramp, driver bruised", admin)
    assert len(found) == 5 and all(hit.weak and hit.score < similarity.MIN_SCORE for hit in found)
    scores = [hit.score for hit in found]
    assert scores == sorted(scores, reverse=True) and scores[0] > 0
    close = similarity.similar_to_text(PRESS_TEXT[0], admin, exclude_id=narratives["press"][0].pk)
    assert not close[0].weak and close[0].incident in narratives["press"]


def test_the_categories_bring_the_same_kind_of_accident_first(narratives, world):
    """With a suggester (at least MIN_CLASSIFIED classified incidents) each row carries its category profile and
    the lookup blends it in: a fall told in words that also fit a strike ranks the falls higher than the cosine
    alone does."""
    for i in range(similarity.MIN_CLASSIFIED):
        group, category = [("fall", "09"), ("strike", "01"), ("press", "03")][i % 3]
        source = {"fall": FALL_TEXT, "strike": STRIKE_TEXT, "press": PRESS_TEXT}[group]
        make_incident(world.unit("A2"), when(400 + i), category=category, description=source[i % len(source)])
    similarity.refresh(force=True)
    index = similarity._shared_index()
    assert set(index.classes) == {"01", "03", "09"}
    query = "The worker fell and was struck by the floor"
    blended = similarity.similar_to_text(query, world.users["admin"], k=10)
    with mock.patch.object(similarity, "category_model", return_value=None):
        plain = similarity.similar_to_text(query, world.users["admin"], k=10)
    falls = {i.pk for i in narratives["fall"]} | set(
        similarity.Incident.objects.filter(category="09").values_list("pk", flat=True)
    )

    def rank_of_falls(hits):
        return sum(n for n, hit in enumerate(hits) if hit.incident.pk in falls)

    assert rank_of_falls(blended) < rank_of_falls(plain)
    assert [hit.score for hit in blended] == sorted((hit.score for hit in blended), reverse=True)


def test_the_incident_page_marks_weak_matches_in_the_readers_language(narratives, world, client_for):
    """The incident page lists the nearest even when none is close, each marked as a weak match, in Chinese for a
    Chinese reader; a close one carries no such mark."""
    from django.utils import translation

    lonely = make_incident(world.unit("A1a"), when(1), description="Forklift tipped over on the loading ramp")
    worker()
    admin = world.users["admin"]
    nearest = similarity.similar_to_text(lonely.description, admin, exclude_id=lonely.pk)
    html = client_for("admin").get(lonely.get_absolute_url()).content.decode()
    assert nearest[0].incident.reference in html and html.count('class="badge">weak match<') == 5
    admin.language = "zh-hans"
    admin.save()
    with translation.override("zh-hans"):
        weak = translation.gettext("weak match")
    assert weak != "weak match"
    with translation.override(None):
        html = client_for("admin").get(lonely.get_absolute_url()).content.decode()
    assert html.count(f'class="badge">{weak}<') == 5 and nearest[0].incident.reference in html
    close = narratives["press"][0]
    with translation.override(None):
        html = client_for("admin").get(close.get_absolute_url()).content.decode()
    assert weak not in html.split('id="similar"')[1].split("</li>")[0]  # the first is a close match
