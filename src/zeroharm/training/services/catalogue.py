"""Writes of the catalogue: a course's materials, versioned once they have been used.

A person's archive names the material version they studied, and a held session showed what the course had then;
so a material that has been studied (StudyTime rows) or shown (a held session of its course since the material was
added) is never changed in place: editing it makes its next version, the old one staying as it was, no longer
current. An unused material is simply edited.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core import services
from zeroharm.training.choices import SessionStatus
from zeroharm.training.models import CourseMaterial, StudyTime, TrainingSession

__all__ = ["material_add", "material_edit", "material_is_used"]

# What a new version copies from the one it replaces (besides what the editor changed).
_KEPT = ("course", "title", "kind", "file", "url", "text", "minutes", "order")


def material_is_used(material: CourseMaterial) -> bool:
    """Studied by someone, or shown in a session of its course held since it was added."""
    if StudyTime.objects.filter(material=material).exists():
        return True
    return TrainingSession.objects.filter(
        course_id=material.course_id, status=SessionStatus.HELD, starts_at__gte=material.created_at
    ).exists()


def material_add(*, course, data: dict, acting_user) -> CourseMaterial:
    return services.record_create(model=CourseMaterial, data={**data, "course": course}, acting_user=acting_user)


@transaction.atomic
def material_edit(*, material: CourseMaterial, data: dict, acting_user, expected_version: int | None):
    """Edit an unused material in place; a used one gets a new version that replaces it (returned)."""
    if not material.is_current:
        raise ValidationError(_("This is an old version of the material: edit the current one."))
    if not material_is_used(material):
        return services.record_update(
            instance=material, data=data, acting_user=acting_user, expected_version=expected_version
        )
    old = services.record_lock(material, expected_version)
    if not old.is_current:  # another editor made the next version meanwhile
        raise services.ConcurrentEditError(old, expected_version)
    kept = {name: getattr(old, name) for name in _KEPT}
    new = services.record_create(
        model=CourseMaterial,
        data={**kept, **data, "replaces": old, "material_version": old.material_version + 1, "is_current": True},
        acting_user=acting_user,
    )
    old.is_current = False
    services.record_step_save(old, acting_user, gettext_noop("replaced by a new version"), update_fields=["is_current"])
    return new
