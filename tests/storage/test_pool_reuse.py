"""The default pool keeps the connections a burst of concurrent clicks needs (bot.config's pool settings).

With a pool smaller than the requests in flight, every connection beyond it is opened for one statement and
closed on return: a new PostgreSQL backend (a fork, authentication, empty caches, no prepared statements)
for a fraction of the clicks, which cost walkbot and the database more CPU than the statements themselves
(bench/clicks.py counts the connections opened)."""

import asyncio

from sqlalchemy import text

from bot.config import Settings
from storage.database import create_engine

IN_FLIGHT = 20  # bench/clicks.py's --concurrency: clicks in flight at once


async def test_twenty_requests_in_flight_reuse_the_same_connections_round_after_round(database_url):
    engine = create_engine(database_url, pool_size=Settings.db_pool_size, max_overflow=Settings.db_max_overflow)

    async def one_request() -> int:
        async with engine.connect() as conn:
            return await conn.scalar(text("SELECT pg_backend_pid() FROM pg_sleep(0.02)"))

    try:
        first_round = set(await asyncio.gather(*(one_request() for _ in range(IN_FLIGHT))))
        later_rounds = set()
        for _ in range(4):
            later_rounds |= set(await asyncio.gather(*(one_request() for _ in range(IN_FLIGHT))))
    finally:
        await engine.dispose()

    assert len(first_round) == IN_FLIGHT
    assert later_rounds <= first_round, f"{len(later_rounds - first_round)} connections opened after the first round"
