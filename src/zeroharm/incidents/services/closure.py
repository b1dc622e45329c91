"""The four don't-let-go gates, closing, and publishing a closed incident to the case library."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.actions.models import ActionStatus
from zeroharm.actions.services import actions_for
from zeroharm.core import events
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can_anywhere
from zeroharm.core.services import record_clean, record_lock, record_step_save
from zeroharm.core.wording import labelled
from zeroharm.incidents.choices import (
    CauseLevel,
    Gate,
    IncidentState,
)
from zeroharm.incidents.models import (
    GateSign,
    Incident,
)
from zeroharm.incidents.services.common import _check, _required, _unsign_if_signed, unit_staff_people

#
# The four don't-let-go gates
#


@dataclass
class GateCheck:
    gate: str
    label: str
    holds: bool
    problems: list[str] = field(default_factory=list)
    sign: GateSign | None = None

    @property
    def passed(self) -> bool:
        """Both the facts hold and a person who may approve has confirmed it with evidence."""
        return self.holds and self.sign is not None


def _cause_problems(incident: Incident, causes=None) -> list:
    causes = list(incident.causes.all()) if causes is None else causes
    if not any(c.level in (CauseLevel.DIRECT, CauseLevel.ROOT) for c in causes):
        return [_("Record at least one direct cause and one root cause.")]
    if not any(c.level == CauseLevel.ROOT for c in causes):
        return [_("No root cause is recorded.")]
    return []


def _accountability_problems(incident: Incident, causes=None) -> list:
    if incident.findings.exists():
        return []
    return [_("Record who was responsible and how it was dealt with (a finding of no penalty counts).")]


def _measures_problems(incident: Incident, causes=None) -> list:
    actions = [a for a in actions_for(incident) if a.status != ActionStatus.CANCELLED]
    problems = [] if actions else [_("Raise at least one corrective or preventive action.")]
    unverified = [a for a in actions if a.status != ActionStatus.VERIFIED]
    if unverified:
        problems.append(
            _("%(n)s of %(total)s actions are not yet verified effective by a second person.")
            % {"n": len(unverified), "total": len(actions)}
        )
    return problems


def _education_problems(incident: Incident, causes=None) -> list:
    """People educated: every active person of the unit (and below) was present at a held session teaching these
    lessons (training, core.events "training.lesson_attendees") or, having a login, acknowledged them. A lessons
    session typed by hand (a topic and a number of attendees) says nothing of who was there and no longer counts;
    an incident closed under the earlier rule keeps its record as it was closed."""
    if incident.state == IncidentState.CLOSED and incident.lesson_sessions.exists():
        return []
    problems = [] if incident.lessons_learned.strip() else [_("Write the lessons learned.")]
    staff = set(unit_staff_people(incident).values_list("pk", flat=True))
    attended = events.ask("training.lesson_attendees", default=set(), incident_id=incident.pk)
    acknowledged = set(
        incident.acknowledgements.filter(user__person__in=staff).values_list("user__person__id", flat=True)
    )
    educated = staff & (attended | acknowledged)
    if not staff or len(educated) < len(staff):
        problems.append(
            _(
                "Hold a training session of the lessons that the unit's staff attend, or have each of them "
                "acknowledge the lesson (%(done)s of %(staff)s educated so far)."
            )
            % {"done": len(educated), "staff": len(staff)}
        )
    return problems


# Each gate's facts, read on their own: confirming one gate reads that gate's facts only. Each takes the incident
# and its causes when the caller has them already (the record page; only the cause gate reads them).
GATE_PROBLEMS = {
    Gate.CAUSE: _cause_problems,
    Gate.ACCOUNTABILITY: _accountability_problems,
    Gate.MEASURES: _measures_problems,
    Gate.EDUCATION: _education_problems,
}


def gate_check(incident: Incident, gate: str, causes=None) -> GateCheck:
    """One gate: whether its facts hold now and why not (without its confirmation)."""
    problems = GATE_PROBLEMS[gate](incident, causes)
    return GateCheck(gate, Gate(gate).label, not problems, problems)


def gate_checks(incident: Incident, causes=None) -> list[GateCheck]:
    """Each gate with whether its facts hold now and why not (the confirmation is a separate, human step)."""
    signs = {s.gate: s for s in incident.gates.select_related("signed_by__person__unit")}  # shown as person · unit
    checks = [gate_check(incident, gate, causes) for gate in Gate.values]
    for check in checks:
        check.sign = signs.get(check.gate)
    return checks


def _open_gates(incident: Incident) -> list[GateCheck]:
    """The gates that do not pass: their facts do not hold, or nobody confirmed them (gate_checks without the
    signers' names, which only the pages show)."""
    signed = set(incident.gates.values_list("gate", flat=True))
    return [c for c in (gate_check(incident, gate) for gate in Gate.values) if not c.holds or c.gate not in signed]


@transaction.atomic
def gate_sign(*, incident: Incident, acting_user, gate: str, evidence: str) -> GateSign:
    incident = record_lock(incident, None, related=("unit",))
    _check(acting_user, "gate", incident)
    if incident.state != IncidentState.INVESTIGATING:
        raise ValidationError(_("Gates are confirmed during the investigation."))
    if gate not in Gate.values:
        raise ValidationError({"gate": _("Choose a gate.")})
    _required({"evidence": (evidence or "").strip()})
    check = gate_check(incident, gate)
    if not check.holds:
        raise ValidationError({"gate": " ".join(str(p) for p in check.problems)})
    # The incident's row is locked, so nobody confirms this gate in between: one read, then a save.
    sign = incident.gates.filter(gate=gate).first() or GateSign(incident=incident, gate=gate)
    sign.evidence, sign.signed_by, sign.signed_at = evidence.strip(), acting_user, timezone.now()
    sign.save()
    record_step_save(incident, acting_user, gettext_noop("closure gate confirmed"))
    return sign


@transaction.atomic
def gate_unsign(*, incident: Incident, acting_user, gate: str) -> None:
    incident = record_lock(incident, None, related=("unit",))
    _check(acting_user, "gate", incident)
    _unsign_if_signed(incident, gate, acting_user)
    record_step_save(incident, acting_user, gettext_noop("closure gate withdrawn"))


@transaction.atomic
def incident_close(*, incident: Incident, acting_user, expected_version: int | None = None) -> Incident:
    """四不放过: closed only when all four gates hold now and were confirmed."""
    incident = record_lock(incident, expected_version, related=("unit",))
    _check(acting_user, "close", incident)
    if incident.state != IncidentState.INVESTIGATING:
        raise ValidationError(_("Only an incident under investigation can be closed."))
    failing = _open_gates(incident)
    if failing:
        raise ValidationError(
            _("It cannot be closed until all four gates hold. Still open: %(gates)s.")
            % {"gates": ", ".join(str(c.label) for c in failing)}
        )
    incident.state = IncidentState.CLOSED
    incident.closed_at, incident.closed_by = timezone.now(), acting_user
    return record_step_save(incident, acting_user, gettext_noop("closed"))


#
# The accident case library
#


def _names_in(incident: Incident) -> list[str]:
    """Every name the record knows of: people involved, findings, the team, the reporter."""
    names = set()
    for p in incident.people.select_related("person"):
        names.update({p.name, p.person.name if p.person_id else ""})
    for f in incident.findings.select_related("person"):
        names.update({f.name, f.person.name if f.person_id else ""})
    names.update(t.name for t in incident.investigation_team.all())
    if incident.investigation_lead_id:
        names.add(incident.investigation_lead.name)
    if incident.reported_by_id:
        user = incident.reported_by
        names.update({user.get_full_name(), user.username})
    return sorted((n for n in names if n and len(n) >= 2), key=len, reverse=True)


def _scrub(text: str, names: list[str], unit_name: str) -> str:
    for number, name in enumerate(names, start=1):
        text = text.replace(name, _("Person %(n)s") % {"n": number})
    return text.replace(unit_name, _("the unit")) if unit_name else text


def case_draft(incident: Incident) -> dict:
    """A first anonymised text of the case: names become "Person 1", the unit "the unit", the date its month."""
    names, unit = _names_in(incident), incident.unit.name
    causes = "\n".join(
        labelled(f"{c.get_level_display()} · {c.get_factor_display()}", c.description) for c in incident.causes.all()
    )
    measures = "\n".join(a.title for a in actions_for(incident) if a.status == ActionStatus.VERIFIED)
    return {
        "title": _scrub(incident.description.splitlines()[0][:120], names, unit),
        "category": incident.category,
        "kind": incident.kind,
        "summary": _scrub(incident.description, names, unit),
        "causes": _scrub(causes, names, unit),
        "lessons": _scrub(incident.lessons_learned, names, unit),
        "measures": _scrub(measures, names, unit),
    }


@transaction.atomic
def case_publish(*, incident: Incident, acting_user, data: dict):
    """Publish a closed incident, anonymised, to the case library; refused while a name still shows."""
    from zeroharm.incidents.models import CaseStudy

    if not can_anywhere(acting_user, CaseStudy, Action.ADD):
        raise PermissionDenied(_("Your role does not allow publishing to the case library."))
    if incident.state != IncidentState.CLOSED:
        raise ValidationError(_("Only a closed incident can be published: its lessons are not final before."))
    if CaseStudy.objects.filter(incident=incident).exists():
        raise ValidationError(_("This incident is already in the case library."))
    texts = " ".join(str(data.get(f, "")) for f in ("title", "summary", "causes", "lessons", "measures"))
    leaked = [n for n in _names_in(incident) if n in texts]
    if incident.unit.name in texts:
        leaked.append(incident.unit.name)
    if leaked:
        raise ValidationError(
            _("The text still names %(names)s: replace them before publishing.") % {"names": ", ".join(leaked)}
        )
    on = timezone.localtime(incident.occurred_at).date().replace(day=1)
    case = CaseStudy(
        incident=incident,
        occurred_on=on,
        unit_kind=incident.unit.kind,
        published_by=acting_user,
        **{f: data.get(f, "") for f in ("title", "category", "kind", "summary", "causes", "lessons", "measures")},
    )
    record_clean(case)
    case._history_user = acting_user
    case.save()
    return case
