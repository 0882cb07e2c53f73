"""Loops every ``walkbot serve`` process runs beside Slack: PSA write-back, expiring idle walks, pruning old
Slack event ids, the weekly digest.

All are safe to run in several processes at once: the outbox leases rows with SKIP
LOCKED, expiry is one conditional UPDATE, and a digest's week is claimed before it is posted.
Each pass calls one use-case function; the loops own no transactions.
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from slack_bolt.async_app import AsyncApp
from slack_sdk.web.async_client import AsyncWebClient

from bot.app import slack_client_for_account
from bot.reports.digest import weekly_digest_loop
from bot.runtime import Runtime
from bot.walks.expiry import abandon_idle_walks, prune_slack_events_once
from bot.walks.parked_writes import announce_parked
from bot.writeback.loop import run_outbox_loop
from bot.writeback.worker import LeasedWrite

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 60
PRUNE_EVERY_SECONDS = 3600


async def write_back_loop(runtime: Runtime, bolt: AsyncApp) -> None:
    async def on_parked(write: LeasedWrite, error: str) -> None:
        client = await slack_client_for_account(runtime, bolt.client, write.account_id)
        if client is not None:
            await announce_parked(runtime, client, write, error)

    await run_outbox_loop(runtime, on_parked=on_parked)


async def expire_idle_walks(runtime: Runtime, bolt: AsyncApp) -> None:
    """Mark walks untouched for WALKBOT_IDLE_ABANDON_MINUTES abandoned, and say so on their cards."""

    async def client_for(account_id: uuid.UUID) -> AsyncWebClient | None:
        return await slack_client_for_account(runtime, bolt.client, account_id)

    while True:
        try:
            await abandon_idle_walks(runtime, client_for)
        except Exception:  # the loop must outlive one bad pass (database restart, Slack outage)
            log.exception("idle-walk expiry pass failed")
        await asyncio.sleep(IDLE_CHECK_SECONDS)


async def prune_slack_events(runtime: Runtime, bolt: AsyncApp) -> None:
    """Keep slack_events bounded: forget handled event ids once Slack can no longer redeliver them."""
    while True:
        try:
            await prune_slack_events_once(runtime)
        except Exception:  # the loop must outlive one bad pass
            log.exception("slack_events pruning failed")
        await asyncio.sleep(PRUNE_EVERY_SECONDS)


BACKGROUND_TASKS = [write_back_loop, expire_idle_walks, prune_slack_events, weekly_digest_loop]
