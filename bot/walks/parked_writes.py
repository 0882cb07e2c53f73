"""A write-back the outbox gave up on is announced where the technician will see it: the walk's thread."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from storage.queries import sessions
from storage.queries.outbox import LeasedWrite


async def announce_parked(runtime: Runtime, client: AsyncWebClient, write: LeasedWrite, error: str) -> None:
    if write.session_id is None:
        return
    async with runtime.db.begin() as db:
        session = await sessions.get_session(db, write.account_id, write.session_id)
    if session is not None:
        await runtime.channels.thread_note(
            client,
            session.channel_id,
            session.message_ts,
            f":warning: This walk could not be written to ticket #{write.ticket_id} after several tries ({error}). "
            "Nothing is lost: an admin can send it again with `walkbot outbox retry`.",
        )
