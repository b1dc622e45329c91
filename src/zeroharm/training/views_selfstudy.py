"""Self-study pages, phone-first: a material shown (text, file, link) and its heartbeat."""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views import View

from zeroharm.training.selectors import selfstudy as selectors
from zeroharm.training.services import selfstudy as services

__all__ = ["MaterialStudyView", "MaterialBeatView", "MaterialFileView"]


class MaterialStudyView(LoginRequiredMixin, View):
    template_name = "training/material_study.html"

    def get(self, request, pk):
        material = get_object_or_404(selectors.studyable_materials(request.user), pk=pk)
        return render(request, self.template_name, {"material": material, "beat_seconds": 15})


class MaterialBeatView(LoginRequiredMixin, View):
    """POST from the material's page while it is open and active: 204, or 400 with the reason."""

    http_method_names = ["post"]

    def post(self, request, pk):
        material = get_object_or_404(selectors.studyable_materials(request.user), pk=pk)
        try:
            services.study_beat(material=material, acting_user=request.user)
        except ValidationError as exc:
            return JsonResponse({"detail": " ".join(exc.messages)}, status=400)
        return HttpResponse(status=204)


class MaterialFileView(LoginRequiredMixin, View):
    """A material's file, shown in its page (same origin, so the page's own rules apply)."""

    def get(self, request, pk):
        material = get_object_or_404(selectors.studyable_materials(request.user), pk=pk)
        if not material.file:
            raise Http404
        return FileResponse(material.file.open("rb"), as_attachment=False)
