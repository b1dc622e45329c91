"""The responsibility area's menu entries and its reminder scan (core.registry)."""

from django.utils.translation import gettext_lazy as _

from zeroharm.core.evidence import EvidenceKind, register_evidence_kind
from zeroharm.core.registry import (
    EVERYONE,
    STAFF,
    GlanceFigure,
    NavItem,
    register_glance,
    register_nav,
    register_scan,
    register_signed_record,
)
from zeroharm.core.roles import Audience
from zeroharm.core.wording import labelled

for _section, _label, _url, _order, _audiences in (
    ("mine", _("My responsibilities"), "responsibility:mine", 62, frozenset({Audience.FRONT_LINE})),
    ("responsibility", _("My responsibilities"), "responsibility:mine", 10, EVERYONE),
    ("responsibility", _("Responsibility lists"), "responsibility:dutylist_list", 20, STAFF),
    ("responsibility", _("Responsibility coverage"), "responsibility:coverage", 30, STAFF),
    ("responsibility", _("Deputies in charge of safety"), "responsibility:roleholder_list", 40, STAFF),
    ("responsibility", _("Agreement templates"), "responsibility:agreementtemplate_list", 45, STAFF),
    ("responsibility", _("Responsibility agreements"), "responsibility:agreement_list", 50, STAFF),
    ("responsibility", _("Agreement cascade"), "responsibility:cascade", 60, STAFF),
    ("responsibility", _("Assessments"), "responsibility:assessment_board", 70, STAFF),
    ("responsibility", _("First leader's view"), "responsibility:leader", 15, STAFF),
):
    register_nav(_section, NavItem(_label, _url, "responsibility", order=_order, audiences=_audiences))


@register_scan("responsibility.acknowledgements")
def acknowledgement_reminder_scan() -> str:
    from django.utils import timezone

    from zeroharm.responsibility.scans import acknowledgement_reminders

    return acknowledgement_reminders(now=timezone.now())


def _version_now(version, signature):
    """What an approver and each holder sign: the list, the version and every duty (as the service signs it)."""
    from zeroharm.responsibility.services.lists import version_content

    return version_content(version)


register_signed_record("responsibility.DutyListVersion", _version_now)


@register_scan("responsibility.agreements_overdue")
def agreement_overdue_scan() -> str:
    from django.utils import timezone

    from zeroharm.responsibility.scans_agreements import overdue_agreements

    return overdue_agreements(now=timezone.now())


@register_scan("responsibility.agreement_standings")
def agreement_standing_scan() -> str:
    from django.utils import timezone

    from zeroharm.responsibility.scans_standings import agreement_standings

    return agreement_standings(today=timezone.localdate())


@register_glance("state")
def agreements_at_risk(user, today) -> list[GlanceFigure]:
    """This year's agreements whose party B is in the user's scope and whose standing, stored by the nightly scan,
    is at risk or missed, labelled with the day it was computed and linked to the agreement list cut to them. One
    query (a second one, for the units' names, only for a user whose roles reach separate subtrees)."""
    from zeroharm.responsibility.selectors.standings import at_risk_in_scope

    tops = at_risk_in_scope(user, today)
    names = _unit_names([top.unit_id for top in tops]) if len(tops) > 1 else {}
    return [
        GlanceFigure(_at_risk_label(top.as_of, names.get(top.unit_id)), top.count, _at_risk_url(top, today), 50, True)
        for top in tops
    ]


def _unit_names(ids: list[int]) -> dict[int, str]:
    from zeroharm.org.models import OrgUnit

    return dict(OrgUnit.objects.filter(pk__in=ids).values_list("pk", "name"))


def _at_risk_label(as_of, unit_name: str | None) -> str:
    from django.utils.translation import gettext

    if as_of is None:
        label = gettext("Agreements at risk or missed (not computed yet)")
    else:
        label = gettext("Agreements at risk or missed (as of %(day)s)") % {"day": as_of.isoformat()}
    return f"{label} · {unit_name}" if unit_name else label


def _at_risk_url(top, today) -> str:
    from django.utils.http import urlencode

    from zeroharm.core.links import page_url
    from zeroharm.responsibility.choices import AT_RISK_OR_MISSED

    query = [("year", today.year), *(("standing", s.value) for s in AT_RISK_OR_MISSED), ("is_archived", "false")]
    if top.unit_id is not None:
        query.append(("ancestor_id", top.unit_id))
    return f"{page_url('responsibility:agreement_list')}?{urlencode(query)}"


def _agreement_now(agreement, signature):
    """What both parties sign: the parties, the year, the clauses and every target (as the service signs it)."""
    from zeroharm.responsibility.services.agreements import agreement_content

    return agreement_content(agreement)


register_signed_record("responsibility.Agreement", _agreement_now)


def _assessment_text(assessment) -> str:
    """The assessment as cited: the unit, the period, the score that counts and the rank."""
    score = "—" if assessment.final_score is None else f"{assessment.final_score:.1f}"
    rank = f" · {assessment.rank}/{assessment.peers}" if assessment.rank else ""
    vetoed = " · veto" if assessment.vetoed else ""
    return labelled(assessment, f"{score}{rank}{vetoed}")


# An agreement's assessment is evidence for a reward (a unit ranked first) or a penalty (a veto target missed).
register_evidence_kind(
    EvidenceKind(
        key="responsibility.assessment",
        dated="computed_at__date",
        model_label="responsibility.Assessment",
        label=_("Agreement assessment"),
        describe=_assessment_text,
        order_by=("-ends_on", "rank", "-id"),
        # Its text names party B: the team member when there is one (an agreement at the post level), else the unit.
        related=("agreement__recipient", "agreement__recipient_person"),
        search=("agreement__recipient__name", "agreement__recipient_person__name", "agreement__title"),
    )
)
