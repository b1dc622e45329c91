"""The demo inspections: enough checklists, a year of inspections with late, missed and failed ones, consistent
flags and versions, and the pages of the demo personas render with them."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.urls import reverse

from zeroharm.inspections.models import (
    ChecklistTemplate,
    ChecklistVersion,
    Inspection,
    InspectionPoint,
    ItemResult,
    Schedule,
)


@pytest.mark.slow
@pytest.mark.django_db
def test_demo_inspections(capsys):
    call_command("demo")
    assert "inspections:" in capsys.readouterr().out

    assert ChecklistTemplate.objects.count() >= 10
    assert not ChecklistTemplate.objects.filter(current_version__isnull=True).exists()
    assert ChecklistVersion.objects.filter(number=2).count() >= 2  # revised checklists
    assert InspectionPoint.objects.filter(risk_point__isnull=False).count() >= 50
    assert set(Schedule.objects.values_list("frequency", flat=True)) == {
        "daily", "weekly", "monthly", "quarterly", "seasonal", "special"}

    reference = datetime.date(2026, 11, 1)
    first = Inspection.objects.order_by("due_date").first().due_date
    assert first <= reference - datetime.timedelta(days=360)
    statuses = dict(Inspection.objects.values_list("status").annotate(n=Count("id")))
    assert statuses["done"] > 10 * statuses["missed"] > 0 and statuses["planned"] > 0
    assert Inspection.objects.filter(is_late=True, status="done").exists()
    # Flags agree with the dates: done late only after due date + grace, missed only once that passed.
    for inspection in Inspection.objects.filter(status="done").select_related("schedule")[:2000]:
        deadline = inspection.due_date + datetime.timedelta(days=inspection.schedule.grace_days)
        assert inspection.is_late == (inspection.done_at.date() > deadline)
        assert inspection.checklist_version.is_used
    for inspection in Inspection.objects.filter(status="missed").select_related("schedule"):
        assert inspection.due_date + datetime.timedelta(days=inspection.schedule.grace_days) < reference
    # Every done inspection answered every item of its version; failures have a note.
    answered = dict(ItemResult.objects.values_list("inspection_id").annotate(n=Count("id")))
    items = dict(ChecklistVersion.objects.annotate(n=Count("items")).values_list("pk", "n"))
    for pk, version_id in Inspection.objects.filter(status="done").values_list("pk", "checklist_version_id"):
        assert answered[pk] == items[version_id]
    assert ItemResult.objects.filter(outcome="fail").count() >= 100
    assert not ItemResult.objects.filter(outcome="fail", note="").exists()
    # Old inspections of a revised checklist keep version 1.
    revised = ChecklistTemplate.objects.filter(current_version__number=2).first()
    assert Inspection.objects.filter(checklist_version__template=revised, checklist_version__number=1).exists()

    # The demo personas' pages render with this data.
    from zeroharm.accounts.models import User

    worker = Client()
    worker.force_login(User.objects.get(username="worker"))
    from zeroharm.inspections.hooks import my_inspection_work

    total, work = my_inspection_work(User.objects.get(username="worker"), 5)
    assert total >= 1
    assert worker.get(work[0].url).status_code == 200
    safety = Client()
    safety.force_login(User.objects.get(username="safety"))
    done = Inspection.objects.filter(status="done", results__outcome="fail").first()
    for url in (reverse("inspections:inspection_list"), reverse("inspections:checklist_list"),
                reverse("inspections:point_list"), reverse("inspections:schedule_list"),
                reverse("inspections:compliance"), revised.get_absolute_url(), done.get_absolute_url(),
                InspectionPoint.objects.first().get_absolute_url(), Schedule.objects.first().get_absolute_url()):
        assert safety.get(url).status_code == 200, url
    rows = safety.get(reverse("inspections:compliance"), {"start": "2025-11-01", "end": "2026-10-31"}).context["rows"]
    assert len(rows) == 5 and all(r.compliance.done for r in rows)
