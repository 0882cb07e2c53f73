"""Loops every ``walkbot serve`` process runs beside Slack: PSA write-back, expiring idle walks, the weekly digest.

All are safe to run in several processes at once: the outbox leases rows with SKIP
LOCKED, expiry is one conditional UPDATE, and a digest's week is claimed before it is posted.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta

from slack_bolt.async_app import AsyncApp

from bot.app import slack_client_for_account
from bot.rendering.text import notice_blocks
from bot.reports.digest import weekly_digest_loop
from bot.runtime import Runtime
from bot.slack_messages import post_thread_note, update_message
from storage.queries import sessions, slack_events
from storage.queries.outbox import LeasedWrite

log = logging.getLogger(__name__)

IDLE_CHECK_SECONDS = 60


async def write_back_loop(runtime: Runtime, bolt: AsyncApp) -> None:
    from bot.writeback.loop import run_outbox_loop

    async def on_parked(write: LeasedWrite, error: str) -> None:
        client = await slack_client_for_account(runtime, bolt.client, write.account_id)
        if client is not None:
            await announce_parked(runtime, client, write, error)

    await run_outbox_loop(runtime, on_parked=on_parked)


async def announce_parked(runtime: Runtime, client, write: LeasedWrite, error: str) -> None:
    """A parked write is shown where the technician will see it: the walk's thread."""
    if write.session_id is None:
        return
    async with runtime.db.begin() as db:
        session = await sessions.get_session(db, write.account_id, write.session_id)
    if session is not None:
        await post_thread_note(
            client,
            session.channel_id,
            session.message_ts,
            f":warning: This walk could not be written to ticket #{write.ticket_id} after several tries ({error}). "
            "Nothing is lost: an admin can send it again with `walkbot outbox retry`.",
        )


async def expire_idle_walks(runtime: Runtime, bolt: AsyncApp) -> None:
    """Mark walks untouched for WALKBOT_IDLE_ABANDON_MINUTES abandoned, and say so on their cards."""
    while True:
        try:
            await abandon_idle_once(runtime, bolt)
        except Exception:  # the loop must outlive one bad pass (database restart, Slack outage)
            log.exception("idle-walk expiry pass failed")
        await asyncio.sleep(IDLE_CHECK_SECONDS)


async def abandon_idle_once(runtime: Runtime, bolt: AsyncApp) -> int:
    cutoff = datetime.now(UTC) - timedelta(minutes=runtime.settings.idle_abandon_minutes)
    async with runtime.db.begin() as db:
        expired = await sessions.abandon_idle(db, cutoff)
    for session in expired:
        client = await slack_client_for_account(runtime, bolt.client, session.account_id)
        if client is not None and session.channel_id and session.message_ts:
            text = (
                f":zzz: This walk was abandoned after {runtime.settings.idle_abandon_minutes} idle minutes. "
                f"Start again with `/walk {session.ticket_id}`."
            )
            await update_message(client, session.channel_id, session.message_ts, notice_blocks(text), text)
    return len(expired)


PRUNE_EVERY_SECONDS = 3600
# Slack redelivers an event for minutes, so a day of ids is plenty; an intake card's claim is kept longer
# (a month), since an old card's button must still refuse to start a second walk, and so is a weekly
# digest's (bot/reports/digest.py), so last week's digest is never posted twice.
EVENT_IDS_KEPT = timedelta(days=1)
INTAKE_CLAIMS_KEPT = timedelta(days=30)


async def prune_slack_events(runtime: Runtime, bolt: AsyncApp) -> None:
    """Keep slack_events bounded: forget handled event ids once Slack can no longer redeliver them."""
    while True:
        try:
            await prune_slack_events_once(runtime)
        except Exception:  # the loop must outlive one bad pass
            log.exception("slack_events pruning failed")
        await asyncio.sleep(PRUNE_EVERY_SECONDS)


async def prune_slack_events_once(runtime: Runtime) -> int:
    async with runtime.db.begin() as db:
        return await slack_events.forget_events_older_than(
            db, EVENT_IDS_KEPT, claims_prefix=("intake:", "digest:"), claims_age=INTAKE_CLAIMS_KEPT
        )


BACKGROUND_TASKS = [write_back_loop, expire_idle_walks, prune_slack_events, weekly_digest_loop]
