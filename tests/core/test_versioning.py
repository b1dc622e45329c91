"""core.versioning: every versioned document uses the one mechanism, and its numbered items are checked row by
row, each message naming its row."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError

from zeroharm.core import versioning
from zeroharm.core.versioned import DocumentVersion, VersionStatus
from zeroharm.responsibility.models import Duty, DutyListVersion
from zeroharm.responsibility.services.lists import LISTS
from zeroharm.teams.models import Clause, ProcedureVersion
from zeroharm.teams.services.procedures import PROCEDURES


def version_models() -> list[type]:
    return [m for m in apps.get_models() if issubclass(m, DocumentVersion)]


def test_every_version_model_is_wired_to_its_document_and_items():
    assert set(version_models()) == {DutyListVersion, ProcedureVersion}
    for model in version_models():
        document_fk = model._meta.get_field(model.document_field)
        document = document_fk.related_model
        assert document_fk.remote_field.related_name == "versions"
        assert document._meta.get_field("current").related_model is model
        items = model._meta.get_field(model.items_name).related_model
        assert model.items_order in {f.name for f in items._meta.get_fields()}
        names = {c.name for c in model._meta.constraints}
        assert any(n.endswith("_one_draft") for n in names) and any(n.endswith("_version_number") for n in names)


def test_each_app_describes_its_document_with_its_own_version_model():
    assert LISTS.model is DutyListVersion and LISTS.related() == ("duty_list__unit",)
    assert PROCEDURES.model is ProcedureVersion and PROCEDURES.related() == ("procedure__unit",)
    assert set(LISTS.copy_fields) <= {f.name for f in Duty._meta.fields}
    assert set(PROCEDURES.copy_fields) <= {f.name for f in Clause._meta.fields}


def _clause(order, data):
    return Clause(position=order, number=str(data.get("number") or order), text=data.get("text", ""), ppe=[])


def test_numbered_items_are_built_in_their_order():
    rows = [{"number": "1.1", "text": "Lock out"}, {"text": "Tag out"}]
    items = versioning.numbered_items(rows, _clause, "Clause %(n)s")
    assert [(c.position, c.number, c.text) for c in items] == [(1, "1.1", "Lock out"), (2, "2", "Tag out")]


@pytest.mark.parametrize(
    "rows, message",
    [
        ([{"number": "1", "text": "a"}, {"number": "1", "text": "b"}], "Clause 2: the number 1 is used twice."),
        ([{"number": "1", "text": "a"}, {"number": "2", "text": ""}], "Clause 2: text:"),
        ([{"number": "x" * 17, "text": "a"}], "Clause 1: number:"),
    ],
)
def test_a_faulty_row_is_named(rows, message):
    with pytest.raises(ValidationError) as caught:
        versioning.numbered_items(rows, _clause, "Clause %(n)s")
    assert caught.value.messages[0].startswith(message)


def test_the_apps_own_check_runs_before_the_model_validation():
    def refuse_second(item, where):
        if item.position == 2:
            raise ValidationError(f"{where}: refused")

    with pytest.raises(ValidationError, match="Clause 2: refused"):
        versioning.numbered_items([{"text": "a"}, {"text": "b"}], _clause, "Clause %(n)s", refuse_second)


def test_a_version_not_a_draft_is_not_edited():
    version = DutyListVersion(number=3, status=VersionStatus.IN_FORCE)
    with pytest.raises(ValidationError, match="Version 3 is In force: it is not edited"):
        versioning.refuse_unless_draft(version)
    versioning.refuse_unless_draft(DutyListVersion(number=4, status=VersionStatus.DRAFT))
