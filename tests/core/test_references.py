"""Every related object a user can set comes from their scoped queryset (issue 10, point 1).
The walk finds every serializer and form of the product — present and future — and every writable reference in
it, then sets each reference, as a branch-A administrator, to a record of branch B: it must be refused. The oracle
(which record belongs to which branch) is this file's own table, not the scoping code.
"""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.test import RequestFactory
from django.utils import timezone
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from tests.support.inspections import insp  # noqa: F401 - a checklist and a point in each branch
from zeroharm.core.api import ScopedRelatedField
from zeroharm.core.forms import ScopedChoicesMixin

pytestmark = pytest.mark.django_db

# A writable plain integer with one of these names is a reference that escaped the scoped field.
ID_LIKE = {
    "unit",
    "owner",
    "person",
    "assignee",
    "lead",
    "user",
    "parent",
    "principal",
    "risk_point",
    "point",
    "checklist",
    "mapping",
    "source_id",
    "unit_id",
    "person_id",
    "owner_id",
}


def _subclasses(root):
    found, stack = set(), [root]
    while stack:
        for sub in stack.pop().__subclasses__():
            if sub not in found:
                found.add(sub)
                stack.append(sub)
    return sorted((c for c in found if c.__module__.startswith("zeroharm.")), key=lambda c: c.__qualname__)


def all_serializers():
    import zeroharm.api_urls  # noqa: F401 - imports every app's API

    return [
        c
        for c in _subclasses(serializers.BaseSerializer)
        if not issubclass(c, serializers.ListSerializer)
        and (not issubclass(c, serializers.ModelSerializer) or hasattr(c, "Meta"))
    ]  # bases have no Meta


def all_forms():
    import zeroharm.urls  # noqa: F401 - imports every app's views and forms

    return _subclasses(forms.BaseForm)


def writable_fields(serializer, prefix=""):
    for name, field in serializer.fields.items():
        if field.read_only:
            continue
        path = f"{prefix}{name}"
        if isinstance(field, serializers.ListSerializer) and isinstance(field.child, serializers.Serializer):
            yield from writable_fields(field.child, f"{path}[].")
        elif isinstance(field, serializers.Serializer):
            yield from writable_fields(field, f"{path}.")
        else:
            yield path, field


@pytest.fixture
def admin_a(world):
    """An administrator of branch A only: every right, but only in A's subtree."""
    from zeroharm.accounts.models import RoleAssignment, User

    user = User.objects.create_user("admin_a", "admin_a@example.com", "Test-password-2026")
    RoleAssignment.objects.create(user=user, role="admin", unit=world.unit("A"))
    return user


@pytest.fixture
def examples(world, insp):  # noqa: F811
    """model → (a record of branch A, a record of branch B)."""
    from zeroharm.accounts.models import User
    from zeroharm.inspections.models import ChecklistTemplate, InspectionPoint
    from zeroharm.org.models import OrgUnit, Person
    from zeroharm.risks.models import RiskPoint
    from zeroharm.training.models import Course, Exam, TrainingPlan, TrainingSession

    course = Course.objects.create(
        code="REF-X", title="Refresher", kind="refresher", hours=8, owner_unit=world.unit("G")
    )
    start = timezone.now()
    sessions = tuple(
        TrainingSession.objects.create(
            course=course,
            unit=world.unit(code),
            trainer_name="Outside",
            place="Hall",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
        )
        for code in ("A1a", "B1a")
    )
    exams = tuple(
        Exam.objects.create(
            title="Exam",
            unit=world.unit(code),
            course=course,
            opens_at=start,
            closes_at=start + datetime.timedelta(days=1),
        )
        for code in ("A1a", "B1a")
    )
    return {
        OrgUnit: (world.unit("A1a"), world.unit("B1a")),
        Person: (world.people["A1a"], world.people["B1a"]),
        User: (world.users["worker_a1a"], world.users["leader_b"]),
        RiskPoint: (world.risk_points["A1a"], world.risk_points["B1a"]),
        ChecklistTemplate: (insp.checklists["A1a"], insp.checklists["B1a"]),
        InspectionPoint: (insp.points["A1a"], insp.points["B1a"]),
        TrainingPlan: tuple(TrainingPlan.objects.create(unit=world.unit(code), year=2026) for code in ("A1a", "B1a")),
        TrainingSession: sessions,
        Exam: exams,
    }


def _group_wide(model) -> bool:
    """Catalogues of the whole group (positions; training courses, which every training role reads) belong to no
    branch: nothing to refuse."""
    from zeroharm.training.models.catalogue import CatalogueScope

    return getattr(model, "scope_unit_field", "") is None or issubclass(model, CatalogueScope)


