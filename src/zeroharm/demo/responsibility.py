"""Safety responsibility lists, through the services the pages use (data/responsibility.yaml): twenty days before
the build date the group's safety manager writes the first leader's list from the law's default (Art. 21) and the
lists of two main posts, and approves them (signs); then some holders acknowledge their lists with their password
(the workshop director, the team monitor) and the others have not yet, so that "My responsibilities" and the
coverage page show both."""

from __future__ import annotations

import datetime

from zeroharm.demo.clock import midnight
from zeroharm.demo.context import DEMO_PASSWORD, Demo
from zeroharm.demo.data import load

__all__ = ["build_responsibility"]


def build_responsibility(demo: Demo):
    data = load("responsibility")
    made: dict = {"lists": 0, "acknowledged": 0}
    set_up = midnight(demo.today - datetime.timedelta(days=data["set_up_days"])) + datetime.timedelta(hours=10)
    demo.timeline.at(set_up, lambda: _set_up(demo, data, made))
    for persona, days in data["acknowledge"].items():
        moment = midnight(demo.today - datetime.timedelta(days=days)) + datetime.timedelta(hours=9)
        demo.timeline.at(moment, lambda persona=persona: _acknowledge(demo, persona, made))
    return lambda: f"{made['lists']} responsibility lists in force, {made['acknowledged']} acknowledgements"


def _set_up(demo: Demo, data: dict, made: dict) -> None:
    from zeroharm.org.models import Position
    from zeroharm.responsibility.services.defaults import defaults_for
    from zeroharm.responsibility.services.lists import list_create

    safety, root = demo.users["safety"], demo.units[demo.root]
    lists = [defaults_for(root, acting_user=safety)]
    for code, holder, title, duties in data["lists"]:
        who = (
            {"position": Position.objects.get(code=holder[5:])} if holder.startswith("post:") else {"unit_role": holder}
        )
        rows = [{"number": n, "text": t, "scope": s, "assessment": a} for n, t, s, a in duties]
        lists.append(
            list_create(data={"unit": root, "code": code, "title": title, **who}, duties=rows, acting_user=safety)
        )
    for duty_list in lists:
        _approve(duty_list, safety)
    made["lists"] = len(lists)


def _approve(duty_list, safety) -> None:
    from zeroharm.responsibility.services.lists import version_approve

    version_approve(version=duty_list.versions.get(), acting_user=safety, password=DEMO_PASSWORD, expected_version=None)


def _acknowledge(demo: Demo, persona: str, made: dict) -> None:
    """The persona signs every list they hold and have not signed."""
    from zeroharm.responsibility.selectors.mine import lists_held_by
    from zeroharm.responsibility.services.acknowledge import acknowledge

    user = demo.users[persona]
    for entry in lists_held_by(user.person):
        if entry.acknowledgement is None:
            acknowledge(duty_list=entry.duty_list, acting_user=user, password=DEMO_PASSWORD)
            made["acknowledged"] += 1
