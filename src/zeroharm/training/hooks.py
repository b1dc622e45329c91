"""The training area's menu entries, tasks and scans (core.registry), each under its area's heading."""

import datetime

from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _

from zeroharm.core import events
from zeroharm.core.events import subscribe
from zeroharm.core.evidence import EvidenceKind, register_evidence_kind
from zeroharm.core.indicators import register_indicator
from zeroharm.core.registry import (
    STAFF,
    GlanceFigure,
    NavItem,
    register_glance,
    register_nav,
    register_person_panel,
    register_scan,
    register_signed_record,
)
from zeroharm.core.roles import Action, Audience
from zeroharm.org.models import Person
from zeroharm.training.services import inductions  # (registers its after_credit listener)
from zeroharm.training.views_people import person_clearance_panel

# catalogue and plans
register_nav("people_dev", NavItem(_("Courses"), "training:course_list", "training", order=10))
register_nav(
    "people_dev",
    NavItem(_("Training requirements"), "training:requirement_list", "training", order=12, audiences=STAFF),
)
register_nav(
    "people_dev",
    NavItem(_("Training plans"), "training:plan_list", "training", order=16, audiences=STAFF),
)
register_nav(
    "people_dev",
    NavItem(_("Training matrix"), "training:matrix", "training", order=14, audiences=STAFF),
)
register_nav(
    "people_dev",
    NavItem(_("Training figures"), "training:figures", "training", order=18, audiences=STAFF),
)

# --- people: inductions from what happens to a person, certificates, cleared to work, archives


def _person_stored(sender, instance, raw=False, **kwargs):
    """Remember the unit and position a person had before this save: a change of either is a job change."""
    if raw or instance._state.adding or instance.pk is None:
        return
    instance._training_was = Person.objects.filter(pk=instance.pk).values_list("unit_id", "position_id").first()


def _person_saved(sender, instance, created, raw=False, **kwargs):
    """Every single write of a person (page, API, import row): a hire or a job change opens an induction."""
    if raw:
        return
    user = getattr(instance, "_history_user", None)
    if created:
        inductions.inductions_for_new_people([instance], acting_user=user)
        return
    was = getattr(instance, "_training_was", None)
    if was and instance.status == "active" and was != (instance.unit_id, instance.position_id):
        inductions.person_moved(instance, acting_user=user)
    instance._training_was = (instance.unit_id, instance.position_id)


pre_save.connect(_person_stored, sender=Person, dispatch_uid="training.person_stored")
post_save.connect(_person_saved, sender=Person, dispatch_uid="training.person_saved")
subscribe("org.people_added", inductions.inductions_for_new_people)


def _violation_verified(*, person, day, acting_user):
    from zeroharm.training.services.certificates import violation_counted

    violation_counted(person=person, day=day, acting_user=acting_user)


subscribe("teams.violation_verified", _violation_verified)

register_person_panel(person_clearance_panel)

for _section, _label, _url, _order, _audiences in (
    ("mine", _("My certificates"), "training:certificate_list", 60, frozenset({Audience.FRONT_LINE})),
    ("people_dev", _("Cleared to work"), "training:roster_home", 50, STAFF),
    ("people_dev", _("Inductions"), "training:induction_list", 51, STAFF),
    ("people_dev", _("Certificates"), "training:certificate_list", 52, STAFF),
    ("people_dev", _("Absences"), "training:absence_list", 53, STAFF),
    ("mine", _("My archive"), "training:my_archive", 61, frozenset({Audience.FRONT_LINE})),
):
    register_nav(_section, NavItem(_label, _url, "training", order=_order, audiences=_audiences))


@register_scan("training.certificates")
def certificate_reminder_scan() -> str:
    from django.utils import timezone

    from zeroharm.training.scans_people import certificate_reminders

    return certificate_reminders(today=timezone.localdate())


@register_scan("training.clearance_counts")
def clearance_counts_scan() -> str:
    """Today's cleared-to-work counts and those of the last 24 month ends (the indicators' points), where they no
    longer hold: the home page and the indicators then read them without judging anyone."""
    from django.utils import timezone

    from zeroharm.training.services.clearance_tallies import refresh_counts

    today = timezone.localdate()
    ends, first = [], today.replace(day=1)
    for _n in range(24):
        ends.append(first - datetime.timedelta(days=1))
        first = ends[-1].replace(day=1)
    return refresh_counts(today, ends)


@register_scan("training.uncleared_on_high_risk_posts")
def uncleared_on_high_risk_posts_scan() -> str:
    from django.utils import timezone

    from zeroharm.training.scans_uncleared import uncleared_scan

    return uncleared_scan(today=timezone.localdate())


