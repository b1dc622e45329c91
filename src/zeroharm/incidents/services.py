"""Every write to an incident: report, complete, people involved, investigation, the four gates, closing.

Pages and the API call these; each checks role and scope itself (`_check`), runs in one transaction and
leaves a history row named after the step. What the standards compute (classes, grade, recordability,
300-log columns) is derived here, in `refresh_figures`, after every change to the facts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.actions.models import ActionStatus
from zeroharm.actions.services import actions_for
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, can_anywhere, units_for
from zeroharm.core.services import record_lock, record_step_save
from zeroharm.core.uploads import file_clean, photos_clean
from zeroharm.incidents import standards
from zeroharm.incidents.choices import (
    CauseLevel,
    FirstAid,
    Gate,
    IncidentState,
    InjuryClass,
    Outcome,
    PersonRole,
)
from zeroharm.incidents.models import (
    Cause,
    FileKind,
    Finding,
    GateSign,
    Incident,
    IncidentFile,
    InvolvedPerson,
    LessonAcknowledgement,
    LessonSession,
    TimelineEntry,
    WhyStep,
)

__all__ = [
    "incident_report", "incident_update", "person_save", "person_remove", "refresh_figures", "authority_reported",
    "supplementary_reported", "investigation_start", "timeline_add", "cause_add", "cause_remove", "whys_set",
    "finding_add", "finding_remove", "files_add", "lesson_session_add", "lesson_acknowledge", "gate_checks",
    "gate_sign", "gate_unsign", "lessons_share", "incident_close", "warnings", "may", "shift_for", "case_draft",
    "case_publish", "person_figures", "snapshot_from_register",
]

MAX_FILES = 10


# Who may do what: one rule per kind of step.
STEP_ACTIONS = {
    "edit": Action.CHANGE,      # complete the record, people involved, investigation
    "gate": Action.APPROVE,     # confirm a closure gate
    "close": Action.APPROVE,
}


def may(user, step: str, incident: Incident) -> bool:
    return can(user, STEP_ACTIONS[step], incident)


def _check(user, step: str, incident: Incident, *, open_only: bool = True) -> None:
    if open_only and incident.state == IncidentState.CLOSED:
        raise ValidationError(_("This incident is closed: it can no longer be changed."))
    if not may(user, step, incident):
        raise PermissionDenied(_("Your role does not allow this on incidents of %(unit)s.")
                               % {"unit": incident.unit.name})


def _required(values: dict[str, object]) -> None:
    missing = {name: _("This field is required.") for name, value in values.items() if value in (None, "", [])}
    if missing:
        raise ValidationError(missing)


def shift_for(moment: datetime.datetime) -> str:
    """The shift a local time falls in, by the start hours of ZEROHARM_SHIFT_STARTS (day 8, middle 16, night 0)."""
    starts = sorted(((hour, name) for name, hour in settings.ZEROHARM_SHIFT_STARTS.items()), reverse=True)
    hour = timezone.localtime(moment).hour
    for start, name in starts:
        if hour >= start:
            return name
    return starts[0][1]


def _check_occurred(occurred_at) -> None:
    if occurred_at and occurred_at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"occurred_at": _("The time is in the future.")})


#
# Report and complete
#


@transaction.atomic
def incident_report(*, acting_user, kind: str, unit, occurred_at: datetime.datetime, description: str,
                    location: str = "", photos=()) -> Incident:
    """The phone report: four required fields plus photos. Anyone who may add safety records in the unit."""
    _required({"kind": kind, "unit": unit, "occurred_at": occurred_at, "description": (description or "").strip()})
    _check_occurred(occurred_at)
    if not units_for(acting_user, Incident.scope_area, Action.ADD).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not report incidents in %(unit)s.") % {"unit": unit.name})
    checked = photos_clean(photos, field="photos")
    incident = Incident(kind=kind, unit=unit, occurred_at=occurred_at, description=description.strip(),
                        location=(location or "").strip(), reported_by=acting_user,
                        shift=shift_for(occurred_at))
    incident.full_clean()
    incident._history_user = acting_user
    incident._change_reason = gettext_noop("reported")
    incident.save()
    for photo in checked:
        IncidentFile.objects.create(incident=incident, kind=FileKind.PHOTO, file=photo.file,
                                    original_name=photo.original_name[:200], uploaded_by=acting_user)
    refresh_figures(incident)
    _tell_unit(incident, gettext_noop("Incident reported in %(unit)s: %(text)s"), exclude=acting_user)
    return incident


@transaction.atomic
def incident_update(*, incident: Incident, acting_user, data: dict, expected_version: int | None,
                    team=None) -> Incident:
    """Complete or correct the record. The shift follows the time unless it was chosen."""
    incident = record_lock(incident, expected_version, related=("unit",))
    _check(acting_user, "edit", incident)
    old_unit = incident.unit_id
    for name, value in data.items():
        setattr(incident, name, value)
    _check_occurred(incident.occurred_at)
    if not incident.shift and not incident.time_unknown:
        incident.shift = shift_for(incident.occurred_at)
    record_step_save(incident, acting_user, gettext_noop("record completed"), clean=True)
    if team is not None:
        incident.investigation_team.set(team)
    if incident.unit_id != old_unit and not can(acting_user, Action.CHANGE, incident):
        raise PermissionDenied(_("You may not move an incident to a unit outside your scope."))
    refresh_figures(incident)
    return incident


#
# People involved and the computed figures
#


PERSON_FIELDS = [
    "role", "person", "name", "job_title", "position", "age", "tenure_months", "daily_supervised", "outcome",
    "nature", "body_part", "injury_text", "is_illness", "case_type", "work_related", "new_case", "days_away",
    "restricted_days", "treatments", "medical_treatment", "loss_of_consciousness", "significant_diagnosis",
    "contaminated_sharps", "hospitalized", "amputation", "eye_loss", "date_of_death", "privacy_reason",
    "physician", "treatment_facility", "emergency_room", "began_work_at", "doing_before", "object_substance",
]


def _clean_person(incident: Incident, p: InvolvedPerson) -> None:
    errors = {}
    if p.role == PersonRole.EMPLOYEE and not p.person_id and not p.name:
        errors["person"] = _("Choose the employee from the register, or type the name.")
    if p.role != PersonRole.EMPLOYEE and not p.name and not p.person_id:
        errors["name"] = _("Type the name of the contractor or visitor.")
    unknown = [code for code in p.treatments or [] if code not in FirstAid.values]
    if unknown:
        errors["treatments"] = _("Not on the first-aid list: %(codes)s.") % {"codes": ", ".join(map(str, unknown))}
    if p.privacy_reason and not standards.privacy_reason_valid(p.privacy_reason, is_illness=p.is_illness):
        errors["privacy_reason"] = _("At the employee's request only an illness may be a privacy case.")
    if p.date_of_death and p.date_of_death < timezone.localtime(incident.occurred_at).date():
        errors["date_of_death"] = _("The date of death is before the incident.")
    if p.date_of_death and p.outcome != Outcome.FATAL:
        errors["outcome"] = _("A date of death is given: the outcome is fatal.")
    if p.outcome == Outcome.UNHURT and (p.days_away or p.restricted_days):
        errors["outcome"] = _("Days away or restricted are given: the person was hurt.")
    if errors:
        raise ValidationError(errors)


def snapshot_from_register(p: InvolvedPerson, incident: Incident) -> None:
    """Age, tenure and position at the time of the incident, from the register, unless typed."""
    if not p.person_id:
        return
    on = timezone.localtime(incident.occurred_at).date()
    reg = p.person
    if p.position_id is None:
        p.position_id = reg.position_id
    if not p.job_title and reg.position_id:
        p.job_title = reg.position.name
    if p.age is None and reg.birth_date:
        p.age = on.year - reg.birth_date.year - ((on.month, on.day) < (reg.birth_date.month, reg.birth_date.day))
    if p.tenure_months is None and reg.hire_date and reg.hire_date <= on:
        p.tenure_months = (on.year - reg.hire_date.year) * 12 + on.month - reg.hire_date.month


@transaction.atomic
def person_save(*, incident: Incident, acting_user, data: dict, involved: InvolvedPerson | None = None,
                expected_version: int | None = None) -> InvolvedPerson:
    incident = record_lock(incident, expected_version, related=("unit",))
    _check(acting_user, "edit", incident)
    p = involved or InvolvedPerson(incident=incident)
    for name, value in data.items():
        if name in PERSON_FIELDS:
            setattr(p, name, value)
    if p.person_id and not p.name:
        p.name = ""
    snapshot_from_register(p, incident)
    _clean_person(incident, p)
    p.full_clean(exclude=["incident"])
    p._history_user = acting_user
    p.save()
    record_step_save(incident, acting_user, gettext_noop("person involved recorded"))
    refresh_figures(incident)
    return p


@transaction.atomic
def person_remove(*, incident: Incident, acting_user, involved: InvolvedPerson) -> None:
    incident = record_lock(incident, None)
    _check(acting_user, "edit", incident)
    involved._history_user = acting_user
    involved.delete()
    record_step_save(incident, acting_user, gettext_noop("person involved removed"))
    refresh_figures(incident)


def _facts(p: InvolvedPerson) -> standards.CaseFacts:
    return standards.CaseFacts(
        work_related=p.work_related, new_case=p.new_case, death=p.outcome == Outcome.FATAL,
        days_away=p.days_away, restricted_days=p.restricted_days, treatments=tuple(p.treatments or ()),
        other_medical_treatment=p.medical_treatment, loss_of_consciousness=p.loss_of_consciousness,
        significant_diagnosis=p.significant_diagnosis, contaminated_sharps=p.contaminated_sharps,
    )


def person_figures(p: InvolvedPerson, incident: Incident) -> None:
    fatal = p.outcome == Outcome.FATAL
    disability = p.outcome == Outcome.PERMANENT_DISABILITY
    p.lost_workdays = standards.charged_days(p.days_away, fatal_or_total_disability=fatal or disability)
    # Permanent total disability is charged 6000 days but the person lives: a serious injury, not a death.
    p.injury_class = InjuryClass.SERIOUS if disability else (standards.injury_class(p.days_away, fatal=fatal) or "")
    died = fatal and (p.date_of_death is None or standards.death_counts(
        timezone.localtime(incident.occurred_at).date(), p.date_of_death, traffic_or_fire=incident.traffic_or_fire))
    p.stat_class = standards.stat_report_class(p.days_away, died=died) or ""
    facts = _facts(p)
    decision = standards.recordability(facts)
    p.recordable = decision.recordable
    p.recordability_reason = decision.code
    p.osha_column = standards.osha_column(facts) or ""
    p.osha_days_away, p.osha_restricted_days = standards.osha_days(facts) if p.recordable else (0, 0)
    p.on_osha_log = p.recordable and (p.role == PersonRole.EMPLOYEE or p.daily_supervised)


COMPUTED_PERSON_FIELDS = ["lost_workdays", "injury_class", "stat_class", "recordable", "recordability_reason",
                          "osha_column", "osha_days_away", "osha_restricted_days", "on_osha_log"]
COMPUTED_INCIDENT_FIELDS = ["deaths", "serious_injuries", "minor_injuries", "recordable_cases", "grade",
                            "supplementary_due", "supplementary_reported_at"]


def incident_totals(incident: Incident, people: list[InvolvedPerson]) -> None:
    """The incident's own figures from its people's (already computed): casualties by GB 6441 class, OSHA
    recordable cases and the Decree 493 grade. The one place they are summed — the page, the import, the API
    and the rates all read these columns."""
    incident.deaths = sum(p.injury_class == InjuryClass.FATAL for p in people)
    incident.serious_injuries = sum(p.injury_class == InjuryClass.SERIOUS for p in people)
    incident.minor_injuries = sum(p.injury_class == InjuryClass.MINOR for p in people)
    incident.recordable_cases = sum(p.on_osha_log for p in people)
    casualties = incident.deaths + incident.serious_injuries + incident.minor_injuries
    incident.grade = (standards.accident_grade(incident.deaths, incident.serious_injuries, incident.direct_loss)
                      if casualties or incident.direct_loss else "")


def refresh_figures(incident: Incident) -> Incident:
    """Derive every computed figure from the facts: per person, then for the incident (no history row: these
    follow from the facts, whose own changes are in the history)."""
    people = list(incident.people.all())
    for p in people:
        person_figures(p, incident)
    if people:
        InvolvedPerson.objects.bulk_update(people, COMPUTED_PERSON_FIELDS)
    before = (incident.deaths, incident.serious_injuries)
    incident_totals(incident, people)
    if incident.authority_reported_at and before != (incident.deaths, incident.serious_injuries) \
            and timezone.now() <= supplementary_window_end(incident):
        # Casualties changed within the window after the report: Decree 493 Art. 13 asks for a supplementary one.
        incident.supplementary_due, incident.supplementary_reported_at = True, None
    Incident.objects.filter(pk=incident.pk).update(**{f: getattr(incident, f) for f in COMPUTED_INCIDENT_FIELDS})
    return incident


def supplementary_window_end(incident: Incident) -> datetime.datetime:
    days = standards.supplementary_window_days(traffic_or_fire=incident.traffic_or_fire)
    return incident.occurred_at + datetime.timedelta(days=days)


def needs_authority_report(incident: Incident) -> bool:
    """A production-safety accident (casualties or direct economic loss) is reported to the authority."""
    return bool(incident.deaths or incident.serious_injuries or incident.minor_injuries or incident.direct_loss)


@transaction.atomic
def authority_reported(*, incident: Incident, acting_user, at: datetime.datetime,
                       expected_version: int | None = None) -> Incident:
    incident = record_lock(incident, expected_version)
    _check(acting_user, "edit", incident, open_only=False)
    if at < incident.occurred_at or at > timezone.now() + datetime.timedelta(minutes=5):
        raise ValidationError({"at": _("The report time must be after the incident and not in the future.")})
    incident.authority_reported_at = at
    return record_step_save(incident, acting_user, gettext_noop("reported to the authority"))


@transaction.atomic
def supplementary_reported(*, incident: Incident, acting_user, expected_version: int | None = None) -> Incident:
    incident = record_lock(incident, expected_version)
    _check(acting_user, "edit", incident, open_only=False)
    if not incident.supplementary_due:
        raise ValidationError(_("No supplementary report is due."))
    incident.supplementary_due, incident.supplementary_reported_at = False, timezone.now()
    return record_step_save(incident, acting_user, gettext_noop("supplementary report made"))


@dataclass(frozen=True)
class Warning:
    level: str  # "danger" or "warning" or "info"
    text: str


def warnings(incident: Incident, now: datetime.datetime | None = None, people=None) -> list[Warning]:
    """What is late or due under the reporting rules (Decree 493 Arts. 9 and 13; OSHA 1904.39 and 301)."""
    if incident.external_ref:
        return []  # an imported historical record: its deadlines passed long ago, elsewhere
    now = now or timezone.now()
    result = []
    if needs_authority_report(incident) and not incident.authority_reported_at:
        deadline = standards.gov_report_deadline(incident.occurred_at)
        if now > deadline:
            result.append(Warning("danger", _("Not reported to the authority: the unit head must report within one "
                                              "hour (by %(deadline)s).")
                                  % {"deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")}))
        else:
            result.append(Warning("warning", _("Report to the authority by %(deadline)s.")
                                  % {"deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")}))
    if incident.supplementary_due:
        result.append(Warning("danger", _("The casualties changed after the report to the authority: a "
                                          "supplementary report is due (window: %(days)s days).")
                              % {"days": standards.supplementary_window_days(
                                  traffic_or_fire=incident.traffic_or_fire)}))
    people = incident.people.all() if people is None else people
    serious_osha = [p for p in people if p.on_osha_log and standards.osha_report_hours(
        fatal=p.outcome == Outcome.FATAL, hospitalized=p.hospitalized, amputation=p.amputation,
        eye_loss=p.eye_loss)]
    for p in serious_osha:
        hours = standards.osha_report_hours(fatal=p.outcome == Outcome.FATAL, hospitalized=p.hospitalized,
                                            amputation=p.amputation, eye_loss=p.eye_loss)
        result.append(Warning("info", _("OSHA: report this case (%(who)s) within %(hours)s hours of learning of it.")
                              % {"who": p.display_name, "hours": hours}))
    return result


#
# Investigation
#


@transaction.atomic
def investigation_start(*, incident: Incident, acting_user, lead=None, team=(),
                        expected_version: int | None = None) -> Incident:
    incident = record_lock(incident, expected_version, related=("unit",))
    _check(acting_user, "edit", incident)
    if incident.state != IncidentState.REPORTED:
        raise ValidationError(_("The investigation has already started."))
    incident.state = IncidentState.INVESTIGATING
    incident.investigation_started_at = timezone.now()
    if lead is not None:
        incident.investigation_lead = lead
    record_step_save(incident, acting_user, gettext_noop("investigation started"))
    if team:
        incident.investigation_team.set(team)
    return incident


def _investigating(user, incident: Incident, expected_version: int | None = None) -> Incident:
    incident = record_lock(incident, expected_version, related=("unit",))
    _check(user, "edit", incident)
    if incident.state != IncidentState.INVESTIGATING:
        raise ValidationError(_("Start the investigation first."))
    return incident


@transaction.atomic
def timeline_add(*, incident: Incident, acting_user, at: datetime.datetime, text: str) -> TimelineEntry:
    incident = _investigating(acting_user, incident)
    _required({"at": at, "text": (text or "").strip()})
    entry = TimelineEntry(incident=incident, at=at, text=text.strip(), added_by=acting_user)
    entry.full_clean()
    entry.save()
    return entry


@transaction.atomic
def cause_add(*, incident: Incident, acting_user, level: str, factor: str, cause_type: str,
              description: str) -> Cause:
    incident = _investigating(acting_user, incident)
    cause = Cause(incident=incident, level=level, factor=factor, cause_type=cause_type,
                  description=(description or "").strip(), added_by=acting_user)
    cause.full_clean()
    cause._history_user = acting_user
    cause.save()
    record_step_save(incident, acting_user, gettext_noop("cause recorded"))
    return cause


@transaction.atomic
def cause_remove(*, incident: Incident, acting_user, cause: Cause) -> None:
    incident = _investigating(acting_user, incident)
    _unsign_if_signed(incident, Gate.CAUSE, acting_user)
    cause._history_user = acting_user
    cause.delete()
    record_step_save(incident, acting_user, gettext_noop("cause removed"))


@transaction.atomic
def whys_set(*, incident: Incident, acting_user, answers: list[str]) -> list[WhyStep]:
    """Replace the 5-why chain: answers in order, blanks dropped (at most nine)."""
    incident = _investigating(acting_user, incident)
    answers = [a.strip() for a in answers if a and a.strip()]
    if len(answers) > 9:
        raise ValidationError({"answers": _("At most nine whys.")})
    incident.whys.all().delete()
    steps = [WhyStep(incident=incident, number=i, answer=a[:500]) for i, a in enumerate(answers, start=1)]
    WhyStep.objects.bulk_create(steps)
    record_step_save(incident, acting_user, gettext_noop("5-why chain recorded"))
    return steps


@transaction.atomic
def finding_add(*, incident: Incident, acting_user, responsibility: str, kind: str, decided_on: datetime.date,
                person=None, name: str = "", note: str = "") -> Finding:
    incident = _investigating(acting_user, incident)
    if not person and not (name or "").strip():
        raise ValidationError({"person": _("Choose the person from the register, or type the name.")})
    finding = Finding(incident=incident, person=person, name=(name or "").strip(),
                      responsibility=(responsibility or "").strip(), kind=kind, decided_on=decided_on,
                      note=(note or "").strip(), added_by=acting_user)
    finding.full_clean()
    finding._history_user = acting_user
    finding.save()
    record_step_save(incident, acting_user, gettext_noop("responsibility finding recorded"))
    return finding


@transaction.atomic
def finding_remove(*, incident: Incident, acting_user, finding: Finding) -> None:
    incident = _investigating(acting_user, incident)
    _unsign_if_signed(incident, Gate.ACCOUNTABILITY, acting_user)
    finding._history_user = acting_user
    finding.delete()
    record_step_save(incident, acting_user, gettext_noop("responsibility finding removed"))


@transaction.atomic
def files_add(*, incident: Incident, acting_user, files, kind: str = FileKind.EVIDENCE,
              description: str = "") -> list[IncidentFile]:
    """Evidence files (core.uploads.file_clean): photos re-encoded, documents checked by content, all renamed.
    Every file is checked before any is stored, so a refused batch leaves nothing behind on disk either."""
    incident = record_lock(incident, None, related=("unit",))
    _check(acting_user, "edit", incident)
    files = [f for f in files or [] if f]
    if not files:
        raise ValidationError({"files": _("Choose at least one file.")})
    if len(files) + incident.files.count() > MAX_FILES * 3:
        raise ValidationError({"files": _("This incident already has the most files it can hold.")})
    if len(files) > MAX_FILES:
        raise ValidationError({"files": _("At most %(n)s files at a time.") % {"n": MAX_FILES}})
    cleaned = [file_clean(upload, field="files") for upload in files]
    stored = [IncidentFile.objects.create(incident=incident, kind=kind, file=clean.file,
                                          original_name=clean.original_name[:200], description=description[:200],
                                          uploaded_by=acting_user) for clean in cleaned]
    record_step_save(incident, acting_user, gettext_noop("files added"))
    return stored


@transaction.atomic
def lesson_session_add(*, incident: Incident, acting_user, held_on: datetime.date, attendees: int,
                       topic: str) -> LessonSession:
    incident = _investigating(acting_user, incident)
    if held_on and held_on > timezone.localdate():
        raise ValidationError({"held_on": _("The session cannot be in the future.")})
    session = LessonSession(incident=incident, held_on=held_on, attendees=attendees, topic=(topic or "").strip(),
                            added_by=acting_user)
    session.full_clean()
    session.save()
    record_step_save(incident, acting_user, gettext_noop("lessons session recorded"))
    return session


def unit_staff_users(incident: Incident):
    """The logins of the active people of the incident's unit and the units under it: who should read the lesson."""
    from django.contrib.auth import get_user_model

    from zeroharm.core.scoping import subtree_unit_ids
    from zeroharm.org.choices import PersonStatus

    return get_user_model().objects.filter(
        is_active=True, person__status=PersonStatus.ACTIVE, person__is_archived=False,
        person__unit__in=subtree_unit_ids(incident.unit.path))


