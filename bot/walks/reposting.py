"""Looking at a walk without changing it: for modal pre-fills, and to post its card again (`/walk mine`)."""

from __future__ import annotations

import uuid

from slack_sdk.web.async_client import AsyncWebClient

from bot.engine.kinds import WalkStatus
from bot.rendering.text import notice_blocks
from bot.runtime import Runtime
from bot.slack_messages import SlackUserError, update_message
from bot.walks.actors import Actor
from bot.walks.cards import post_card, walk_card
from bot.walks.ownership import refusal
from bot.walks.stepping import Stepped, show_walk
from storage.queries import sessions


async def load_walk(runtime: Runtime, actor: Actor, session_id: uuid.UUID) -> Stepped | None:
    async with runtime.db.begin() as db:
        session = await sessions.get_session(db, actor.account_id, session_id)
        return None if session is None else await show_walk(db, session)


async def repost_card(
    runtime: Runtime, client: AsyncWebClient, actor: Actor, session_id: uuid.UUID, channel_id: str
) -> str | None:
    """Post the walk's card again here; the old card says where the walk went. Returns a problem, or None."""
    async with runtime.db.begin() as db:
        session = await sessions.get_session(db, actor.account_id, session_id)
        if session is None:
            return "This walk no longer exists."
        if session.status != WalkStatus.ACTIVE:
            return f"This walk is already {session.status}."
        refused = await refusal(db, session, actor)
        if refused:
            return refused
        old_channel, old_ts = session.channel_id, session.message_ts
        card = await walk_card(db, await show_walk(db, session))
    try:  # posted outside the transaction, then its place recorded
        ts = await post_card(client, channel_id, card, runtime.channels)
    except SlackUserError as exc:
        return str(exc)
    async with runtime.db.begin() as db:
        await sessions.record_card(db, actor.account_id, session.id, channel_id, ts)
    if old_channel and old_ts and (old_channel, old_ts) != (channel_id, ts):
        moved = notice_blocks(f":arrow_down: This walk continues in a new card in <#{channel_id}>.")
        await update_message(client, old_channel, old_ts, moved, "This walk moved to a new card.")
    return None
