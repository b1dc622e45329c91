"""Forms of the catalogue: courses, their materials, and the training matrix's requirements."""

from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from zeroharm.core import uploads
from zeroharm.core.forms import ScopedModelForm
from zeroharm.training.models import Course, CourseMaterial, Requirement

__all__ = ["CourseForm", "MaterialForm", "RequirementForm"]

MATERIAL_ACCEPT = ".pdf,.docx,.pptx,.mp4,image/jpeg,image/png,image/webp"


class CourseForm(ScopedModelForm):
    """The owner unit among the units where the user may add (or change) training records; the linked risk points
    among those they may see (ScopedModelForm cuts every model choice to core.scoping.choosable)."""

    unit_fields = ("owner_unit",)

    class Meta:
        model = Course
        fields = [
            "code",
            "title",
            "kind",
            "hours",
            "validity_months",
            "owner_unit",
            "description",
            "risk_points",
            "procedure_refs",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "procedure_refs": forms.Textarea(attrs={"rows": 3}),
        }


class MaterialForm(ScopedModelForm):
    """A file (through core.uploads' course-material rule), a link or a text; the course is the page's."""

    unit_fields = ()
    url = forms.URLField(label=_("link"), required=False, assume_scheme="https")

    class Meta:
        model = CourseMaterial
        fields = ["title", "kind", "file", "url", "text", "minutes", "order"]
        widgets = {
            "file": forms.ClearableFileInput(attrs={"accept": MATERIAL_ACCEPT}),
            "text": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, user, course=None, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        self.course = course or getattr(self.instance, "course", None)

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if not isinstance(upload, UploadedFile):  # the stored file, kept (or none)
            return upload
        return uploads.file_clean(upload, field=None, rule=uploads.COURSE_MATERIAL).file

    def _post_clean(self):
        if self.course is not None:  # the model's clean (a kind needs its field) sees the course too
            self.instance.course = self.course
        super()._post_clean()


class RequirementForm(ScopedModelForm):
    """Who (a position and/or a kind of unit, within a unit's subtree) needs what (a course, a kind of course,
    and/or a certificate), how many hours, how often. Empty minimum hours: the national minimum."""

    class Meta:
        model = Requirement
        fields = [
            "unit",
            "position",
            "unit_kind",
            "course",
            "course_kind",
            "certificate_kind",
            "min_hours",
            "period_months",
            "note",
        ]
