"""Pieces of the settings that turn one environment variable's value into Django's configuration.

The variables themselves are read in settings.py (where the README's table and tests/deploy look for them);
what is here only reads and shapes their values, so it can be checked without loading the settings. The readers
raise ImproperlyConfigured on malformed values instead of guessing (healthchecks' envbool/envint).
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

__all__ = ["env_str", "env_bool", "env_int", "env_list", "choice", "media_storage", "cache_from_url"]


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def choice(name: str, value: str, allowed: tuple[str, ...]) -> str:
    """The value if it is one of `allowed`; a misspelt value stops the start instead of being guessed at."""
    if value not in allowed:
        names = ", ".join(allowed[:-1]) + f" or {allowed[-1]}" if len(allowed) > 1 else allowed[0]
        raise ImproperlyConfigured(f"{name} must be {names}, not {value!r}")
    return value


def media_storage(kind: str, *, bucket: str, endpoint: str, region: str, access_key: str, secret_key: str) -> dict:
    """Uploads on this machine's disk (one app server), or in an S3-compatible store every app server shares."""
    if choice("ZEROHARM_MEDIA_STORAGE", kind, ("file", "s3")) == "file":
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if not bucket:
        raise ImproperlyConfigured("ZEROHARM_MEDIA_STORAGE=s3 needs ZEROHARM_S3_BUCKET")
    options = {
        "bucket_name": bucket,
        "endpoint_url": endpoint or None,  # none: Amazon S3 itself
        "region_name": region or None,
        # Without keys boto3 looks further: the AWS_* variables, its config files, the machine's role.
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "file_overwrite": False,  # Django's rule: a name already taken gets a suffix, nothing is replaced
        "default_acl": None,  # the bucket stays private: files are served only through the scoped views
        "signature_version": "s3v4",
    }
    if endpoint:
        options["addressing_style"] = "path"  # MinIO, Ceph and the like: no bucket name in DNS needed
    return {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": options}


def cache_from_url(url: str) -> dict:
    """locmem:// (this process only), db://<table> (the database: shared, no new service) or redis://host:port/n."""
    scheme, sep, rest = url.partition("://")
    if sep and scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": rest or "zeroharm"}
    if sep and scheme == "db":
        # `zeroharm migrate` creates the table (core.apps), so no deployment step can forget it.
        return {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": rest or "zeroharm_cache"}
    if sep and scheme in {"redis", "rediss"}:
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    raise ImproperlyConfigured(f"ZEROHARM_CACHE_URL must start with locmem://, db:// or redis://, not {url!r}")
