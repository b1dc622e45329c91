"""Webhook posts in the shape the receiver accepts (ZEROHARM_WEBHOOK_FORMAT).

- `json`: the generic payload as stored on the delivery (event, title, text, url, recipients);
- `wecom`: a WeCom (企业微信) group robot's markdown message;
- `dingtalk`: a DingTalk (钉钉) group robot's markdown message, signed when ZEROHARM_WEBHOOK_SECRET is set
  (加签: HMAC-SHA256 over "<timestamp in ms>\\n<secret>", base64, URL-encoded, added to the URL).

The delivery keeps the generic payload; the shape is made at each attempt, because DingTalk refuses a
signature more than an hour old and a retry may come later than that.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import re
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext

__all__ = ["FORMATS", "WebhookRequest", "webhook_request", "webhook_post", "markdown_escape", "dingtalk_sign"]

FORMATS = ("json", "wecom", "dingtalk")
WECOM_MAX_BYTES = 4096  # WeCom refuses markdown content longer than this (UTF-8 bytes)
_INLINE = re.compile(r"([\\`*_\[\]<>~|&])")
# Only at the start of a line: headings, quotes, list items, setext underlines.
_LINE_START = re.compile(r"^([ \t]*)(\d*)([#+\-=.)])", re.MULTILINE)


@dataclass(frozen=True)
class WebhookRequest:
    url: str
    body: dict


def markdown_escape(text: str) -> str:
    """User text shown as written: no emphasis, link, heading, list or @-mention (CommonMark backslash escapes)."""
    return _LINE_START.sub(r"\1\2\\\3", _INLINE.sub(r"\\\1", text))


def _link(url: str) -> str:
    # Brackets and spaces would end the markdown link early: percent-encode them, keep the URL's own syntax.
    return urllib.parse.quote(url, safe=":/?#@!$&'*+,;=%~")


def _markdown(payload: dict, max_bytes: int | None = None) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        label = gettext("Open in ZeroHarm")
    link = f"[{markdown_escape(label)}]({_link(payload['url'])})" if payload.get("url") else ""
    body = payload.get("text", "")
    while True:
        lines = [markdown_escape(line) for line in body.splitlines() if line.strip()]
        # A single newline is no line break in markdown; the robots show a blank-line break as one.
        content = "\n\n".join(
            part for part in (f"### {markdown_escape(payload.get('title', ''))}", *lines, link) if part
        )
        if max_bytes is None or len(content.encode()) <= max_bytes or not body:
            return content
        body = body[: len(body) * 9 // 10].rstrip("…") + "…"


def dingtalk_sign(secret: str, timestamp_ms: int) -> str:
    """DingTalk's signature (加签), before URL-encoding."""
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


def _signed(url: str, secret: str, now: datetime.datetime) -> str:
    timestamp = int(now.timestamp() * 1000)
    sign = urllib.parse.quote_plus(dingtalk_sign(secret, timestamp))
    return f"{url}{'&' if '?' in url else '?'}timestamp={timestamp}&sign={sign}"


def webhook_request(url: str, payload: dict, *, fmt: str, secret: str, now: datetime.datetime) -> WebhookRequest:
    """The address and JSON body of one post in the receiver's format."""
    if fmt == "wecom":
        return WebhookRequest(
            url, {"msgtype": "markdown", "markdown": {"content": _markdown(payload, WECOM_MAX_BYTES)}}
        )
    if fmt == "dingtalk":
        body = {"msgtype": "markdown", "markdown": {"title": payload.get("title", ""), "text": _markdown(payload)}}
        return WebhookRequest(_signed(url, secret, now) if secret else url, body)
    return WebhookRequest(url, payload)


def _check_reply(fmt: str, reply: bytes) -> None:
    # The robots answer HTTP 200 to a refused message (bad signature, too frequent): the errcode tells.
    if fmt == "json":
        return
    try:
        answer = json.loads(reply)
    except ValueError as exc:
        raise OSError(f"not a robot's answer: {reply[:200]!r}") from exc
    if answer.get("errcode", 0) != 0:
        raise OSError(f"errcode {answer.get('errcode')}: {answer.get('errmsg', '')}")


def webhook_post(url: str, payload: dict) -> None:
    """Post one notification in the configured format; raise on any failure (the delivery retries it)."""
    fmt = settings.WEBHOOK_FORMAT
    request = webhook_request(url, payload, fmt=fmt, secret=settings.WEBHOOK_SECRET, now=timezone.now())
    http = urllib.request.Request(  # noqa: S310 - the URL is the operator's configured webhook
        request.url,
        data=json.dumps(request.body, ensure_ascii=False).encode(),
        method="POST",
        headers={"Content-Type": "application/json; charset=utf-8"},
    )
    with urllib.request.urlopen(http, timeout=settings.WEBHOOK_TIMEOUT) as response:  # noqa: S310
        if response.status >= 300:
            raise OSError(f"HTTP {response.status}")
        _check_reply(fmt, response.read())