def may_acknowledge(user, incident: Incident) -> bool:
    return (incident.state == IncidentState.INVESTIGATING and bool(incident.lessons_learned.strip())
            and unit_staff_users(incident).filter(pk=user.pk).exists())


@transaction.atomic
def lessons_share(*, incident: Incident, acting_user, expected_version: int | None = None) -> int:
    """Send the written lessons to every member of the unit's staff, who read and acknowledge them (the
    education gate). Returns how many were told; each is told once, however often this is done."""
    from zeroharm.notifications.services import notify

    incident = _investigating(acting_user, incident, expected_version)
    if not incident.lessons_learned.strip():
        raise ValidationError(_("Write the lessons learned first (complete the record)."))
    told = incident.acknowledgements.values("user_id")
    staff = [u for u in unit_staff_users(incident).exclude(pk__in=told) if u.pk != acting_user.pk]
    if staff:
        notify(recipients=staff, event="incidents.lessons",
               title=(gettext_noop("Lessons of an incident in %(unit)s: please read them"),
                      {"unit": incident.unit.name}),
               body=incident.lessons_learned[:500], url=reverse("incidents:lesson", args=[incident.pk]))
    incident.lessons_shared_at = timezone.now()
    record_step_save(incident, acting_user, gettext_noop("lessons sent to the staff"))
    return len(staff)


