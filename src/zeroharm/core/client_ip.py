"""The client's address, as sign-in throttling (django-axes) and the API's rate limits count it.

Directly on the internet it is REMOTE_ADDR. Behind reverse proxies every request comes from a proxy, so the
address is read from the header the proxies set (`ZEROHARM_CLIENT_IP_HEADER`, e.g. X-Forwarded-For) — and only
then: without that setting a client could name any address it likes in such a header. Each proxy appends the
address it received the request from, so with `ZEROHARM_TRUSTED_PROXIES` proxies in a row the client is the
n-th address from the right; whatever the client wrote in front of it is not believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings

__all__ = ["client_ip", "meta_key"]


def meta_key(header: str) -> str:
    """`X-Forwarded-For` → `HTTP_X_FORWARDED_FOR` (names already in request.META form are kept)."""
    name = header.strip().upper().replace("-", "_")
    return name if name.startswith("HTTP_") or name == "REMOTE_ADDR" else f"HTTP_{name}"


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_ip(request) -> str | None:
    """REMOTE_ADDR, or behind trusted proxies the address the outermost of them received the request from."""
    meta = request.META
    remote = meta.get("REMOTE_ADDR")
    header = settings.ZEROHARM_CLIENT_IP_HEADER
    if not header:
        return remote
    addresses = [a.strip() for a in meta.get(meta_key(header), "").split(",") if a.strip()]
    if not addresses:
        return remote  # not through the proxy (e.g. a health check on the app server itself)
    chosen = addresses[-min(settings.ZEROHARM_TRUSTED_PROXIES, len(addresses))]
    return chosen if _valid(chosen) else remote
