"""Staff without a login sign the paper sheet their leader reads the pledge from; the leader records it (issue 15
point 5, "published to everyone in scope"): one witness signature over the list, one signature row per person, each
person counted once whichever way they signed; refusals that name who and why and record nothing; the page for each
kind of user; the photo checked and re-encoded before it is stored."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.campaigns.factories import campaign, published
from tests.conftest import PASSWORD
from tests.support.images import forged_png, png
from zeroharm.campaigns.models import PledgeSheet, PledgeSignature
from zeroharm.core.models import Signature, SignatureMeaning
from zeroharm.core.signatures import still_valid

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {"campaigns:pledge_sheet", "campaigns:pledge_sheet_photo"}


def _running(world):
    """Branch A's campaign running today with its pledge published, and two more people of team A1a."""
    from zeroharm.org.models import Person

    today = timezone.localdate()
    made = published(
        world, campaign(world, start=today - datetime.timedelta(days=3), end=today + datetime.timedelta(days=20))
    )
    for n in (1, 2):
        Person.objects.create(employee_no=f"P-A1a-{n}", name=f"Worker {n} of A1a", unit=world.unit("A1a"))
    return made


def _team(world):
    from zeroharm.campaigns.selectors.pledge import people_in

    return list(people_in(world.unit("A1a")).order_by("pk"))


def _record(world, made, people, *, by="monitor_a1a", unit="A1a", password=PASSWORD, **kw):
    from zeroharm.campaigns.services.pledge import pledge_record_sheet

    return pledge_record_sheet(
        campaign=made,
        unit=world.unit(unit),
        people=people,
        read_on=kw.pop("read_on", timezone.localdate()),
        acting_user=world.users[by],
        password=password,
        **kw,
    )


def test_a_sheet_is_one_witness_signature_over_the_list_and_one_row_per_person(world):
    from zeroharm.campaigns.selectors.pledge import not_signed, pledge_coverage
    from zeroharm.campaigns.services.pledge import sheet_content

    made = _running(world)
    team = _team(world)
    sheet = _record(world, made, team[:2])
    rows = PledgeSignature.objects.filter(campaign=made)
    assert sorted(rows.values_list("person_id", flat=True)) == [team[0].pk, team[1].pk]
    assert {row.signature_id for row in rows} == {sheet.signature_id}
    assert {row.sheet_id for row in rows} == {sheet.pk}
    signature = Signature.objects.get(pk=sheet.signature_id)
    assert signature.meaning == SignatureMeaning.WITNESSED and signature.signer == world.users["monitor_a1a"]
    assert still_valid(signature, sheet_content(sheet, team[:2]))
    assert not still_valid(signature, sheet_content(sheet, team))  # the list is what was attested
    coverage = pledge_coverage(made, world.unit("A1"), world.users["leader_a"])
    a1a = next(c for c in coverage.children if c.code == "A1a")
    assert (a1a.figures.people, a1a.figures.signed) == (3, 2)
    assert [p.pk for p in not_signed(made, world.unit("A1a"))] == [team[2].pk]


def test_each_person_counts_once_whether_on_a_sheet_or_on_their_phone(world):
    from zeroharm.campaigns.selectors.pledge import pledge_coverage
    from zeroharm.campaigns.services.pledge import pledge_sign

    made = _running(world)
    team = _team(world)
    pledge_sign(campaign=made, acting_user=world.users["worker_a1a"], password=PASSWORD)  # Person of A1a
    with pytest.raises(ValidationError, match="Person of A1a"):
        _record(world, made, team)
    assert not PledgeSheet.objects.exists()  # refused whole: no sheet, no row, no signature
    _record(world, made, [p for p in team if p != world.people["A1a"]])
    with pytest.raises(ValidationError, match="already signed"):
        pledge_sign(campaign=made, acting_user=world.users["worker_a1a"], password=PASSWORD)
    total = pledge_coverage(made, world.unit("A"), world.users["leader_a"]).total
    assert (total.people, total.signed) == (7, 3)