@transaction.atomic
def lesson_acknowledge(*, incident: Incident, acting_user) -> LessonAcknowledgement:
    if not may_acknowledge(acting_user, incident):
        raise PermissionDenied(_("Only the staff of the unit acknowledge its lessons, once they are written."))
    ack, _created = LessonAcknowledgement.objects.get_or_create(incident=incident, user=acting_user)
    return ack


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


def gate_checks(incident: Incident, causes=None) -> list[GateCheck]:
    """Each gate with whether its facts hold now and why not (the confirmation is a separate, human step)."""
    signs = {s.gate: s for s in incident.gates.select_related("signed_by")}
    causes = list(incident.causes.all()) if causes is None else causes
    checks = []
    problems = []
    if not any(c.level in (CauseLevel.DIRECT, CauseLevel.ROOT) for c in causes):
        problems.append(_("Record at least one direct cause and one root cause."))
    elif not any(c.level == CauseLevel.ROOT for c in causes):
        problems.append(_("No root cause is recorded."))
    checks.append(GateCheck(Gate.CAUSE, Gate.CAUSE.label, not problems, problems))

    problems = [] if incident.findings.exists() else [_("Record who was responsible and how it was dealt with "
                                                       "(a finding of no penalty counts).")]
    checks.append(GateCheck(Gate.ACCOUNTABILITY, Gate.ACCOUNTABILITY.label, not problems, problems))

    actions = [a for a in actions_for(incident) if a.status != ActionStatus.CANCELLED]
    problems = []
    if not actions:
        problems.append(_("Raise at least one corrective or preventive action."))
    unverified = [a for a in actions if a.status != ActionStatus.VERIFIED]
    if unverified:
        problems.append(_("%(n)s of %(total)s actions are not yet verified effective by a second person.")
                        % {"n": len(unverified), "total": len(actions)})
    checks.append(GateCheck(Gate.MEASURES, Gate.MEASURES.label, not problems, problems))

    problems = []
    if not incident.lesson_sessions.exists():
        staff = unit_staff_users(incident).count()
        acknowledged = incident.acknowledgements.filter(user__in=unit_staff_users(incident)).count()
        if not incident.lessons_learned.strip():
            problems.append(_("Write the lessons learned."))
        if staff == 0 or acknowledged < staff:
            problems.append(_("Hold a lessons session, or have every member of the unit's staff acknowledge the "
                              "lesson (%(done)s of %(staff)s so far).") % {"done": acknowledged, "staff": staff})
    checks.append(GateCheck(Gate.EDUCATION, Gate.EDUCATION.label, not problems, problems))
    for check in checks:
        check.sign = signs.get(check.gate)
    return checks


