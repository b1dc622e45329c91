"""The settings that let several app servers share one state: media storage, cache, and refused odd values."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from tests.deploy.processes import free_port, stop
from zeroharm.config import cache_from_url, choice, media_storage

SRC = Path(__file__).resolve().parents[2] / "src"
S3 = {
    "bucket": "zeroharm-media",
    "endpoint": "http://minio.internal:9000",
    "region": "cn-east-1",
    "access_key": "AKIA-EXAMPLE",
    "secret_key": "example-secret",
}


def test_media_on_the_file_system_by_default():
    assert media_storage("file", bucket="", endpoint="", region="", access_key="", secret_key="") == {
        "BACKEND": "django.core.files.storage.FileSystemStorage"
    }


def test_media_in_an_s3_compatible_store():
    storage = media_storage("s3", **S3)
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert (options["bucket_name"], options["endpoint_url"], options["region_name"]) == (
        "zeroharm-media",
        "http://minio.internal:9000",
        "cn-east-1",
    )
    assert (options["access_key"], options["secret_key"]) == ("AKIA-EXAMPLE", "example-secret")
    assert options["file_overwrite"] is False  # a taken name gets a suffix, as on the file system
    assert options["default_acl"] is None and options["addressing_style"] == "path"


def test_amazon_s3_itself_needs_no_endpoint_and_may_use_the_machine_role():
    options = media_storage("s3", **{**S3, "endpoint": "", "access_key": "", "secret_key": ""})["OPTIONS"]
    assert options["endpoint_url"] is None and options["access_key"] is None and "addressing_style" not in options


@pytest.mark.parametrize(("kind", "bucket"), [("s3", ""), ("nfs", "b")])
def test_odd_media_settings_are_refused(kind, bucket):
    with pytest.raises(ImproperlyConfigured):
        media_storage(kind, **{**S3, "bucket": bucket})


@pytest.mark.parametrize(
    ("url", "backend", "location"),
    [
        ("locmem://", "django.core.cache.backends.locmem.LocMemCache", "zeroharm"),
        ("db://", "django.core.cache.backends.db.DatabaseCache", "zeroharm_cache"),
        ("db://shared_cache", "django.core.cache.backends.db.DatabaseCache", "shared_cache"),
        (
            "redis://cache.internal:6379/1",
            "django.core.cache.backends.redis.RedisCache",
            "redis://cache.internal:6379/1",
        ),
    ],
)
def test_cache_urls(url, backend, location):
    assert cache_from_url(url) == {"BACKEND": backend, "LOCATION": location}


@pytest.mark.parametrize("url", ["memcached://x", "db", ""])
def test_odd_cache_urls_are_refused(url):
    with pytest.raises(ImproperlyConfigured):
        cache_from_url(url)


def test_choice():
    assert choice("ZEROHARM_WEBHOOK_FORMAT", "wecom", ("json", "wecom")) == "wecom"
    with pytest.raises(ImproperlyConfigured, match="ZEROHARM_WEBHOOK_FORMAT must be json or wecom"):
        choice("ZEROHARM_WEBHOOK_FORMAT", "teams", ("json", "wecom"))


def _settings_of(tmp_path, show: str = "", **env) -> subprocess.CompletedProcess:
    """The product's own settings module, loaded in a fresh process with these variables."""
    shown = show or "[settings.STORAGES['default'], settings.CACHES['default'], settings.WEBHOOK_FORMAT]"
    script = f"from django.conf import settings; import json; print(json.dumps({shown}))"
    environ = {k: v for k, v in os.environ.items() if not k.startswith("ZEROHARM_") and k != "DATABASE_URL"}
    environ.update(
        PYTHONPATH=str(SRC),
        DJANGO_SETTINGS_MODULE="zeroharm.settings",
        ZEROHARM_VAR_DIR=str(tmp_path),
        ZEROHARM_SECRET_KEY="x",
        **env,
    )
    return subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=environ, timeout=120)


def test_the_settings_read_the_variables(tmp_path):
    result = _settings_of(
        tmp_path,
        ZEROHARM_MEDIA_STORAGE="s3",
        ZEROHARM_S3_BUCKET="media",
        ZEROHARM_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        ZEROHARM_CACHE_URL="db://",
        ZEROHARM_WEBHOOK_FORMAT="dingtalk",
    )
    assert result.returncode == 0, result.stderr
    assert '"bucket_name": "media"' in result.stdout and '"endpoint_url": "http://127.0.0.1:9000"' in result.stdout
    assert "DatabaseCache" in result.stdout and result.stdout.strip().endswith('"dingtalk"]')


def test_the_defaults_keep_one_machine_simple(tmp_path):
    result = _settings_of(tmp_path)
    assert result.returncode == 0, result.stderr
    assert "FileSystemStorage" in result.stdout and "LocMemCache" in result.stdout and '"json"' in result.stdout


@pytest.mark.parametrize(
    ("prepared", "options"),
    [
        ("", {"server_side_binding": True, "prepare_threshold": 5}),
        ("false", {}),
    ],
)
def test_postgresql_prepares_the_statements_it_runs_often_unless_told_not_to(tmp_path, prepared, options):
    """Planned once per connection (the shift-start sign-ins' database CPU halves); off behind an old PgBouncer."""
    url = "postgres://zeroharm@db.internal:5432/zeroharm"
    show = "settings.DATABASES['default'].get('OPTIONS', {})"
    result = _settings_of(tmp_path, show, DATABASE_URL=url, ZEROHARM_DB_PREPARED=prepared)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == options


def test_sqlite_has_no_statements_to_prepare(tmp_path):
    result = _settings_of(tmp_path, "settings.DATABASES['default']['OPTIONS']")
    assert result.returncode == 0, result.stderr
    assert "server_side_binding" not in json.loads(result.stdout) and "transaction_mode" in result.stdout


def test_a_misspelt_format_stops_the_start(tmp_path):
    result = _settings_of(tmp_path, ZEROHARM_WEBHOOK_FORMAT="dingding")
    assert result.returncode != 0 and "ZEROHARM_WEBHOOK_FORMAT must be json, wecom or dingtalk" in result.stderr


@pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="redis-server is not installed (apt-get install redis-server): the URL's parsing is tested above",
)
def test_a_redis_cache_url_reaches_redis(tmp_path):
    from django.core.cache.backends.redis import RedisCache

    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--dir", str(tmp_path)], stdout=subprocess.DEVNULL
    )
    try:
        config = cache_from_url(f"redis://127.0.0.1:{port}/0")
        cache = RedisCache(config["LOCATION"], {})
        for _ in range(100):  # until it listens; nothing here depends on how long that takes
            try:
                cache.set("kind-labels", {"team": "班组"})
                break
            except Exception:  # noqa: BLE001 - connection refused while it starts
                time.sleep(0.1)
        assert cache.get("kind-labels") == {"team": "班组"}
    finally:
        stop(server)


@pytest.mark.django_db
def test_migrate_creates_the_shared_cache_table(settings):
    from django.core.cache import caches
    from django.core.management import call_command
    from django.db import connection

    settings.CACHES = {"default": cache_from_url("db://zeroharm_test_cache")}
    assert "zeroharm_test_cache" not in connection.introspection.table_names()
    call_command("migrate", verbosity=0)  # nothing to migrate; its post_migrate step still runs
    assert "zeroharm_test_cache" in connection.introspection.table_names()
    caches["default"].set("kind-labels", {"team": "班组"})
    assert caches["default"].get("kind-labels") == {"team": "班组"}