# --- sessions
register_nav(
    "people_dev",
    NavItem(
        _("Training sessions"),
        "training:session_list",
        "training",
        order=20,
        audiences=frozenset({Audience.UNIT_HEADS, Audience.OFFICE}),
    ),
)
register_nav(
    "mine",
    NavItem(_("My training"), "training:my_training", "training", order=40, audiences=frozenset({Audience.FRONT_LINE})),
)
register_nav("people_dev", NavItem(_("My training"), "training:my_training", "training", order=25))


def _lesson_attendees(incident_id):
    from zeroharm.training.services.lessons import lesson_attendees

    return lesson_attendees(incident_id)


events.answer("training.lesson_attendees", _lesson_attendees)


def _lessons_url(*, kind, pk, user):
    from django.urls import reverse

    from zeroharm.core.roles import Action
    from zeroharm.core.scoping import can_anywhere
    from zeroharm.training.models import TrainingSession

    if not can_anywhere(user, TrainingSession, Action.ADD):
        return None
    return reverse("training:lesson_session", args=[kind, pk])


events.answer("training.lessons_url", _lessons_url)


# --- exams
register_nav("people_dev", NavItem(_("Question banks"), "training:bank_list", "training", order=40, audiences=STAFF))
register_nav("people_dev", NavItem(_("Exams"), "training:exam_list", "training", order=41, audiences=STAFF))
register_nav(
    "mine",
    NavItem(_("My exams"), "training:my_exams", "training", order=41, audiences=frozenset({Audience.FRONT_LINE})),
)


def _archive_now(person, signature):
    """The archive as the unit would sign it today (only the archive's signature is checked here)."""
    from zeroharm.training.selectors.archive import ARCHIVE_MEANING, archive_content, person_archive

    return archive_content(person, person_archive(person)) if signature.meaning == ARCHIVE_MEANING else None


def _archive_visible(user, person) -> bool:
    from zeroharm.training.selectors.people import trainees_visible_to

    return trainees_visible_to(user).filter(pk=person.pk).exists()


# A person's training archive is signed for the unit: its signature's page checks it as the archive's page does.
register_signed_record("org.Person", _archive_now, visible=_archive_visible)


def _coverage(unit, start, end):
    """The training figures page's coverage on `end` (the matrix's totals that day: people meeting every requirement
    ÷ people with one), from the day's kept counts of the whole tree (training.services.clearance_tallies) rather
    than a matrix of the group judged for each month and unit asked."""
    from decimal import ROUND_HALF_UP, Decimal

    from zeroharm.training.services.clearance_tallies import coverage_counts

    required, met = coverage_counts(unit, end)
    if not required:
        return Decimal(0)
    return (Decimal(met) * 100 / required).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# Above this many people the database judges the roster faster than Python does (a team: 15 ms by the roster, 51 ms
# by the statement; a branch of 690: 560 ms against 98 ms; the group of 2,963: 761 ms against 335 ms).
SQL_FROM_PEOPLE = 300