@transaction.atomic
def gate_sign(*, incident: Incident, acting_user, gate: str, evidence: str) -> GateSign:
    incident = record_lock(incident, None, related=("unit",))
    _check(acting_user, "gate", incident)
    if incident.state != IncidentState.INVESTIGATING:
        raise ValidationError(_("Gates are confirmed during the investigation."))
    if gate not in Gate.values:
        raise ValidationError({"gate": _("Choose a gate.")})
    _required({"evidence": (evidence or "").strip()})
    check = next(c for c in gate_checks(incident) if c.gate == gate)
    if not check.holds:
        raise ValidationError({"gate": " ".join(str(p) for p in check.problems)})
    sign, _created = GateSign.objects.update_or_create(
        incident=incident, gate=gate,
        defaults={"evidence": evidence.strip(), "signed_by": acting_user, "signed_at": timezone.now()})
    record_step_save(incident, acting_user, gettext_noop("closure gate confirmed"))
    return sign


def _unsign_if_signed(incident: Incident, gate: str, acting_user) -> None:
    signs = list(incident.gates.filter(gate=gate))
    for sign in signs:
        sign._history_user = acting_user
        sign.delete()


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
    failing = [c for c in gate_checks(incident) if not c.passed]
    if failing:
        raise ValidationError(_("It cannot be closed until all four gates hold. Still open: %(gates)s.")
                              % {"gates": ", ".join(str(c.label) for c in failing)})
    incident.state = IncidentState.CLOSED
    incident.closed_at, incident.closed_by = timezone.now(), acting_user
    return record_step_save(incident, acting_user, gettext_noop("closed"))


