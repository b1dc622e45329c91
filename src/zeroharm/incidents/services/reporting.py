"""Reporting an incident, completing it, and the report to the authority with its supplementary report."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from zeroharm.core.events import publish
from zeroharm.core.roles import Action
from zeroharm.core.scoping import can, units_for
from zeroharm.core.services import record_clean, record_lock, record_step_save
from zeroharm.core.uploads import photos_clean
from zeroharm.incidents import standards
from zeroharm.incidents.choices import (
    Outcome,
)
from zeroharm.incidents.models import (
    FileKind,
    Incident,
    IncidentFile,
)
from zeroharm.incidents.selectors import category_suggestions
from zeroharm.incidents.services.common import _check, _check_occurred, _required, _tell_unit, shift_for
from zeroharm.incidents.services.figures import needs_authority_report, refresh_figures

#
# Report and complete
#


@transaction.atomic
def incident_report(
    *, acting_user, kind: str, unit, occurred_at: datetime.datetime, description: str, location: str = "", photos=()
) -> Incident:
    """The phone report: four required fields plus photos. Anyone who may add safety records in the unit."""
    _required({"kind": kind, "unit": unit, "occurred_at": occurred_at, "description": (description or "").strip()})
    _check_occurred(occurred_at)
    if not units_for(acting_user, Incident.scope_area, Action.ADD).filter(pk=unit.pk).exists():
        raise PermissionDenied(_("You may not report incidents in %(unit)s.") % {"unit": unit.name})
    checked = photos_clean(photos, field="photos")
    incident = Incident(
        kind=kind,
        unit=unit,
        occurred_at=occurred_at,
        description=description.strip(),
        location=(location or "").strip(),
        reported_by=acting_user,
        shift=shift_for(occurred_at),
    )
    record_clean(incident)
    incident._history_user = acting_user
    incident._change_reason = gettext_noop("reported")
    incident.save()
    for photo in checked:
        IncidentFile.objects.create(
            incident=incident,
            kind=FileKind.PHOTO,
            file=photo.file,
            original_name=photo.original_name[:200],
            uploaded_by=acting_user,
        )
    refresh_figures(incident)
    _tell_unit(incident, gettext_noop("Incident reported in %(unit)s: %(text)s"), exclude=acting_user)
    incidents_changed([incident.pk])
    return incident


@transaction.atomic
def incident_update(
    *, incident: Incident, acting_user, data: dict, expected_version: int | None, team=None
) -> Incident:
    """Complete or correct the record. The shift follows the time unless it was chosen."""
    incident = record_lock(incident, expected_version, related=("unit",))
    _check(acting_user, "edit", incident)
    old_unit, old_category = incident.unit_id, incident.category
    for name, value in data.items():
        setattr(incident, name, value)
    _check_occurred(incident.occurred_at)
    if incident.category and not old_category and not incident.suggested_category:
        _keep_suggestion(incident)
    if not incident.shift and not incident.time_unknown:
        incident.shift = shift_for(incident.occurred_at)
    record_step_save(incident, acting_user, gettext_noop("record completed"), clean=True)
    if team is not None:
        incident.investigation_team.set(team)
    if incident.unit_id != old_unit and not can(acting_user, Action.CHANGE, incident):
        raise PermissionDenied(_("You may not move an incident to a unit outside your scope."))
    refresh_figures(incident)
    incidents_changed([incident.pk])
    return incident


def _keep_suggestion(incident: Incident) -> None:
    """A person classified the incident for the first time: keep what the analysis suggested (its first choice,
    whether it was sure or not), so that a different choice counts as a correction for the next model."""
    suggestions = category_suggestions(incident)
    if suggestions:
        incident.suggested_category = suggestions[0][0]


def incidents_changed(incident_ids: list[int]) -> None:
    """Tell whoever listens (the narrative index) once the write is committed: never for a rolled-back one, and once
    per transaction however many incidents it changed (the demo's build is one transaction of 1,900 changes)."""
    pending = _pending_changes()
    if pending is None:
        pending = _Changed()
        pending.ids.update(dict.fromkeys(incident_ids))
        transaction.on_commit(pending)  # outside a transaction: at once
    else:
        pending.ids.update(dict.fromkeys(incident_ids))


class _Changed:
    """The publication of the incidents one transaction changed, run by its commit."""

    def __init__(self):
        self.ids: dict[int, None] = {}  # in order, once each
        self.published = False  # (a test runs the commit's callbacks without committing: they stay queued)

    def __call__(self):
        self.published = True
        publish("incidents.changed", incident_ids=list(self.ids))


def _pending_changes() -> _Changed | None:
    """The publication this transaction has queued already. Django drops a callback with the savepoint that
    queued it; one queued further out keeps the ids of a rolled-back savepoint (the listener refreshes the whole
    index, so at worst it refreshes once for nothing)."""
    for _savepoints, callback, _robust in transaction.get_connection().run_on_commit:
        if isinstance(callback, _Changed) and not callback.published:
            return callback
    return None


@transaction.atomic
def authority_reported(
    *, incident: Incident, acting_user, at: datetime.datetime, expected_version: int | None = None
) -> Incident:
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
            result.append(
                Warning(
                    "danger",
                    _("Not reported to the authority: the unit head must report within one hour (by %(deadline)s).")
                    % {"deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")},
                )
            )
        else:
            result.append(
                Warning(
                    "warning",
                    _("Report to the authority by %(deadline)s.")
                    % {"deadline": timezone.localtime(deadline).strftime("%Y-%m-%d %H:%M")},
                )
            )
    if incident.supplementary_due:
        result.append(
            Warning(
                "danger",
                _(
                    "The casualties changed after the report to the authority: a "
                    "supplementary report is due (window: %(days)s days)."
                )
                % {"days": standards.supplementary_window_days(traffic_or_fire=incident.traffic_or_fire)},
            )
        )
    people = incident.people.all() if people is None else people
    serious_osha = [
        p
        for p in people
        if p.on_osha_log
        and standards.osha_report_hours(
            fatal=p.outcome == Outcome.FATAL, hospitalized=p.hospitalized, amputation=p.amputation, eye_loss=p.eye_loss
        )
    ]
    for p in serious_osha:
        hours = standards.osha_report_hours(
            fatal=p.outcome == Outcome.FATAL, hospitalized=p.hospitalized, amputation=p.amputation, eye_loss=p.eye_loss
        )
        result.append(
            Warning(
                "info",
                _("OSHA: report this case (%(who)s) within %(hours)s hours of learning of it.")
                % {"who": p.display_name, "hours": hours},
            )
        )
    return result
