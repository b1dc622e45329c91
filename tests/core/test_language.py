"""The group's language (issue 11, point 12): ZEROHARM_LANGUAGE is what a user who never chose a language gets, in
pages, notifications and e-mails, whatever their browser says; an explicit choice wins over both."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.test import override_settings
from django.urls import reverse
from django.utils.translation import gettext_noop

pytestmark = pytest.mark.django_db

CHINESE_GROUP = override_settings(LANGUAGE_CODE="zh-hans")


def lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@CHINESE_GROUP
def test_a_user_who_never_chose_gets_the_group_language_not_the_browsers(world, client_for):
    response = client_for("worker_a1a").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert lang(response) == "zh-hans"
    assert "我的待办" in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


def test_an_english_group_stays_english_for_a_chinese_browser(world, client_for):
    response = client_for("worker_a1a").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert lang(response) == "en"


@CHINESE_GROUP
def test_a_users_own_choice_wins(world, client_for):
    worker = world.users["worker_a1a"]
    worker.language = "en"
    worker.save()
    response = client_for("worker_a1a").get(reverse("home"), HTTP_ACCEPT_LANGUAGE="zh-CN")
    assert lang(response) == "en"


@CHINESE_GROUP
def test_the_sign_in_page_follows_the_group_then_a_choice_made_on_it(db, client):
    assert lang(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US")) == "zh-hans"
    client.post(reverse("set_language"), {"language": "en"})
    assert lang(client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="zh-CN")) == "en"


@CHINESE_GROUP
def test_notifications_and_emails_reach_a_user_without_a_language_in_the_group_language(
    world, django_capture_on_commit_callbacks
):
    from zeroharm.notifications.services import notify

    leader = world.users["leader_a"]
    english = world.users["leader_b"]
    english.language = "en"
    english.save()
    with django_capture_on_commit_callbacks(execute=True):
        notes = notify(
            recipients=[leader, english],
            event="test",
            title=(gettext_noop("Hidden dangers"), {}),
            body=(gettext_noop("Inbox"), {}),
        )
    assert [n.title for n in notes] == ["事故隐患", "Hidden dangers"]
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects == {"leader_a@example.com": "事故隐患", "leader_b@example.com": "Hidden dangers"}
