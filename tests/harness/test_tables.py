"""Emptying the tables between tests never deadlocks with a transaction still running on them."""

from __future__ import annotations

import asyncio

from sqlalchemy import func, select

from storage.models import Account
from storage.models.slack_event import SlackEvent
from storage.queries.accounts import account_for_team
from tests.harness.tables import empty_tables


async def test_emptying_waits_out_a_transaction_that_locks_the_tables_in_the_other_order(db_engine, db):
    async with db() as other:
        await account_for_team(other, "T_LATE")  # holds a lock on accounts, the last table emptied
        emptying = asyncio.create_task(empty_tables(db_engine))
        await asyncio.sleep(0.3)  # meanwhile the TRUNCATE took the tables before accounts and waits for it
        other.add(SlackEvent(event_id="Ev_LATE", team_id="T_LATE"))  # slack_events: one it took
        await other.commit()
    await emptying

    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(Account)) == 0
        assert await session.scalar(select(func.count()).select_from(SlackEvent)) == 0
