"""What background loops expire: walks nobody touches for a while (their cards say so), and old Slack event ids."""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.rendering.text import notice_blocks
from bot.runtime import Runtime
from bot.slack_messages import update_message
from storage.queries import sessions, slack_events

# The Web API client for an account's workspace (None when walkbot is no longer installed there).
ClientFor = Callable[[uuid.UUID], Awaitable[AsyncWebClient | None]]


async def abandon_idle_walks(runtime: Runtime, client_for: ClientFor) -> int:
    """Mark walks untouched for WALKBOT_IDLE_ABANDON_MINUTES abandoned (one conditional UPDATE), then
    redraw their cards after the commit with the account's Slack client. Returns how many ended."""
    minutes = runtime.settings.idle_abandon_minutes
    async with runtime.db.begin() as db:
        expired = await sessions.abandon_idle(db, datetime.now(UTC) - timedelta(minutes=minutes))
    for session in expired:
        client = await client_for(session.account_id)
        if client is not None and session.channel_id and session.message_ts:
            text = (
                f":zzz: This walk was abandoned after {minutes} idle minutes. "
                f"Start again with `/walk {session.ticket_id}`."
            )
            await update_message(client, session.channel_id, session.message_ts, notice_blocks(text), text)
    return len(expired)


# Slack redelivers an event for minutes, so a day of ids is plenty; an intake card's claim is kept longer
# (a month), since an old card's button must still refuse to start a second walk, and so is a weekly
# digest's (bot/reports/digest.py), so last week's digest is never posted twice.
EVENT_IDS_KEPT = timedelta(days=1)
INTAKE_CLAIMS_KEPT = timedelta(days=30)


async def prune_slack_events_once(runtime: Runtime) -> int:
    """Keep slack_events bounded: forget handled event ids once Slack can no longer redeliver them."""
    async with runtime.db.begin() as db:
        return await slack_events.forget_events_older_than(
            db, EVENT_IDS_KEPT, claims_prefix=("intake:", "digest:"), claims_age=INTAKE_CLAIMS_KEPT
        )
