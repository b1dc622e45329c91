"""A child record (photo, file, extension, item result) is reached only through a parent the user may see."""

import datetime

from tests.factories import reported_hazard
from zeroharm.core.scoping import children_visible_to
from zeroharm.hazards.models import ExtensionRequest


def test_children_follow_their_parents_scope(world):
    mine, theirs = reported_hazard(world, "A1a"), reported_hazard(world, "B1a", actor="leader_b")
    for hd in (mine, theirs):
        ExtensionRequest.objects.create(
            hidden_danger=hd,
            current_deadline=datetime.date(2029, 1, 1),
            requested_deadline=datetime.date(2030, 1, 1),
            reason="r",
        )
    seen = children_visible_to(world.users["leader_a"], ExtensionRequest, "hidden_danger")
    assert [e.hidden_danger_id for e in seen] == [mine.pk]
    theirs_seen = children_visible_to(world.users["leader_b"], ExtensionRequest.objects.all(), "hidden_danger")
    assert theirs_seen.get().hidden_danger_id == theirs.pk


def test_another_branchs_extension_cannot_be_decided(client_for, world):
    theirs = reported_hazard(world, "B1a", actor="leader_b")
    extension = ExtensionRequest.objects.create(
        hidden_danger=theirs,
        current_deadline=datetime.date(2029, 1, 1),
        requested_deadline=datetime.date(2030, 1, 1),
        reason="r",
    )
    answer = client_for("leader_a").post(f"/hazards/extensions/{extension.pk}/decide/", {"approve": "1", "note": "x"})
    assert answer.status_code == 404
    extension.refresh_from_db()
    assert extension.status == "pending"