def test_every_writable_reference_of_every_serializer_is_scoped_and_refuses_another_branch(world, admin_a, examples):
    request = RequestFactory().post("/api/v1/")
    request.user = admin_a
    checked, problems = [], []
    for cls in all_serializers():
        try:
            serializer = cls(context={"request": request})
        except TypeError:
            continue  # needs constructor arguments: only read-only helpers do
        for path, field in writable_fields(serializer):
            where = f"{cls.__module__}.{cls.__qualname__}.{path}"
            relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            if isinstance(relation, serializers.RelatedField):
                if not isinstance(relation, ScopedRelatedField):
                    problems.append(f"{where}: a {type(relation).__name__}, not a ScopedRelatedField")
                    continue
                if _group_wide(relation.model):
                    continue
                if relation.model not in examples:
                    problems.append(f"{where}: add a branch A and a branch B {relation.model.__name__} to `examples`")
                    continue
                mine, theirs = examples[relation.model]
                many = isinstance(field, serializers.ManyRelatedField)
                try:
                    field.run_validation([theirs.pk] if many else theirs.pk)
                    problems.append(f"{where}: accepted {relation.model.__name__} of branch B")
                except ValidationError:
                    checked.append(where)
            elif isinstance(field, serializers.IntegerField) and path.rsplit(".", 1)[-1] in ID_LIKE:
                problems.append(f"{where}: an id as a plain integer; use ScopedRelatedField")
    assert not problems, "\n".join(problems)
    # The walk really reaches the references of the defect report and the rest of the API.
    for expected in (
        "hazards.api.AssignSerializer.owner",
        "risks.api.ControlSerializer.owner",
        "org.api.OrgUnitSerializer.principal",
        "org.api.OrgUnitSerializer.safety_officers",
        "actions.api.ActionSerializer.owner",
        "inspections.api.ScheduleSerializer.assignee",
        "hazards.api.ReportSerializer.unit",
        "accounts.api.RoleAssignmentSerializer.user",
    ):
        assert any(w.endswith(expected) for w in checked), expected
    assert len(checked) >= 20


def test_a_record_of_ones_own_branch_is_accepted(world, admin_a, examples):
    from zeroharm.hazards.api import AssignSerializer
    from zeroharm.org.api import OrgUnitSerializer

    request = RequestFactory().post("/api/v1/")
    request.user = admin_a
    person = examples[type(world.people["A1a"])][0]
    assert AssignSerializer(context={"request": request}).fields["owner"].run_validation(person.pk) == person
    officers = OrgUnitSerializer(context={"request": request}).fields["safety_officers"]
    assert officers.run_validation([person.pk]) == [person]


def test_every_form_with_model_choices_scopes_them():
    """A form offering records (a person, a unit, a risk point…) must cut them to its user's scope."""
    unscoped = []
    for cls in all_forms():
        choices = [n for n, f in cls.base_fields.items() if isinstance(f, forms.ModelChoiceField)]
        if choices and not issubclass(cls, ScopedChoicesMixin):
            unscoped.append(f"{cls.__module__}.{cls.__qualname__}: {', '.join(choices)}")
    assert not unscoped, "\n".join(unscoped)


#
# The paths of the defect report, end to end: 400 naming the field, nothing changed
#


def _error_attrs(response) -> set[str]:
    return {e["attr"] for e in response.json()["errors"]}


def test_hidden_danger_assignee_of_another_branch_is_refused(world, client_for):
    from zeroharm.hazards import services
    from zeroharm.hazards.models import HiddenDanger

    leader = world.users["leader_a"]
    hd = services.hazard_report(acting_user=leader, unit=world.unit("A1a"), location="Press 3", description="Guard")
    hd = services.hazard_assess(
        hd=hd, acting_user=leader, level="general", category="condition", note="", expected_version=hd.version
    )
    response = client_for("leader_a").post(
        f"/api/v1/hidden-dangers/{hd.pk}/assign/",
        {
            "owner": world.people["B1a"].pk,
            "measures": "Fit a guard",
            "budget_amount": "0",
            "deadline": "2099-01-01",
            "version": hd.version,
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and _error_attrs(response) == {"owner"}
    hd = HiddenDanger.objects.get(pk=hd.pk)
    assert hd.owner_id is None and hd.state == "assessed"
    assert world.people["B1a"].name not in response.content.decode()


def test_risk_control_owner_of_another_branch_is_refused_by_patch_and_post(world, client_for):
    from zeroharm.risks.models import Control

    client = client_for("leader_a")
    control = world.controls["A1a"]
    patched = client.patch(
        f"/api/v1/risk-controls/{control.pk}/",
        {"owner": world.people["B1a"].pk, "version": control.version},
        content_type="application/json",
    )
    assert patched.status_code == 400 and _error_attrs(patched) == {"owner"}
    control.refresh_from_db()
    assert control.owner_id is None and control.version == 1
    before = Control.objects.count()
    posted = client.post(
        "/api/v1/risk-controls/",
        {
            "risk_point": world.risk_points["A1a"].pk,
            "control_type": "administrative",
            "description": "Permit",
            "owner": world.people["B1a"].pk,
        },
        content_type="application/json",
    )
    assert posted.status_code == 400 and _error_attrs(posted) == {"owner"}
    assert Control.objects.count() == before
    own = client.post(
        "/api/v1/risk-controls/",
        {
            "risk_point": world.risk_points["A1a"].pk,
            "control_type": "administrative",
            "description": "Permit",
            "owner": world.people["A1a"].pk,
        },
        content_type="application/json",
    )
    assert own.status_code == 201 and own.json()["owner"] == world.people["A1a"].pk


def test_principal_of_another_branch_for_a_new_unit_is_refused(world, admin_a):
    from django.test import Client

    from zeroharm.org.models import OrgUnit

    client = Client()
    client.force_login(admin_a)
    before = OrgUnit.objects.count()
    response = client.post(
        "/api/v1/units/",
        {
            "code": "A3",
            "name": "Workshop A3",
            "kind": "workshop",
            "parent": world.unit("A").pk,
            "principal": world.people["B1a"].pk,
        },
        content_type="application/json",
    )
    assert response.status_code == 400 and _error_attrs(response) == {"principal"}
    assert OrgUnit.objects.count() == before
    elsewhere = client.post(
        "/api/v1/units/",
        {"code": "B3", "name": "Workshop B3", "kind": "workshop", "parent": world.unit("B").pk},
        content_type="application/json",
    )
    assert elsewhere.status_code == 400 and _error_attrs(elsewhere) == {"parent"}
