"""The people involved and the figures computed from them (classes, lost days, recordability, grade)."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.services import record_clean, record_lock, record_step_save
from zeroharm.incidents import standards
from zeroharm.incidents.choices import (
    FirstAid,
    InjuryClass,
    Outcome,
    PersonRole,
)
from zeroharm.incidents.models import (
    Incident,
    InvolvedPerson,
)
from zeroharm.incidents.services.common import _check

#
# People involved and the computed figures
#


PERSON_FIELDS = [
    "role",
    "person",
    "name",
    "job_title",
    "position",
    "age",
    "tenure_months",
    "daily_supervised",
    "outcome",
    "nature",
    "body_part",
    "injury_text",
    "is_illness",
    "case_type",
    "work_related",
    "new_case",
    "days_away",
    "restricted_days",
    "treatments",
    "medical_treatment",
    "loss_of_consciousness",
    "significant_diagnosis",
    "contaminated_sharps",
    "hospitalized",
    "amputation",
    "eye_loss",
    "date_of_death",
    "privacy_reason",
    "physician",
    "treatment_facility",
    "emergency_room",
    "began_work_at",
    "doing_before",
    "object_substance",
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
def person_save(
    *,
    incident: Incident,
    acting_user,
    data: dict,
    involved: InvolvedPerson | None = None,
    expected_version: int | None = None,
) -> InvolvedPerson:
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
    record_clean(p, exclude=("incident",))
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
        work_related=p.work_related,
        new_case=p.new_case,
        death=p.outcome == Outcome.FATAL,
        days_away=p.days_away,
        restricted_days=p.restricted_days,
        treatments=tuple(p.treatments or ()),
        other_medical_treatment=p.medical_treatment,
        loss_of_consciousness=p.loss_of_consciousness,
        significant_diagnosis=p.significant_diagnosis,
        contaminated_sharps=p.contaminated_sharps,
    )


def person_figures(p: InvolvedPerson, incident: Incident) -> None:
    fatal = p.outcome == Outcome.FATAL
    disability = p.outcome == Outcome.PERMANENT_DISABILITY
    p.lost_workdays = standards.charged_days(p.days_away, fatal_or_total_disability=fatal or disability)
    # Permanent total disability is charged 6000 days but the person lives: a serious injury, not a death.
    p.injury_class = InjuryClass.SERIOUS if disability else (standards.injury_class(p.days_away, fatal=fatal) or "")
    died = fatal and (
        p.date_of_death is None
        or standards.death_counts(
            timezone.localtime(incident.occurred_at).date(), p.date_of_death, traffic_or_fire=incident.traffic_or_fire
        )
    )
    p.stat_class = standards.stat_report_class(p.days_away, died=died) or ""
    facts = _facts(p)
    decision = standards.recordability(facts)
    p.recordable = decision.recordable
    p.recordability_reason = decision.code
    p.osha_column = standards.osha_column(facts) or ""
    p.osha_days_away, p.osha_restricted_days = standards.osha_days(facts) if p.recordable else (0, 0)
    p.on_osha_log = p.recordable and (p.role == PersonRole.EMPLOYEE or p.daily_supervised)


COMPUTED_PERSON_FIELDS = [
    "lost_workdays",
    "injury_class",
    "stat_class",
    "recordable",
    "recordability_reason",
    "osha_column",
    "osha_days_away",
    "osha_restricted_days",
    "on_osha_log",
]
COMPUTED_INCIDENT_FIELDS = [
    "deaths",
    "serious_injuries",
    "minor_injuries",
    "recordable_cases",
    "grade",
    "supplementary_due",
    "supplementary_reported_at",
]


def incident_totals(incident: Incident, people: list[InvolvedPerson]) -> None:
    """The incident's own figures from its people's (already computed): casualties by GB 6441 class, OSHA
    recordable cases and the Decree 493 grade. The one place they are summed — the page, the import, the API
    and the rates all read these columns."""
    incident.deaths = sum(p.injury_class == InjuryClass.FATAL for p in people)
    incident.serious_injuries = sum(p.injury_class == InjuryClass.SERIOUS for p in people)
    incident.minor_injuries = sum(p.injury_class == InjuryClass.MINOR for p in people)
    incident.recordable_cases = sum(p.on_osha_log for p in people)
    casualties = incident.deaths + incident.serious_injuries + incident.minor_injuries
    incident.grade = (
        standards.accident_grade(incident.deaths, incident.serious_injuries, incident.direct_loss)
        if casualties or incident.direct_loss
        else ""
    )


def refresh_figures(incident: Incident) -> Incident:
    """Derive every computed figure from the facts: per person, then for the incident (no history row: these
    follow from the facts, whose own changes are in the history)."""
    people = list(incident.people.all())
    changed = []
    for p in people:
        before = [getattr(p, f) for f in COMPUTED_PERSON_FIELDS]
        person_figures(p, incident)
        if [getattr(p, f) for f in COMPUTED_PERSON_FIELDS] != before:
            changed.append(p)  # most changes to an incident leave its people's figures as they were
    if changed:
        InvolvedPerson.objects.bulk_update(changed, COMPUTED_PERSON_FIELDS)
    before = (incident.deaths, incident.serious_injuries)
    incident_totals(incident, people)
    if (
        incident.authority_reported_at
        and before != (incident.deaths, incident.serious_injuries)
        and timezone.now() <= supplementary_window_end(incident)
    ):
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
