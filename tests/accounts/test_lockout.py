"""Sign-in throttling (django-axes) on the sign-in page and the API token endpoint.

A lockout is keyed on the user name *and* the client address, and the client address is REMOTE_ADDR unless a
trusted proxy header is configured (ZEROHARM_CLIENT_IP_HEADER). An administrator can lift a user's lockout.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

X, Y, PROXY = "203.0.113.5", "198.51.100.7", "10.0.0.1"
LIMIT = 5


@pytest.fixture(autouse=True)
def throttling(settings):
    settings.AXES_FAILURE_LIMIT = LIMIT
    settings.ZEROHARM_CLIENT_IP_HEADER = ""
    settings.ZEROHARM_TRUSTED_PROXIES = 1
    cache.clear()  # the API's request rate limit counts in the cache
    yield
    cache.clear()


def sign_in(client, username, password, *, via, remote=X, forwarded=None):
    """One sign-in attempt on the page or the API; returns 'ok', 'wrong' or 'locked'."""
    meta = {"REMOTE_ADDR": remote, **({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})}
    if via == "page":
        response = client.post(reverse("login"), {"username": username, "password": password}, **meta)
        client.logout()
        return {302: "ok", 200: "wrong", 429: "locked"}[response.status_code]
    response = client.post(
        reverse("api-token"), {"username": username, "password": password}, content_type="application/json", **meta
    )
    if response.status_code in (403, 429) and "Too many failed sign-ins" in response.content.decode():
        return "locked"
    return {200: "ok", 401: "wrong"}[response.status_code]


def fail(client, username, *, via, times=LIMIT, **where):
    return [sign_in(client, username, "wrong-password", via=via, **where) for _ in range(times)]


VIA = pytest.mark.parametrize("via", ["page", "api"])


@VIA
def test_failures_lock_the_name_at_that_address(world, client, via):
    fail(client, "leader_a", via=via)
    assert sign_in(client, "leader_a", PASSWORD, via=via) == "locked"


@VIA
def test_failures_for_a_name_do_not_lock_it_at_another_address(world, client, via):
    fail(client, "leader_a", via=via, remote=X)
    assert sign_in(client, "leader_a", PASSWORD, via=via, remote=Y) == "ok"


@VIA
def test_failures_for_a_name_do_not_lock_another_name_at_that_address(world, client, via):
    fail(client, "leader_a", via=via, remote=X)
    assert sign_in(client, "leader_b", PASSWORD, via=via, remote=X) == "ok"


@VIA
def test_behind_a_proxy_two_clients_do_not_lock_each_other(world, client, settings, via):
    settings.ZEROHARM_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    fail(client, "leader_a", via=via, remote=PROXY, forwarded=X)
    assert sign_in(client, "leader_a", PASSWORD, via=via, remote=PROXY, forwarded=Y) == "ok"
    assert sign_in(client, "leader_a", PASSWORD, via=via, remote=PROXY, forwarded=X) == "locked"


@VIA
def test_behind_a_proxy_the_address_the_proxy_saw_counts_not_what_the_client_claims(world, client, settings, via):
    """The proxy appends the address it saw; whatever the client put in front of it is not believed."""
    settings.ZEROHARM_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    for n in range(LIMIT):
        sign_in(client, "leader_a", "wrong-password", via=via, remote=PROXY, forwarded=f"192.0.2.{n}, {X}")
    assert sign_in(client, "leader_a", PASSWORD, via=via, remote=PROXY, forwarded=f"192.0.2.99, {X}") == "locked"


def test_two_proxies_in_a_row(world, client, settings):
    """Load balancer → nginx → app: the client is the second address from the right."""
    settings.ZEROHARM_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.ZEROHARM_TRUSTED_PROXIES = 2
    fail(client, "leader_a", via="page", remote=PROXY, forwarded=f"{X}, 10.0.0.2")
    assert sign_in(client, "leader_a", PASSWORD, via="page", remote=PROXY, forwarded=f"{Y}, 10.0.0.2") == "ok"
    assert sign_in(client, "leader_a", PASSWORD, via="page", remote=PROXY, forwarded=f"{X}, 10.0.0.3") == "locked"


@VIA
def test_without_a_proxy_a_forged_forwarded_header_is_ignored(world, client, via):
    for n in range(LIMIT):
        sign_in(client, "leader_a", "wrong-password", via=via, remote=X, forwarded=f"192.0.2.{n}")
    assert sign_in(client, "leader_a", PASSWORD, via=via, remote=X, forwarded="192.0.2.200") == "locked"


def test_the_token_endpoints_rate_limit_ignores_a_forged_forwarded_header(world, client, monkeypatch):
    """The API's per-address request limit counts the same address as the lockout, not a header anyone can set."""
    from zeroharm.accounts.api import TokenObtainView

    throttle = TokenObtainView.throttle_classes[0]
    monkeypatch.setattr(throttle, "THROTTLE_RATES", {**throttle.THROTTLE_RATES, "anon": "3/min"})
    answers = [
        client.post(
            reverse("api-token"),
            {"username": "nobody", "password": "x"},
            content_type="application/json",
            REMOTE_ADDR=X,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
        for n in range(4)
    ]
    assert [a.status_code for a in answers] == [401, 401, 401, 429]
    other = client.post(
        reverse("api-token"), {"username": "nobody", "password": "x"}, content_type="application/json", REMOTE_ADDR=Y
    )
    assert other.status_code == 401


#
# An administrator lifts a lockout
#


def test_an_administrator_sees_the_lockout_and_lifts_it(world, client, client_for):
    fail(client, "leader_a", via="page")
    user = world.users["leader_a"]
    admin = client_for("admin")
    page = admin.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert "Locked out of signing in" in page and reverse("accounts:user_unlock", args=[user.pk]) in page
    response = admin.post(reverse("accounts:user_unlock", args=[user.pk]), follow=True)
    assert "can sign in again" in response.content.decode()
    assert sign_in(client, "leader_a", PASSWORD, via="page") == "ok"
    lifted = user.history.get(history_change_reason="sign-in lockout lifted")
    assert lifted.history_user == world.users["admin"] and lifted.history_type == "~"
    page = admin.get(reverse("accounts:user_detail", args=[user.pk])).content.decode()
    assert "sign-in lockout lifted" in page and "Locked out of signing in" not in page


def test_the_api_lifts_a_lockout(world, client, client_for):
    fail(client, "leader_a", via="api")
    user = world.users["leader_a"]
    response = client_for("admin").post(f"/api/v1/users/{user.pk}/unlock/")
    assert response.status_code == 200 and response.json()["username"] == "leader_a"
    assert sign_in(client, "leader_a", PASSWORD, via="api") == "ok"


@pytest.mark.parametrize("persona", ["safety", "leader_a", "auditor"])
def test_only_administrators_lift_a_lockout(world, client, client_for, persona):
    fail(client, "leader_a", via="page")
    user = world.users["leader_a"]
    assert client_for(persona).post(reverse("accounts:user_unlock", args=[user.pk])).status_code in (403, 404)
    assert client_for(persona).post(f"/api/v1/users/{user.pk}/unlock/").status_code in (403, 404)
    assert sign_in(client, "leader_a", PASSWORD, via="page") == "locked"
