"""Fixtures of the deployment tests: a PostgreSQL database of their own, empty or as a new installation leaves it."""

from __future__ import annotations

import os
import secrets
from contextlib import contextmanager

import pytest

from tests.deploy.processes import clean_environment, zeroharm


def _server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI's PostgreSQL run does)")
    return url


@contextmanager
def _admin_connection():
    import dj_database_url
    import psycopg

    conf = dj_database_url.parse(_server_url())
    server = {
        "host": conf["HOST"] or None,
        "port": conf["PORT"] or None,
        "user": conf["USER"] or None,
        "password": conf["PASSWORD"] or None,
    }
    try:
        admin = psycopg.connect(dbname="postgres", autocommit=True, connect_timeout=5, **server)
    except psycopg.OperationalError as exc:
        pytest.skip(f"PostgreSQL of DATABASE_URL is not reachable: {exc}")
    try:
        yield admin
    finally:
        admin.close()


def _url_of(name: str) -> str:
    return _server_url().rsplit("/", 1)[0] + "/" + name


@contextmanager
def _own_database(template: str | None = None):
    """A database of its own (a copy of `template` if given), its URL; dropped afterwards."""
    name = f"zeroharm_deploy_{secrets.token_hex(4)}"
    with _admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        try:
            yield name
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def database():
    """A new, empty database on the PostgreSQL server of DATABASE_URL (its URL), dropped afterwards."""
    with _own_database() as name:
        yield _url_of(name)


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory):
    """One database that `zeroharm migrate` brought to the current schema, as a new installation's first step does,
    made once per test process: replaying the 64 migrations takes about a minute of CPU (Django renders the model
    states again after each operation)."""
    with _own_database() as name:
        env = clean_environment(
            DATABASE_URL=_url_of(name),
            ZEROHARM_VAR_DIR=str(tmp_path_factory.mktemp("template-var")),
            ZEROHARM_SECRET_KEY="template",
            ZEROHARM_MEDIA_STORAGE="file",
        )
        zeroharm("migrate", "--noinput", "-v0", env=env)
        yield name


@pytest.fixture
def migrated_database(_migrated_template):
    """A database of its own that `zeroharm migrate` has already brought to the current schema (a copy of one
    migrated template: CREATE DATABASE … TEMPLATE), its URL; dropped afterwards. Mark its tests with
    `processes.MIGRATED`."""
    with _own_database(template=_migrated_template) as name:
        yield _url_of(name)