def _cleared_to_work(unit, start, end):
    """Of the subtree's active people on the roster page on `end`, the share cleared to work (one decimal);
    None when nobody is on it. A large subtree reads the kept counts of the day (training.services.clearance_tallies:
    the roster's own rules as one statement for the group, tested against it case by case), a small one is judged
    person by person."""
    from decimal import ROUND_HALF_UP, Decimal

    from zeroharm.training.selectors.clearance import roster, team_people
    from zeroharm.training.services.clearance_tallies import clearance_counts

    people = team_people(unit).order_by()
    total = people.count()
    if not total:
        return None
    if total > SQL_FROM_PEOPLE:
        total, blocked = clearance_counts(unit, end)
        cleared = total - blocked
    else:
        cleared = sum(1 for _person, clearance in roster(unit, end) if clearance.cleared)
    return (Decimal(cleared) * 100 / total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _figures_page(unit, start, end):
    from django.utils.http import urlencode

    from zeroharm.core.links import page_url

    return f"{page_url('training:figures')}?{urlencode({'unit': unit.pk, 'year': end.year})}"


def _roster_page(unit, start, end):
    from django.urls import reverse

    return f"{reverse('training:roster', args=[unit.pk])}?day={end.isoformat()}"


register_indicator(
    "training.coverage", _("Training coverage (%)"), "percent", "higher", _coverage, _figures_page, kind="leading"
)
register_indicator(
    "training.cleared_to_work",
    _("Cleared to work (%)"),
    "percent",
    "higher",
    _cleared_to_work,
    _roster_page,
    kind="leading",
)


EXPIRING_DAYS = 30  # the home page's horizon for certificates due for review or expiry


@register_glance("state")
def certificates_expiring(user, today) -> list[GlanceFigure]:
    """Certificates in the user's scope due for review or expiring in the next 30 days (the list's "within" filter):
    time to book the refresher before someone works without one. One query. Certificates are not a counted model of
    core.cache (a write would make every user's kept menus and forms be drawn again): the figure turns with the day
    and is at most core.cache.TIMEOUT (5 minutes) behind a certificate written."""
    from django.db.models import Q
    from django.urls import reverse

    from zeroharm.training.models import Certificate

    until = today + datetime.timedelta(days=EXPIRING_DAYS)
    due = Q(review_due__range=(today, until)) | Q(valid_until__range=(today, until))
    count = Certificate.objects.visible_to(user, Action.VIEW).filter(due, is_archived=False).count()
    url = f"{reverse('training:certificate_list')}?is_archived=false&due_within={EXPIRING_DAYS}"
    return [GlanceFigure(_("Certificates due within 30 days"), count, url, 40, True)]


@register_glance("state")
def people_not_cleared(user, today) -> list[GlanceFigure]:
    """The people of each top unit of the user's training scope whom the roster shows as not cleared to work today
    (SPL Art. 28: nobody works untrained), linked to that roster cut to them: a sum over the day's kept counts
    (training.services.clearance_tallies) per top unit (a user has one, mostly), worked out again after a write."""
    from django.urls import reverse

    from zeroharm.core.scoping import user_scope
    from zeroharm.org.models import OrgUnit
    from zeroharm.training.services.clearance_tallies import clearance_counts

    scope = user_scope(user, "training", Action.VIEW)
    if scope.unrestricted:
        roots = OrgUnit.objects.filter(depth=1)
    else:
        paths = [p for p in scope.paths if not any(p != q and p.startswith(q) for q in scope.paths)]
        roots = OrgUnit.objects.filter(path__in=paths)
    roots = list(roots.order_by("path").only("pk", "path", "name"))
    label = _("People not cleared to work")
    return [
        GlanceFigure(
            f"{label} · {unit.name}" if len(roots) > 1 else label,
            clearance_counts(unit, today)[1],
            f"{reverse('training:roster', args=[unit.pk])}?cleared=no",
            45,
            True,
        )
        for unit in roots
    ]


def _held_sessions(sessions):
    from zeroharm.training.choices import SessionStatus

    return sessions.filter(status=SessionStatus.HELD, is_archived=False)


def _session_text(session) -> str:
    """The session as cited: the course, the day it was held (local), who organised it and where."""
    from django.utils import timezone

    day = timezone.localtime(session.starts_at).date().isoformat()
    return f"{session.course.title} · {day} · {session.unit.name} · {session.place}"


# A training session held (a campaign task "every workshop trains its people on…") is evidence; a planned or
# cancelled one proves nothing yet.
register_evidence_kind(
    EvidenceKind(
        key="training.session",
        dated="starts_at__date",
        model_label="training.TrainingSession",
        label=_("Training session"),
        narrow=_held_sessions,
        describe=_session_text,
        counts=_("Only a session that was held counts."),
        cited_by=("campaigns",),  # the proof of a campaign task, not the ground of a reward or penalty
        order_by=("-starts_at", "-id"),
        related=("course", "unit"),
        search=("course__title", "course__code", "place", "unit__name", "trainer_name"),
    )
)


def _exams_held(exams):
    from django.utils import timezone

    return exams.filter(is_mock=False, is_archived=False, opens_at__lte=timezone.now())


def _exam_text(exam) -> str:
    """The exam as cited: its title, the day it opened and the unit that set it."""
    from django.utils import timezone

    return f"{exam.title} · {timezone.localtime(exam.opens_at).date().isoformat()} · {exam.unit.name}"


# A knowledge contest of a campaign (知识竞赛) is run as an exam of the training app: the contest cites it, and its
# participants are those who sat it.
register_evidence_kind(
    EvidenceKind(
        key="training.exam",
        dated="opens_at__date",
        model_label="training.Exam",
        label=_("Exam"),
        narrow=_exams_held,
        describe=_exam_text,
        counts=_("Only an exam that has opened (not a practice exam) counts."),
        cited_by=("campaign activities",),  # a contest's exam; not the proof of a task, nor a reward's ground
        order_by=("-opens_at", "-id"),
        related=("unit",),
        search=("title", "unit__name", "course__title"),
    )
)
