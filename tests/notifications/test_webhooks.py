"""Webhook posts in the shape a chat robot accepts: generic JSON, WeCom (企业微信) or DingTalk (钉钉, signed)."""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import http.server
import json
import threading
import urllib.parse

import pytest
from django.utils import timezone

from zeroharm.notifications.models import Delivery, DeliveryStatus
from zeroharm.notifications.services import delivery_attempt, notify

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 11, 28, 9, 30, 15, 123000, tzinfo=datetime.UTC)
NOW_MS = 1795858215123  # NOW in milliseconds since 1970 (DingTalk's timestamp)
SECRET = "SEC0123456789abcdef"  # the shape of a DingTalk robot's signing secret (加签)
OK = {"errcode": 0, "errmsg": "ok"}


class Robot(http.server.BaseHTTPRequestHandler):
    """A chat robot's endpoint: records each post and answers what the test asks for."""

    posts: list = []
    reply: dict = OK

    def do_POST(self):  # noqa: N802 - http.server's naming
        body = self.rfile.read(int(self.headers["Content-Length"]))
        Robot.posts.append({"path": self.path, "type": self.headers["Content-Type"], "body": body})
        answer = json.dumps(Robot.reply).encode()
        self.send_response(200)  # the robots answer 200 even when they refuse: the errcode says so
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(answer)))
        self.end_headers()
        self.wfile.write(answer)

    def log_message(self, *args):
        pass


@pytest.fixture
def robot(settings, monkeypatch):
    """The robot's address as WEBHOOK_URL (with its token, as the robots give it) and a fixed clock."""
    Robot.posts, Robot.reply = [], OK
    server = http.server.HTTPServer(("127.0.0.1", 0), Robot)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings.WEBHOOK_URL = f"http://127.0.0.1:{server.server_address[1]}/robot/send?access_token=T0KEN"
    monkeypatch.setattr(timezone, "now", lambda: NOW)
    yield Robot
    server.shutdown()
    server.server_close()


def send(world, title="新的整改任务", body="请在 3 天内整改。", url="/hazards/7/") -> Delivery:
    notify(recipients=[world.users["leader_a"]], event="hazard.assigned", title=title, body=body, url=url)
    return delivery_attempt(delivery_id=Delivery.objects.get(channel="webhook").pk)


def test_json_is_todays_generic_payload(world, settings, robot):
    settings.WEBHOOK_FORMAT = "json"
    assert send(world).status == DeliveryStatus.SENT
    [post] = robot.posts
    assert post["path"] == "/robot/send?access_token=T0KEN"
    assert post["type"] == "application/json; charset=utf-8"
    assert json.loads(post["body"]) == {
        "event": "hazard.assigned",
        "title": "新的整改任务",
        "text": "请在 3 天内整改。",
        "url": "http://127.0.0.1:8000/hazards/7/",
        "recipients": ["leader_a"],
    }


def test_wecom_gets_a_markdown_message(world, settings, robot):
    settings.WEBHOOK_FORMAT = "wecom"
    assert send(world).status == DeliveryStatus.SENT
    [post] = robot.posts
    assert post["path"] == "/robot/send?access_token=T0KEN"  # WeCom does not sign: the key is in the URL
    assert json.loads(post["body"]) == {
        "msgtype": "markdown",
        "markdown": {
            "content": "### 新的整改任务\n\n请在 3 天内整改。\n\n[Open in ZeroHarm](http://127.0.0.1:8000/hazards/7/)"
        },
    }


def test_dingtalk_gets_a_signed_markdown_message(world, settings, robot):
    settings.WEBHOOK_FORMAT, settings.WEBHOOK_SECRET = "dingtalk", SECRET
    assert send(world).status == DeliveryStatus.SENT
    [post] = robot.posts
    # DingTalk's recipe: HMAC-SHA256 keyed with the secret over "<timestamp ms>\n<secret>", base64, URL-encoded.
    digest = hmac.new(SECRET.encode(), f"{NOW_MS}\n{SECRET}".encode(), hashlib.sha256).digest()
    sign = urllib.parse.quote_plus(base64.b64encode(digest).decode())
    assert post["path"] == f"/robot/send?access_token=T0KEN&timestamp={NOW_MS}&sign={sign}"
    assert json.loads(post["body"]) == {
        "msgtype": "markdown",
        "markdown": {
            "title": "新的整改任务",
            "text": "### 新的整改任务\n\n请在 3 天内整改。\n\n[Open in ZeroHarm](http://127.0.0.1:8000/hazards/7/)",
        },
    }


def test_dingtalk_without_a_secret_is_not_signed(world, settings, robot):
    settings.WEBHOOK_FORMAT, settings.WEBHOOK_SECRET = "dingtalk", ""  # a robot secured by keyword or address
    send(world)
    assert robot.posts[0]["path"] == "/robot/send?access_token=T0KEN"


def test_user_text_cannot_format_link_or_mention(world, settings, robot):
    settings.WEBHOOK_FORMAT = "wecom"
    send(world, title="**Boss** <@all>", body="# big\n- see [here](http://evil.example/) & `x`_y_\n\n1. one")
    content = json.loads(robot.posts[0]["body"])["markdown"]["content"]
    assert content == (
        "### \\*\\*Boss\\*\\* \\<@all\\>\n\n"
        "\\# big\n\n\\- see \\[here\\](http://evil.example/) \\& \\`x\\`\\_y\\_\n\n1\\. one\n\n"
        "[Open in ZeroHarm](http://127.0.0.1:8000/hazards/7/)"
    )


def test_a_link_with_brackets_stays_one_link(world, settings, robot):
    settings.WEBHOOK_FORMAT = "wecom"
    send(world, url="/analytics/?q=a (b)")
    content = json.loads(robot.posts[0]["body"])["markdown"]["content"]
    assert content.endswith("[Open in ZeroHarm](http://127.0.0.1:8000/analytics/?q=a%20%28b%29)")


def test_wecom_content_is_cut_to_its_4096_byte_limit(world, settings, robot):
    settings.WEBHOOK_FORMAT = "wecom"
    send(world, body="隐患" * 3000)
    content = json.loads(robot.posts[0]["body"])["markdown"]["content"]
    assert len(content.encode()) <= 4096
    assert "…" in content and content.endswith("(http://127.0.0.1:8000/hazards/7/)")  # the link survives


@pytest.mark.parametrize("fmt", ["wecom", "dingtalk"])
def test_a_refusal_by_the_robot_is_retried_as_today(world, settings, robot, fmt):
    settings.WEBHOOK_FORMAT, settings.WEBHOOK_SECRET, settings.DELIVERY_MAX_ATTEMPTS = fmt, SECRET, 3
    robot.reply = {"errcode": 310000, "errmsg": "sign not match"}
    first = send(world)
    assert first.status == DeliveryStatus.RETRYING and first.attempts == 1
    assert "310000" in first.last_error and "sign not match" in first.last_error
    assert first.next_attempt_at == NOW + datetime.timedelta(minutes=1)
    robot.reply = OK
    again = delivery_attempt(delivery_id=first.pk)
    assert again.status == DeliveryStatus.SENT and again.attempts == 2 and len(robot.posts) == 2
