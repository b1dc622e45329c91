"""Incident pages and API for every persona; the steps through the pages; privacy masking; query counts."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PERSONAS
from tests.support.hazards import jpeg
from tests.support.incidents import investigate_to_closable
from tests.support.permissions import ALL, check_answer, expected_status, persona_client
from zeroharm.core.roles import Action
from zeroharm.incidents import services
from zeroharm.incidents.choices import Gate, IncidentState, Outcome, PersonRole
from zeroharm.incidents.models import Incident

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "incidents:incident_list",
    "incidents:report",
    "incidents:incident_detail",
    "incidents:incident_edit",
    "incidents:person_add",
    "incidents:person_edit",
    "incidents:step",
    "incidents:remove",
    "incidents:lesson",
    "incidents:file",
    "incidents:case_publish",
    "incidents:casestudy_list",
    "incidents:case_detail",
}
MATRIX_API_PREFIXES = {"incidents", "accident-cases"}
SECRET_NAME = "Qian Secretname"


def _incident(world, code, *, photos=(), by="admin"):
    return services.incident_report(
        acting_user=world.users[by],
        kind="injury",
        unit=world.unit(code),
        occurred_at=timezone.now() - datetime.timedelta(hours=3),
        description=f"Hand caught in press in {code}",
        photos=photos,
    )


def _privacy_case(world, incident):
    return services.person_save(
        incident=incident,
        acting_user=world.users["admin"],
        data={
            "role": PersonRole.CONTRACTOR,
            "name": SECRET_NAME,
            "outcome": Outcome.MEDICAL,
            "medical_treatment": True,
            "daily_supervised": True,
            "privacy_reason": "1",
            "body_part": "intimate",
        },
    )


@pytest.mark.parametrize("persona", ALL)
def test_list_and_report_pages(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    role = PERSONAS.get(persona, (None,))[0]
    check_answer(c.get(reverse("incidents:incident_list")), "login" if persona == "anonymous" else 200)
    may_report = persona != "anonymous" and role != "auditor"
    check_answer(c.get(reverse("incidents:report")), "login" if persona == "anonymous" else 200 if may_report else 403)


@pytest.mark.parametrize("persona", ALL)
def test_record_pages(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        incident = _incident(world, code, photos=[jpeg()])
        person = services.person_save(
            incident=incident,
            acting_user=world.users["admin"],
            data={
                "role": PersonRole.EMPLOYEE,
                "person": world.people[code],
                "outcome": Outcome.FIRST_AID,
                "treatments": ["C"],
            },
        )
        incident.refresh_from_db()
        view = expected_status(persona, "safety", Action.VIEW, code)
        change = expected_status(persona, "safety", Action.CHANGE, code)
        check_answer(c.get(reverse("incidents:incident_detail", args=[incident.pk])), view)
        check_answer(c.get(reverse("incidents:file", args=[incident.files.get().pk])), view)
        check_answer(c.get(reverse("incidents:incident_edit", args=[incident.pk])), change)
        check_answer(c.get(reverse("incidents:person_add", args=[incident.pk])), change)
        check_answer(c.get(reverse("incidents:person_edit", args=[incident.pk, person.pk])), change)
        check_answer(c.get(reverse("incidents:step", args=[incident.pk, "start"])), change)
        response = c.post(
            reverse("incidents:step", args=[incident.pk, "start"]),
            {"lead": world.people[code].pk, "version": incident.version},
        )
        check_answer(response, change if change != 200 else 302, method="POST")
        incident.refresh_from_db()
        assert (incident.state == IncidentState.INVESTIGATING) == (change == 200)
        check_answer(
            c.get(reverse("incidents:step", args=[incident.pk, "gate"])),
            expected_status(persona, "safety", Action.APPROVE, code),
        )


@pytest.mark.parametrize("persona", ALL)
def test_remove_posts(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    for code in ("A1a", "B1a"):
        incident = services.investigation_start(incident=_incident(world, code), acting_user=world.users["admin"])
        cause = services.cause_add(
            incident=incident,
            acting_user=world.users["admin"],
            level="direct",
            factor="machine",
            cause_type="condition",
            description="Guard off",
        )
        change = expected_status(persona, "safety", Action.CHANGE, code)
        response = c.post(reverse("incidents:remove", args=[incident.pk, "cause", cause.pk]))
        check_answer(response, 302 if change == 200 else change, method="POST")
        assert incident.causes.exists() == (change != 200)


@pytest.mark.parametrize("persona", ALL)
def test_case_library_and_publish(world, client_for, client, persona):
    incident = investigate_to_closable(world, _incident(world, "A1a", by="director_a1"))
    services.incident_update(
        incident=incident,
        acting_user=world.users["director_a1"],
        data={"lessons_learned": "Keep the guard on"},
        expected_version=incident.version,
    )
    for gate in Gate.values:
        services.gate_sign(incident=incident, acting_user=world.users["leader_a"], gate=gate, evidence="ok")
    incident = services.incident_close(incident=incident, acting_user=world.users["leader_a"])
    c = persona_client(client_for, client, persona)
    role = PERSONAS.get(persona, (None,))[0]
    may_publish = role in ("admin", "safety_manager")
    view = expected_status(persona, "safety", Action.VIEW, "A1a")
    check_answer(
        c.get(reverse("incidents:case_publish", args=[incident.pk])),
        view if view != 200 else 200 if may_publish else 403,
    )
    case = services.case_publish(
        incident=incident, acting_user=world.users["safety"], data=services.case_draft(incident)
    )
    library = "login" if persona == "anonymous" else 200
    check_answer(c.get(reverse("incidents:casestudy_list")), library)
    check_answer(c.get(reverse("incidents:case_detail", args=[case.pk])), library)


@pytest.mark.parametrize("persona", ALL)
def test_lesson_page_for_the_units_staff(world, client_for, client, persona):
    incident = services.investigation_start(incident=_incident(world, "A1a"), acting_user=world.users["admin"])
    services.incident_update(
        incident=incident,
        acting_user=world.users["admin"],
        data={"lessons_learned": "Keep guards on"},
        expected_version=incident.version + 0,
    )
    c = persona_client(client_for, client, persona)
    staff = persona == "worker_a1a"  # the A1a person with a login
    view = expected_status(persona, "safety", Action.VIEW, "A1a")
    expected = "login" if persona == "anonymous" else 200 if staff or view == 200 else 404
    check_answer(c.get(reverse("incidents:lesson", args=[incident.pk])), expected)
    if staff:
        assert c.post(reverse("incidents:lesson", args=[incident.pk])).status_code == 302
        assert incident.acknowledgements.filter(user=world.users[persona]).exists()


@pytest.mark.parametrize("persona", ALL)
def test_api(world, client_for, client, persona):
    c = persona_client(client_for, client, persona)
    a, b = _incident(world, "A1a"), _incident(world, "B1a")
    response = c.get("/api/v1/incidents/")
    if persona == "anonymous":
        assert response.status_code in (401, 403)
        return
    assert response.status_code == 200
    ids = {row["id"] for row in response.json()["results"]}
    for incident, code in ((a, "A1a"), (b, "B1a")):
        view = expected_status(persona, "safety", Action.VIEW, code)
        assert (incident.pk in ids) == (view == 200)
        assert c.get(f"/api/v1/incidents/{incident.pk}/").status_code == (200 if view == 200 else 404)
        history = c.get(f"/api/v1/incidents/{incident.pk}/history/")
        assert history.status_code == (200 if view == 200 else 404)
        if view == 200:
            assert history.json()["results"][0]["reason"] == "reported"
    role = PERSONAS[persona][0]
    response = c.post(
        "/api/v1/incidents/",
        {
            "kind": "near_miss",
            "unit": world.unit("A1a").pk,
            "occurred_at": timezone.now().isoformat(),
            "description": "Forklift nearly hit a walker",
        },
        content_type="application/json",
    )
    may_add = (
        expected_status(persona, "safety", Action.ADD, "A1a") == 200 or role == "employee" and persona == "worker_a1a"
    )
    assert response.status_code == (201 if may_add else 400 if role != "auditor" else 403), response.content
    assert c.get("/api/v1/accident-cases/").status_code == 200


def test_privacy_case_name_never_shows(world, client_for):
    incident = _incident(world, "A1a")
    _privacy_case(world, incident)
    c = client_for("admin")
    pages = [
        reverse("incidents:incident_detail", args=[incident.pk]),
        reverse("incidents:incident_list") + "?_export=csv",
        reverse("incidents:incident_list"),
        f"/api/v1/incidents/{incident.pk}/",
        "/api/v1/incidents/",
    ]
    person = incident.people.get()
    pages.append(reverse("incidents:person_edit", args=[incident.pk, person.pk]))
    for url in pages:
        response = c.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert SECRET_NAME.encode() not in body, url
    detail = c.get(reverse("incidents:incident_detail", args=[incident.pk])).content.decode()
    assert "Privacy case" in detail


def test_person_form_keeps_the_real_name_out_of_the_page_for_privacy_cases(world, client_for):
    """The edit form of a privacy case must not echo the name back (it is kept, not shown)."""
    incident = _incident(world, "A1a")
    person = _privacy_case(world, incident)
    incident.refresh_from_db()
    c = client_for("admin")
    page = c.get(reverse("incidents:person_edit", args=[incident.pk, person.pk])).content.decode()
    assert SECRET_NAME not in page and "Privacy case" in page
    response = c.post(
        reverse("incidents:person_edit", args=[incident.pk, person.pk]),
        {
            "role": "contractor",
            "name": "",
            "outcome": "medical",
            "medical_treatment": "on",
            "daily_supervised": "on",
            "privacy_reason": "1",
            "case_type": "1",
            "work_related": "on",
            "new_case": "on",
            "days_away": "0",
            "restricted_days": "0",
            "version": incident.version,
        },
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.name == SECRET_NAME  # a blank name on a privacy case keeps the stored one


def test_report_page_creates_with_photo_and_shows_errors(world, client_for):
    c = client_for("worker_a1a")
    response = c.post(
        reverse("incidents:report"),
        {"kind": "near_miss", "unit": world.unit("A1a").pk, "occurred_at": "", "description": ""},
    )
    assert response.status_code == 400
    assert response.content.decode().count("This field is required") >= 2
    moment = timezone.localtime() - datetime.timedelta(hours=1)
    response = c.post(
        reverse("incidents:report"),
        {
            "kind": "near_miss",
            "unit": world.unit("A1a").pk,
            "occurred_at": moment.strftime("%Y-%m-%dT%H:%M"),
            "description": "Pallet fell next to me",
            "photos": [jpeg()],
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.files.count() == 1 and incident.reported_by == world.users["worker_a1a"]
    bad = c.post(
        reverse("incidents:report"),
        {
            "kind": "near_miss",
            "unit": world.unit("A1a").pk,
            "occurred_at": moment.strftime("%Y-%m-%dT%H:%M"),
            "description": "x",
            "photos": [_fake_photo()],
        },
    )
    assert bad.status_code == 400 and "not a photo" in bad.content.decode()


def _fake_photo():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("evil.jpg", b"<script>alert(1)</script>", content_type="image/jpeg")


def test_evidence_upload_checks_content(world, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    incident = _incident(world, "A1a")
    c = client_for("director_a1")
    url = reverse("incidents:step", args=[incident.pk, "files"])
    response = c.post(url, {"files": [SimpleUploadedFile("report.pdf", b"MZ\x90\x00 not a pdf")]})
    assert response.status_code == 400 and "report.pdf" in response.content.decode()
    response = c.post(url, {"files": [SimpleUploadedFile("report.pdf", b"%PDF-1.7\n...")]})
    assert response.status_code == 302
    assert incident.files.get().original_name == "report.pdf"


def _count(client, url) -> int:
    client.get(url)  # warm per-process caches and the similar-incidents index
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_detail_page_query_count_does_not_grow(world, client_for):
    incident = _incident(world, "A1a")
    c = client_for("admin")

    def grow(n):
        for i in range(n):
            services.person_save(
                incident=incident,
                acting_user=world.users["admin"],
                data={
                    "role": PersonRole.CONTRACTOR,
                    "name": f"C{incident.people.count()}-{i}",
                    "outcome": Outcome.FIRST_AID,
                },
            )

    grow(1)
    services.investigation_start(incident=incident, acting_user=world.users["admin"])
    url = reverse("incidents:incident_detail", args=[incident.pk])
    small = _count(c, url)
    assert small <= 40
    grow(8)
    for i in range(5):
        services.cause_add(
            incident=incident,
            acting_user=world.users["admin"],
            level="direct",
            factor="machine",
            cause_type="condition",
            description=f"Cause {i}",
        )
    assert _count(c, url) <= small


def test_list_page_query_count(world, client_for):
    for code in ("A1a", "A1b", "B1a"):
        _incident(world, code)
    c = client_for("admin")
    url = reverse("incidents:incident_list")
    small = _count(c, url)
    assert small <= 20
    for code in ("A1a", "A1b", "B1a") * 5:
        _incident(world, code)
    assert _count(c, url) <= small


def test_list_filters_used_by_the_analysis_drill_down(world, client_for):
    import re

    a1 = services.incident_report(
        acting_user=world.users["admin"],
        kind="injury",
        unit=world.unit("A1"),
        occurred_at=timezone.now() - datetime.timedelta(hours=3),
        description="At A1",
    )
    _incident(world, "A1a")
    _incident(world, "A1b")
    c = client_for("admin")

    def count(query):
        page = c.get(reverse("incidents:incident_list") + "?" + query).content.decode()
        return int(re.search(r'<span class="count">(\d+) results?</span>', page).group(1))

    assert count(f"ancestor_id={world.unit('A1').pk}") == 3
    assert count(f"unit_id={world.unit('A1').pk}") == 1
    local = timezone.localtime(a1.occurred_at)
    assert count(f"unit_id={world.unit('A1').pk}&hour={local.hour}&month={local:%Y-%m}") == 1
    assert count(f"unit_id={world.unit('A1').pk}&hour={(local.hour + 1) % 24}") == 0


#
# Uploads: a huge image is a form error (page) or a 400 naming the field (API); files get generated names
#


def test_a_huge_photo_is_refused_on_the_report_page_and_the_api(world, client_for):
    from tests.support.images import forged_png

    c = client_for("worker_a1a")
    moment = (timezone.localtime() - datetime.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    data = {"kind": "near_miss", "unit": world.unit("A1a").pk, "occurred_at": moment, "description": "Pallet fell"}
    page = c.post(reverse("incidents:report"), {**data, "photos": [forged_png(30000, 30000, "bomb.png")]})
    assert page.status_code == 400 and page.context["form"].errors["photos"] == [
        "bomb.png is 30,000 × 30,000 pixels; at most 40 megapixels are accepted."
    ]
    api = c.post("/api/v1/incidents/", {**data, "photos": [forged_png(30000, 30000, "bomb.png")]})
    assert api.status_code == 400 and [e["attr"] for e in api.json()["errors"]] == ["photos"]
    assert not Incident.objects.exists()


def test_files_are_stored_under_generated_names_keeping_the_original_as_metadata(world, client_for):
    import re

    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support.images import forged_png, phone_photo

    incident = _incident(world, "A1a", photos=[phone_photo("IMG_0001.jpg")])
    c = client_for("director_a1")
    url = reverse("incidents:step", args=[incident.pk, "files"])
    huge = c.post(url, {"files": [SimpleUploadedFile("ok.pdf", b"%PDF-1.7"), forged_png(12000, 12000, "plan.png")]})
    assert huge.status_code == 400 and "plan.png is 12,000 × 12,000 pixels" in huge.content.decode()
    assert incident.files.count() == 1  # neither file of the refused batch was kept
    assert c.post(url, {"files": [SimpleUploadedFile("Witness statement.pdf", b"%PDF-1.7\n...")]}).status_code == 302
    stored = {f.original_name: f.file.name for f in incident.files.all()}
    assert set(stored) == {"IMG_0001.jpg", "Witness statement.pdf"}
    assert re.fullmatch(r"incidents/\d{4}/\d{2}/[0-9a-f]{32}\.jpg", stored["IMG_0001.jpg"])
    assert re.fullmatch(r"incidents/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", stored["Witness statement.pdf"])


@pytest.mark.parametrize("moment", ["0040-01-01T01:00:15Z", "1899-12-31T12:00:00Z", "2101-01-01T00:00:00+08:00"])
def test_the_api_refuses_a_moment_no_safety_record_has(world, client_for, moment):
    """Found by schemathesis: year 40 was accepted and written back with Shanghai's local mean time (+08:05:43),
    which no RFC 3339 client reads. Dates are bounded as on the pages."""
    from zeroharm.incidents.models import Incident

    before = Incident.objects.count()
    response = client_for("safety").post(
        "/api/v1/incidents/",
        {"kind": "near_miss", "unit": world.unit("A1a").pk, "occurred_at": moment, "description": "Slipped"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["attr"] == "occurred_at"
    assert "between 1900-01-01 and 2100-12-31" in response.json()["errors"][0]["detail"]
    assert Incident.objects.count() == before
