"""Emptying the run's database between tests, in a way that cannot deadlock with a transaction still running.

TRUNCATE takes an ACCESS EXCLUSIVE lock on each table in turn. A transaction that already holds a lock on a
later table and then touches an earlier one (a listener updating a walk, then adding its event) waits for the
TRUNCATE while the TRUNCATE waits for it: PostgreSQL aborts one of them after deadlock_timeout (1 s). Here the
TRUNCATE gives up its locks well before that (lock_timeout) and tries again once the other transaction is done.
Stopping walkbot waits for its listeners (bot/listener_work.py), so normally nothing is running by then.
"""

from __future__ import annotations

import asyncio

from psycopg import errors
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

# Every table the app writes, emptied between tests (cheaper than a database per test).
TABLES = (
    "session_events",
    "psa_outbox",
    "escalations",
    "slack_events",
    "flow_proposals",
    "l1_walk_sessions",
    "trees",
    "users",
    "accounts",
    "slack_installations",
    "slack_bots",
    "slack_oauth_states",
)

LOCK_WAIT = "200ms"  # below the server's deadlock_timeout (1 s), so the TRUNCATE is never half of a deadlock
GIVE_UP_SECONDS = 30.0


async def empty_tables(engine: AsyncEngine) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + GIVE_UP_SECONDS
    while True:
        try:
            async with engine.begin() as conn:
                await conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'")
                await conn.exec_driver_sql(f"TRUNCATE {', '.join(TABLES)} RESTART IDENTITY CASCADE")
            return
        except DBAPIError as exc:
            if not isinstance(exc.orig, errors.LockNotAvailable):
                raise
            if loop.time() > deadline:
                raise AssertionError(
                    f"tables not emptied: after {GIVE_UP_SECONDS}s these still hold locks on them: "
                    f"{await _other_transactions(engine)}"
                ) from exc
        await asyncio.sleep(0.05)


async def _other_transactions(engine: AsyncEngine) -> list[tuple[str, str]]:
    """What the database's other open transactions are running (a test left work behind)."""
    async with engine.connect() as conn:
        rows = await conn.exec_driver_sql(
            "SELECT state, query FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND xact_start IS NOT NULL"
        )
        return [(state, query) for state, query in rows]
