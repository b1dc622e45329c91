"""The group's Safety Production Month of this year (data/campaigns.yaml), through the campaigns' services, each
step at the moment it happened: the campaign drafted with its committee and notice and started; the pledge
published and signed by most logins in scope; the mobilization meeting with its agenda, sign-in, minutes and photos,
the directors' statements and their commitments (some kept, some not), its decisions issued as tasks to every
workshop — most accepted on their evidence, some returned and done again, some waiting, some never submitted —;
the activities; then the campaign closed and its closing report drafted, completed and issued.

The month is the June that has begun by the build date (last year's before June): built in June, the campaign is
still running, and what lies after the build date has not happened yet."""

from __future__ import annotations

import datetime

from django.core.files.base import ContentFile

from zeroharm.demo.campaigns_sheets import plan_sheets
from zeroharm.demo.campaigns_units import UnitWork
from zeroharm.demo.clock import midnight
from zeroharm.demo.context import DEMO_PASSWORD, Demo
from zeroharm.demo.data import load

__all__ = ["build_campaigns", "safety_month_start"]


def safety_month_start(today: datetime.date) -> datetime.date:
    june = datetime.date(today.year, 6, 1)
    return june if today >= june else datetime.date(today.year - 1, 6, 1)


def _moment(first: datetime.date, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return midnight(first + datetime.timedelta(days=day)) + datetime.timedelta(hours=hour, minutes=minute)


def build_campaigns(demo: Demo):
    data = load("campaigns")
    first = safety_month_start(demo.today)
    made = {"campaign": None, "signed": 0, "on_sheets": 0, "attended": 0, "report": ""}
    demo.timeline.at(_moment(first, data["created_on"]), lambda: _create(demo, data, first, made))
    demo.timeline.at(_moment(first, data["started_on"]), lambda: _start(demo, made))
    demo.timeline.at(_moment(first, data["pledge_published_on"], 10), lambda: _publish(demo, data, made))
    demo.timeline.at(_moment(first, -5, 15), lambda: _plan_meeting(demo, data, first, made))
    demo.timeline.at(_moment(first, 0, 8, 50), lambda: _sign_pledge_and_meeting(demo, data, first, made))
    demo.timeline.at(_moment(first, 0, 11, 30), lambda: _after_meeting(demo, data, first, made))
    demo.timeline.at(_moment(first, 0, 14), lambda: _issue_tasks(demo, data, first, made))
    demo.timeline.at(_moment(first, 0, 16), lambda: plan_sheets(demo, data, first, made))
    demo.timeline.at(_moment(first, 1, 8), lambda: UnitWork(demo, data, first, made).plan_activities())
    closed = data["report"]["closed_on"]
    demo.timeline.at(_moment(first, closed, 17), lambda: _close(demo, made))
    demo.timeline.at(_moment(first, data["report"]["issued_on"], 10), lambda: _report(demo, data, made))
    return lambda: (
        f"{made['campaign'] or 'no campaign yet'}: {made['attended']} signed in to the mobilization meeting, "
        f"{made['signed']} signed the pledge on their phones and {made['on_sheets']} on their teams' sheets; "
        f"{made['report'] or 'no closing report yet'}"
    )


def _create(demo: Demo, data: dict, first: datetime.date, made: dict) -> None:
    from zeroharm.campaigns.services.campaigns import campaign_create, committee_add, document_add, theme_of_year
    from zeroharm.core.docx import WordDocument

    safety, root = demo.users["safety"], demo.units[demo.root]
    theme = theme_of_year(first.year)
    last = datetime.date(first.year, 6, 30)
    campaign = campaign_create(
        data={
            "name": data["name"].format(year=first.year),
            "national_theme": theme,
            "theme": data["theme"],
            "unit": root,
            "starts_on": first,
            "ends_on": last,
            "objectives": data["objectives"].strip(),
        },
        acting_user=safety,
    )
    for code, role in data["committee"]:
        committee_add(campaign=campaign, person=demo.units[code].principal, role=role, acting_user=safety)
    notice = WordDocument(header=root.name, title=f"关于开展{campaign.name}的通知")
    notice.text(data["objectives"].strip().replace("\n", "\n\n"))
    upload = ContentFile(notice.bytes(), name="notice.docx")
    document_add(campaign=campaign, kind="notice", upload=upload, acting_user=safety)
    made["campaign"] = campaign


def _start(demo: Demo, made: dict) -> None:
    from zeroharm.campaigns.services.campaigns import campaign_start

    campaign = made["campaign"]
    made["campaign"] = campaign_start(
        campaign=campaign, acting_user=demo.users["safety"], expected_version=campaign.version
    )


def _publish(demo: Demo, data: dict, made: dict) -> None:
    from zeroharm.campaigns.services.campaigns import pledge_publish

    campaign = made["campaign"]
    edition = campaign.national_theme.edition if campaign.national_theme_id else campaign.starts_on.year - 2001
    made["campaign"] = pledge_publish(
        campaign=campaign,
        text=data["pledge"].format(edition=edition).strip(),
        acting_user=demo.users["safety"],
        expected_version=campaign.version,
    )


def _plan_meeting(demo: Demo, data: dict, first: datetime.date, made: dict) -> None:
    from zeroharm.campaigns.services.meetings import agenda_add, meeting_create

    spec, safety = data["meeting"], demo.users["safety"]
    start, end = (_moment(first, spec["day"], hour) for hour in spec["hours"])
    meeting = meeting_create(
        campaign=made["campaign"],
        data={"title": spec["title"], "starts_at": start, "ends_at": end, "place": spec["place"]},
        acting_user=safety,
    )
    for title, speaker in spec["agenda"]:
        agenda_add(meeting=meeting, data={"title": title, "speaker": speaker}, acting_user=safety)
    made["meeting"] = meeting


def logins_in_scope(campaign) -> list:
    """The active people of the campaign's units who have a login, in a stable order."""
    from zeroharm.org.models import Person

    people = Person.objects.filter(
        unit__path__startswith=campaign.unit.path, status="active", is_archived=False, user__isnull=False
    )
    return list(people.select_related("user").order_by("employee_no"))


def _sign_pledge_and_meeting(demo: Demo, data: dict, first: datetime.date, made: dict) -> None:
    """Logins sign in to the meeting with its code as they arrive, and sign the pledge over the first ten days."""
    from django.utils import timezone

    from zeroharm.campaigns.services.meetings import meeting_sign_in
    from zeroharm.core import signin_codes

    rng, meeting = demo.rng("campaign-people"), made["meeting"]
    for person in logins_in_scope(made["campaign"]):
        if rng.random() < data["meeting"]["attendance"]:
            now = timezone.now() + datetime.timedelta(minutes=rng.randint(0, 25))
            code = signin_codes.typed_code(meeting.secret, now)
            meeting_sign_in(meeting=meeting, acting_user=person.user, code=code, now=now)
            made["attended"] += 1
        if rng.random() < data["pledge_share"]:
            moment = demo.at(rng, first + datetime.timedelta(days=rng.randint(0, 9)), 12, 21)  # after the meeting
            demo.timeline.at(moment, lambda user=person.user: _sign(made, user))


def _sign(made: dict, user) -> None:
    from zeroharm.campaigns.services.pledge import pledge_sign

    pledge_sign(campaign=made["campaign"], acting_user=user, password=DEMO_PASSWORD)
    made["signed"] += 1


def _after_meeting(demo: Demo, data: dict, first: datetime.date, made: dict) -> None:
    """The minutes with two photos, and the directors' statements with their commitments."""
    from zeroharm.campaigns.services.activities import commitment_add, commitment_done, statement_record
    from zeroharm.campaigns.services.meetings import minutes_save
    from zeroharm.demo.pictures import photo

    safety, meeting = demo.users["safety"], made["meeting"]
    photos = [ContentFile(photo("动员大会", "before", n), name=f"meeting-{n}.jpg") for n in (1, 2)]
    minutes_save(
        meeting=meeting,
        minutes=data["meeting"]["minutes"],
        acting_user=safety,
        expected_version=meeting.version,
        photos=photos,
    )
    for code, text, commitments in data["statements"]:
        unit = demo.units[code]
        statement = statement_record(
            campaign=made["campaign"],
            data={"unit": unit, "speaker": unit.principal, "text": text},
            acting_user=safety,
        )
        for what, due, kept in commitments:
            due_on = first + datetime.timedelta(days=due)
            item = commitment_add(
                statement=statement, data={"text": what, "owner": unit.principal, "due_on": due_on}, acting_user=safety
            )
            if kept is not None:
                day = first + datetime.timedelta(days=kept)
                demo.timeline.at(
                    _moment(first, kept, 17),
                    lambda item=item, day=day: commitment_done(
                        commitment=item, acting_user=safety, expected_version=item.version, day=day
                    ),
                )


def _issue_tasks(demo: Demo, data: dict, first: datetime.date, made: dict) -> None:
    from zeroharm.campaigns.services.tasks import task_issue

    work = UnitWork(demo, data, first, made)
    level = demo.units[demo.root].depth + 2  # the workshops: group, branch, workshop
    for title, description, evidence, deadline in data["tasks"]:
        task = task_issue(
            campaign=made["campaign"],
            data={
                "title": title,
                "description": description,
                "deadline": first + datetime.timedelta(days=deadline),
                "evidence_kind": evidence,
            },
            acting_user=demo.users["safety"],
            level=level,
            meeting=made["meeting"],
        )
        work.plan_task(task)


def _close(demo: Demo, made: dict) -> None:
    from zeroharm.campaigns.services.campaigns import campaign_close

    campaign = made["campaign"]
    made["campaign"] = campaign_close(
        campaign=campaign, acting_user=demo.users["safety"], expected_version=campaign.version
    )


def _report(demo: Demo, data: dict, made: dict) -> None:
    from django.utils import timezone

    from zeroharm.campaigns.services.report import report_draft, report_issue, report_save

    safety, campaign = demo.users["safety"], made["campaign"]
    report = report_draft(campaign=campaign, unit=demo.units[demo.root], acting_user=safety, today=timezone.localdate())
    sections = {**report.sections, "next": data["report"]["next"].strip()}
    report = report_save(
        report=report, acting_user=safety, expected_version=report.version, title=report.title, sections=sections
    )
    report = report_issue(report=report, acting_user=safety, expected_version=report.version)
    made["report"] = f"closing report issued ({report.figures['total']['accepted']} tasks accepted)"
