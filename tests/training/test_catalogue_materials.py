"""Course materials: files through core.uploads' course-material rule, and versions once a material is used."""

from __future__ import annotations

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from tests.training.factories import CourseFactory, MaterialFactory, SessionFactory
from zeroharm.core import uploads
from zeroharm.core.services import ConcurrentEditError
from zeroharm.training.models import CourseMaterial, StudyTime
from zeroharm.training.services.catalogue import material_edit

pytestmark = pytest.mark.django_db

MATRIX_URL_NAMES = {
    "training:coursematerial_add",
    "training:coursematerial_detail",
    "training:coursematerial_edit",
    "training:coursematerial_archive",
}


def test_the_course_material_rule_takes_slides_and_videos_by_content():
    for name, head in (("deck.pptx", b"PK\x03\x04rest"), ("talk.mp4", b"\x00\x00\x00\x18ftypmp42"), ("a.pdf", b"%PDF")):
        clean = uploads.file_clean(SimpleUploadedFile(name, head), field=None, rule=uploads.COURSE_MATERIAL)
        assert re.fullmatch(r"[0-9a-f]{32}" + re.escape(name[name.index(".") :]), clean.file.name)  # generated
        assert clean.original_name == name
    with pytest.raises(ValidationError, match="deck.pptx is not a PDF, Word, PowerPoint or MP4 file"):
        uploads.file_clean(SimpleUploadedFile("deck.pptx", b"MZ\x90"), field=None, rule=uploads.COURSE_MATERIAL)
    with pytest.raises(ValidationError, match="run.exe is not"):
        uploads.file_clean(SimpleUploadedFile("run.exe", b"%PDF"), field=None, rule=uploads.COURSE_MATERIAL)
    # Evidence files still refuse slides: the rule is the training materials' own.
    with pytest.raises(ValidationError):
        uploads.file_clean(SimpleUploadedFile("deck.pptx", b"PK\x03\x04"), field=None)


@pytest.fixture
def course(world):
    return CourseFactory(code="REF-A", title="Refresher of A", owner_unit=world.unit("A"))


def test_a_file_material_is_uploaded_checked_and_served_to_who_sees_the_course(
    client_for, client, world, course, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("training:coursematerial_add", args=[course.pk])
    leader = client_for("leader_a")
    bad = SimpleUploadedFile("deck.pptx", b"MZ\x90 not slides")
    response = leader.post(url, {"title": "Deck", "kind": "file", "file": bad, "minutes": 10, "order": 1})
    assert response.status_code == 200 and "not a PDF, Word, PowerPoint or MP4" in response.content.decode()
    deck = SimpleUploadedFile("deck.pptx", b"PK\x03\x04 slides")
    assert (
        leader.post(url, {"title": "Deck", "kind": "file", "file": deck, "minutes": 10, "order": 1}).status_code == 302
    )
    material = CourseMaterial.objects.get(course=course)
    assert material.file.name.startswith("training/materials/") and "deck" not in material.file.name
    file_url = reverse("training:material_file", args=[material.pk])  # the self-study area's file view
    assert b"".join(client_for("leader_b").get(file_url).streaming_content) == b"PK\x03\x04 slides"
    assert client.get(file_url).status_code == 302  # no login
    assert client_for("leader_b").post(url, {"title": "X", "kind": "text", "text": "t"}).status_code == 403


def test_a_kind_needs_its_field(client_for, course):
    response = client_for("leader_a").post(
        reverse("training:coursematerial_add", args=[course.pk]),
        {"title": "Link", "kind": "link", "minutes": 0, "order": 0},
    )
    assert response.status_code == 200 and "A material of this kind needs this field." in response.content.decode()


def test_an_unused_material_is_edited_in_place(world, course):
    material = MaterialFactory(course=course, text="Version one")
    saved = material_edit(
        material=material, data={"text": "Fixed a typo"}, acting_user=world.users["leader_a"], expected_version=1
    )
    assert saved.pk == material.pk and saved.text == "Fixed a typo" and saved.material_version == 1
    assert CourseMaterial.objects.count() == 1


def test_a_studied_material_gets_its_next_version(world, course):
    material = MaterialFactory(course=course, text="Version one", order=3)
    StudyTime.objects.create(person=world.people["A1a"], material=material, day=datetime.date(2026, 3, 1))
    new = material_edit(
        material=material, data={"text": "Version two"}, acting_user=world.users["leader_a"], expected_version=1
    )
    old = CourseMaterial.objects.get(pk=material.pk)
    assert new.pk != old.pk and new.replaces == old and new.material_version == 2 and new.is_current
    assert (new.text, new.order, new.course) == ("Version two", 3, course)
    assert old.text == "Version one" and not old.is_current  # what was studied stays as it was
    assert old.history.first().history_change_reason == "replaced by a new version"
    with pytest.raises(ValidationError, match="old version"):
        material_edit(material=old, data={"text": "x"}, acting_user=world.users["leader_a"], expected_version=2)


def test_a_material_shown_in_a_held_session_gets_its_next_version(world, course):
    material = MaterialFactory(course=course)
    later = timezone.now() + datetime.timedelta(hours=1)
    SessionFactory(course=course, unit=world.unit("A1"), starts_at=later, status="planned")
    saved = material_edit(
        material=material, data={"text": "a"}, acting_user=world.users["leader_a"], expected_version=1
    )
    assert saved.pk == material.pk  # a planned session showed nothing yet
    SessionFactory(course=course, unit=world.unit("A1"), starts_at=later, status="held")
    new = material_edit(material=saved, data={"text": "b"}, acting_user=world.users["leader_a"], expected_version=2)
    assert new.pk != material.pk and new.material_version == 2


def test_a_stale_edit_of_a_used_material_is_refused(world, course):
    material = MaterialFactory(course=course)
    StudyTime.objects.create(person=world.people["A1a"], material=material, day=datetime.date(2026, 3, 1))
    material_edit(material=material, data={"text": "b"}, acting_user=world.users["leader_a"], expected_version=1)
    with pytest.raises((ConcurrentEditError, ValidationError)):
        material_edit(material=material, data={"text": "c"}, acting_user=world.users["safety"], expected_version=1)
    assert CourseMaterial.objects.filter(course=course).count() == 2


def test_the_edit_page_makes_the_version_and_the_course_page_shows_the_current_one(client_for, world, course):
    material = MaterialFactory(course=course, title="Ladders", text="one")
    StudyTime.objects.create(person=world.people["A1a"], material=material, day=datetime.date(2026, 3, 1))
    client = client_for("leader_a")
    edit = reverse("training:coursematerial_edit", args=[material.pk])
    data = {"title": "Ladders", "kind": "text", "text": "two", "minutes": 5, "order": 0, "version": 1}
    response = client.post(edit, data)
    assert response.status_code == 302
    page = client.get(course.get_absolute_url()).content.decode()
    assert "version 2" in page and "1 earlier version is kept" in page
    assert client_for("leader_b").get(edit).status_code == 403  # sees the course, may not change it
    assert (
        client_for("worker_a1a").get(reverse("training:coursematerial_detail", args=[material.pk])).status_code == 200
    )


def test_archiving_a_material(client_for, course):
    material = MaterialFactory(course=course)
    url = reverse("training:coursematerial_archive", args=[material.pk])
    assert client_for("leader_a").post(url).status_code == 403  # unit leaders do not archive
    assert client_for("safety").post(url).status_code == 302
    assert CourseMaterial.objects.get(pk=material.pk).is_archived
    assert client_for("safety").post(url, {"restore": "1"}).status_code == 302
    assert not CourseMaterial.objects.get(pk=material.pk).is_archived
