"""Fixtures of the deployment tests: a PostgreSQL database of their own, as a new installation's `migrate` leaves it."""

from __future__ import annotations

import pytest

from tests.deploy.postgres import own_database, url_of
from tests.deploy.processes import clean_environment, zeroharm


@pytest.fixture(scope="session")
def _migrated_template(tmp_path_factory):
    """One database that `zeroharm migrate` brought to the current schema, as a new installation's first step does,
    made once per test process: replaying the 64 migrations takes about a minute of CPU (Django renders the model
    states again after each operation)."""
    with own_database() as name:
        env = clean_environment(
            DATABASE_URL=url_of(name),
            ZEROHARM_VAR_DIR=str(tmp_path_factory.mktemp("template-var")),
            ZEROHARM_SECRET_KEY="template",
            ZEROHARM_MEDIA_STORAGE="file",
        )
        zeroharm("migrate", "--noinput", "-v0", env=env)
        yield name


@pytest.fixture
def migrated_database(_migrated_template):
    """A database of its own on the PostgreSQL server of DATABASE_URL that `zeroharm migrate` has already brought to
    the current schema (a copy of one migrated template: CREATE DATABASE … TEMPLATE), its URL; dropped afterwards.
    Mark its tests with `processes.MIGRATED`."""
    with own_database(template=_migrated_template) as name:
        yield url_of(name)
