"""Set-up and security: deploy checks, migrations, login throttling, password rules, sign-out, CSP."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD

ROOT = Path(__file__).resolve().parents[2]


def run_zeroharm(*args, env=None, **kwargs):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("ZEROHARM_", "DJANGO_"))}
    return subprocess.run(
        [sys.executable, "-m", "zeroharm.cli", *args],
        capture_output=True,
        text=True,
        env={**base, **(env or {})},
        cwd=ROOT,
        timeout=300,
        **kwargs,
    )


def test_deploy_check_is_clean_in_production_mode(tmp_path):
    env = {"ZEROHARM_VAR_DIR": str(tmp_path), "ZEROHARM_ALLOWED_HOSTS": "safety.example.com"}
    # Without a PDF signing key, signed PDFs would go out without their PAdES seal: the check says so and how.
    result = run_zeroharm("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0 and "core.W001" in result.stderr + result.stdout
    assert "zeroharm pdf_signing_key" in result.stderr + result.stdout
    assert not (tmp_path / "pdf-signing").exists()  # production makes no key of its own
    made = run_zeroharm("pdf_signing_key", "--organisation", "Example Group", env=env)
    assert made.returncode == 0, made.stderr
    result = run_zeroharm("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    # The secret key was generated on first run and kept outside the repository.
    key = (tmp_path / "secret_key").read_text()
    assert len(key) >= 50 and oct((tmp_path / "secret_key").stat().st_mode)[-3:] == "600"


@pytest.mark.slow
def test_static_files_are_collected_for_production(tmp_path):
    """The production storage (hashed names, compressed) must hold every file the pages ask for."""
    result = run_zeroharm("collectstatic", "--noinput", "-v0", env={"ZEROHARM_VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    import json

    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    for needed in (
        "zeroharm/app.css",
        "zeroharm/favicon.svg",
        "django_htmx/htmx-2.min.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
    ):
        assert needed in manifest
    # Served compressed, except the source maps only developer tools fetch (not worth compressing at each install).
    bundle = tmp_path / "static" / manifest["drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js"]
    assert Path(f"{bundle}.br").exists() and Path(f"{bundle}.gz").exists()
    maps = list((tmp_path / "static").rglob("*.map"))
    assert maps and not any(Path(f"{m}.br").exists() or Path(f"{m}.gz").exists() for m in maps)


def test_migrations_are_complete(db):
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_login_is_throttled(world, client, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(2):
        assert client.post(reverse("login"), {"username": "leader_a", "password": "wrong"}).status_code == 200
    assert client.post(reverse("login"), {"username": "leader_a", "password": "wrong"}).status_code == 429
    # Locked: even the right password is refused for now.
    locked = client.post(reverse("login"), {"username": "leader_a", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()


@pytest.mark.django_db
def test_sign_in_and_sign_out(world, client):
    response = client.post(reverse("login"), {"username": "leader_a", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("logout")).status_code == 405  # sign-out is a POST (CSRF-protected)
    client.post(reverse("logout"))
    assert client.get(reverse("home")).status_code == 302


@pytest.mark.django_db
def test_password_rules(world, client_for):
    from zeroharm.org.models import Person

    person = Person.objects.create(employee_no="NEW1", name="New", unit=world.unit("A1a"))
    c = client_for("admin")
    weak = c.post(reverse("accounts:user_add"), {"person": "NEW1", "username": "newbie", "password": "12345678"})
    assert "This password is too short" in weak.content.decode() or "too common" in weak.content.decode()
    good = c.post(reverse("accounts:user_add"), {"person": "NEW1", "username": "newbie", "password": "Long-enough-9"})
    assert good.status_code == 302
    person.refresh_from_db()
    assert person.user.username == "newbie" and person.user.check_password("Long-enough-9")


@pytest.mark.django_db
def test_csrf_is_enforced(world):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(world.users["admin"])
    assert c.post(reverse("org:person_archive", args=[world.people["A1a"].pk])).status_code == 403


@pytest.mark.django_db
def test_security_headers(world, client_for):
    response = client_for("admin").get(reverse("home"))
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_language_choice_follows_the_user(world, client_for):
    c = client_for("leader_a")
    c.post(reverse("set_language"), {"language": "zh-hans", "next": "/"})
    world.users["leader_a"].refresh_from_db()
    assert world.users["leader_a"].language == "zh-hans"
    page = c.get(reverse("home"))
    assert page["Content-Language"] == "zh-hans" and '<html lang="zh-hans">' in page.content.decode()


@pytest.mark.django_db
def test_planner_statistics_scan_runs_analyze_once_a_day(settings, tmp_path):
    from django.db import connection

    from zeroharm.core.hooks import planner_statistics

    settings.VAR_DIR = tmp_path
    if connection.vendor != "sqlite":
        assert planner_statistics() == "not needed on this database"
        return
    assert planner_statistics() == "ANALYZE done"
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'sqlite_stat1'")
        assert cursor.fetchone()[0] == 1
    assert planner_statistics() == "fresh"


@pytest.mark.django_db
@pytest.mark.parametrize("body", ["true", "[1]", '"x"', "null", '{"archived": "maybe"}'])
def test_archive_endpoints_answer_400_to_a_body_that_is_not_an_object(world, client_for, body):
    """Found by schemathesis on a clean clone: `true` as the body was a 500 (bool has no .get)."""
    c = client_for("admin")
    for url in (f"/api/v1/people/{world.people['A1a'].pk}/archive/", f"/api/v1/units/{world.unit('A1a').pk}/archive/"):
        response = c.post(url, body, content_type="application/json")
        assert response.status_code == 400 and response.json()["type"] == "validation_error", response.content
    world.people["A1a"].refresh_from_db()
    assert not world.people["A1a"].is_archived
