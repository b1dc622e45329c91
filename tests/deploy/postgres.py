"""The deployment tests' PostgreSQL: databases of their own on the server of DATABASE_URL, made and dropped over one
administrative connection (skipped where there is no such server)."""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest


def server_url() -> str:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs PostgreSQL: set DATABASE_URL=postgres://… (CI's PostgreSQL run does)")
    return url


def url_of(name: str) -> str:
    """The URL of database `name` on the same server."""
    return server_url().rsplit("/", 1)[0] + "/" + name


@contextmanager
def admin_connection():
    """A connection to the server's `postgres` database, in autocommit (CREATE and DROP DATABASE need it)."""
    import dj_database_url
    import psycopg

    conf = dj_database_url.parse(server_url())
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


@contextmanager
def own_database(template: str | None = None) -> Iterator[str]:
    """A database of its own (a copy of `template` if given), its name; dropped afterwards."""
    name = f"zeroharm_deploy_{secrets.token_hex(4)}"
    with admin_connection() as admin:
        admin.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        try:
            yield name
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def recreate(database_url: str) -> None:
    """The guide's `dropdb` + `createdb` of the database at `database_url`: empty again, same name."""
    name = database_url.rsplit("/", 1)[1]
    with admin_connection() as admin:
        admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
