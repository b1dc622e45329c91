"""Fixtures of the deployment tests: a PostgreSQL database of their own."""

from __future__ import annotations

import os
import secrets

import pytest


@pytest.fixture
def database():
    """A database of its own on the PostgreSQL server of DATABASE_URL (its URL), dropped afterwards."""
    import dj_database_url
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI's PostgreSQL run does)")
    conf = dj_database_url.parse(url)
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
    name = f"zeroharm_deploy_{secrets.token_hex(4)}"
    admin.execute(f'CREATE DATABASE "{name}"')
    url = url.rsplit("/", 1)[0] + "/" + name
    try:
        yield url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()