def test_a_refused_sheet_says_why_and_records_nothing(world):
    made = _running(world)
    team = _team(world)
    today = timezone.localdate()
    cases = [
        ({"people": team, "password": "wrong"}, "password"),
        ({"people": []}, "Tick the people"),
        ({"people": [*team, world.people["A1b"]]}, "Not of this unit: Person of A1b"),
        (
            {"people": team, "read_on": today - datetime.timedelta(days=30)},
            "between the pledge's publication and today",
        ),
        ({"people": team, "read_on": today + datetime.timedelta(days=1)}, "between the pledge's publication and today"),
    ]
    for kwargs, message in cases:
        with pytest.raises(ValidationError, match=message):
            _record(world, made, **kwargs)
        assert not PledgeSignature.objects.exists() and not PledgeSheet.objects.exists(), message


def test_only_a_leader_of_the_unit_records_it(world):
    made = _running(world)
    with pytest.raises(PermissionDenied):
        _record(world, made, _team(world), by="worker_a1a")
    with pytest.raises(PermissionDenied):
        _record(world, made, _team(world), by="leader_b")


def _page(made, unit=None):
    address = reverse("campaigns:pledge_sheet", args=[made.pk])
    return f"{address}?unit={unit.pk}" if unit else address


# page: leader_a, director_a1, monitor_a1a, worker_a1a, auditor, leader_b
PAGE_EXPECTED = {
    "leader_a": 200,
    "director_a1": 200,
    "monitor_a1a": 200,
    "worker_a1a": 404,
    "auditor": 404,
    "leader_b": 404,
}


def test_the_sheet_page_for_each_kind_of_user(world, client_for):
    made = _running(world)
    for persona, expected in PAGE_EXPECTED.items():
        assert client_for(persona).get(_page(made)).status_code == expected, persona


def test_no_login_goes_to_the_sign_in_page(world):
    made = _running(world)
    for response in (Client().get(_page(made)), Client().post(_page(made), {})):
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_team_leader_cannot_reach_the_workshop_or_another_team(world, client_for):
    made = _running(world)
    c = client_for("monitor_a1a")
    assert c.get(_page(made, world.unit("A1"))).status_code == 404
    assert c.get(_page(made, world.unit("A1b"))).status_code == 404
    page = c.get(_page(made)).content.decode()
    assert "Worker 1 of A1a" in page and "Person of A1b" not in page


def test_recorded_on_the_page_with_a_photo_re_encoded_under_a_made_name(world, client_for):
    made = _running(world)
    team = _team(world)
    c = client_for("monitor_a1a")
    data = {
        "people": [p.pk for p in team[:2]],
        "read_on": timezone.localdate().isoformat(),
        "password": PASSWORD,
        "photo": png("名单 <script>.png", 80, 60),
    }
    response = c.post(_page(made), data)
    assert response.status_code == 302 and f"?unit={world.unit('A1a').pk}" in response["Location"]
    sheet = PledgeSheet.objects.get()
    assert sheet.signatures.count() == 2 and "script" not in sheet.photo.name and sheet.photo.name.endswith(".jpg")
    coverage = c.get(response["Location"]).content.decode()
    assert "2 signatures" in coverage and "witnessed by Person of A1a" not in coverage
    photo = client_for("leader_a").get(reverse("campaigns:pledge_sheet_photo", args=[sheet.pk]))
    assert photo.status_code == 200 and b"".join(photo.streaming_content)[:2] == b"\xff\xd8"
    photo_url = reverse("campaigns:pledge_sheet_photo", args=[sheet.pk])
    assert client_for("leader_b").get(photo_url).status_code == 404  # another branch
    assert client_for("worker_a1a").get(photo_url).status_code == 200  # their team's sheet, which they read
    assert client_for("director_a1").get(photo_url).status_code == 200
    response = Client().get(photo_url)
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_person_of_another_team_posted_by_hand_is_refused_and_the_ticks_stay(world, client_for):
    made = _running(world)
    c = client_for("monitor_a1a")
    team = _team(world)
    data = {
        "people": [team[0].pk, world.people["B1a"].pk],
        "read_on": timezone.localdate().isoformat(),
        "password": PASSWORD,
    }
    response = c.post(_page(made), data)
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not PledgeSignature.objects.exists()


def test_a_photo_too_large_in_pixels_is_refused_before_decoding(world, client_for):
    made = _running(world)
    data = {
        "people": [p.pk for p in _team(world)],
        "read_on": timezone.localdate().isoformat(),
        "password": PASSWORD,
        "photo": forged_png(40000, 40000),
    }
    response = client_for("monitor_a1a").post(_page(made), data)
    assert response.status_code == 400 and not PledgeSheet.objects.exists()
