"""Shared fixtures: a throwaway PostgreSQL database per test run (per xdist worker), migrated by alembic.

Tests never share a database with anything else and never use SQLite. The server is
``TEST_DATABASE_URL`` (default: the local PostgreSQL on 127.0.0.1:5432, trust auth).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Iterator

import psycopg
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from tests.harness.tables import empty_tables

# End-to-end fixtures (fake Slack, a served walkbot, a signed-request driver): see tests/harness/fixtures.py.
pytest_plugins = ["tests.harness.fixtures"]

SERVER_URL = os.environ.get("TEST_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def _admin_conninfo() -> str:
    return make_url(SERVER_URL).set(drivername="postgresql").render_as_string(hide_password=False)


def create_throwaway_database(prefix: str = "walkbot_test") -> str:
    """Create an empty database on the test server and return its URL."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return make_url(_admin_conninfo()).set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(_admin_conninfo(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    """A migrated database that lives for this test run (this xdist worker) only."""
    url = create_throwaway_database()
    try:
        upgrade(url)
        yield url
    finally:
        drop_database(url)


@pytest.fixture(scope="session")
async def db_engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url, pool_size=5)
    yield engine
    await engine.dispose()


@pytest.fixture
async def db(db_engine: AsyncEngine) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    """Session factory on the run's database, emptied after each test."""
    yield create_session_factory(db_engine)
    await empty_tables(db_engine)