def _tell_unit(incident: Incident, title: str, exclude=None) -> None:
    from zeroharm.notifications.services import notify

    user = incident.unit.principal_user
    if user and user != exclude:
        notify(recipients=[user], event="incidents.reported",
               title=(title, {"unit": incident.unit.name, "text": incident.description[:80]}),
               body=incident.description, url=incident.get_absolute_url())



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
    causes = "\n".join(f"{c.get_level_display()} · {c.get_factor_display()}: {c.description}"
                       for c in incident.causes.all())
    measures = "\n".join(a.title for a in actions_for(incident) if a.status == ActionStatus.VERIFIED)
    return {
        "title": _scrub(incident.description.splitlines()[0][:120], names, unit),
        "category": incident.category, "kind": incident.kind,
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
        raise ValidationError(_("The text still names %(names)s: replace them before publishing.")
                              % {"names": ", ".join(leaked)})
    on = timezone.localtime(incident.occurred_at).date().replace(day=1)
    case = CaseStudy(incident=incident, occurred_on=on, unit_kind=incident.unit.kind, published_by=acting_user,
                     **{f: data.get(f, "") for f in ("title", "category", "kind", "summary", "causes", "lessons",
                                                     "measures")})
    case.full_clean()
    case._history_user = acting_user
    case.save()
    return case
