"""Pooled connections are checked before use only after sitting idle (storage.database.create_engine).

A connection the server dropped while it waited in the pool is replaced on checkout once it was idle past
the threshold; one reused sooner fails its one statement, and the pool then replaces every connection it had.
"""

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from storage.database import create_engine

BACKEND = text("SELECT pg_backend_pid()")


async def _terminate(engine, pid: int) -> None:
    async with engine.connect() as conn:
        assert await conn.scalar(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})


@pytest.fixture
async def admin(database_url):
    engine = create_engine(database_url, pool_size=1)
    yield engine
    await engine.dispose()


async def test_a_connection_dropped_while_idle_past_the_threshold_is_replaced_on_checkout(database_url, admin):
    engine = create_engine(database_url, pool_size=1, max_overflow=0, ping_after_idle=0)
    try:
        async with engine.connect() as conn:
            first = await conn.scalar(BACKEND)
        await _terminate(admin, first)

        async with engine.connect() as conn:  # the ping finds it dead: a new connection, no error
            second = await conn.scalar(BACKEND)

        assert second != first
    finally:
        await engine.dispose()


async def test_a_connection_reused_within_the_threshold_is_not_pinged_and_a_dead_one_fails_only_once(
    database_url, admin
):
    engine = create_engine(database_url, pool_size=1, max_overflow=0, ping_after_idle=3600)
    try:
        async with engine.connect() as conn:
            first = await conn.scalar(BACKEND)
        await _terminate(admin, first)

        with pytest.raises(DBAPIError) as failed:
            async with engine.connect() as conn:
                await conn.scalar(BACKEND)
        assert failed.value.connection_invalidated
        async with engine.connect() as conn:
            assert await conn.scalar(BACKEND) != first
    finally:
        await engine.dispose()
