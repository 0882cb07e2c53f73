"""Thread replies on a walk card become notes on the step that was current when they were written.

Slack redelivers events it thinks we missed; the event id is claimed in the same
transaction as the note, so a redelivery changes nothing. Edits and deletions follow
the message by its ts, which is the note's ``source_id``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.engine import AddNote, DeleteNote, EditNote
from bot.runtime import Runtime
from bot.walks.stepping import step_locked
from storage.queries import accounts, sessions, slack_events

log = logging.getLogger(__name__)

CAPTURED_REACTION = "memo"


@dataclass(frozen=True)
class ThreadChange:
    """A thread message event, reduced to what a note needs."""

    kind: str  # add | edit | delete
    channel_id: str
    thread_ts: str
    message_ts: str
    user_id: str | None = None
    text: str = ""


def thread_change(event: dict[str, Any]) -> ThreadChange | None:
    """None for anything that is not a person's reply in a thread (bots, walkbot itself, top-level messages)."""
    subtype = event.get("subtype")
    channel = event.get("channel", "")
    if subtype == "message_changed":
        message = event.get("message") or {}
        if _from_bot(message) or not message.get("thread_ts") or message.get("thread_ts") == message.get("ts"):
            return None
        return ThreadChange(
            "edit", channel, message["thread_ts"], message["ts"], message.get("user"), message.get("text", "")
        )
    if subtype == "message_deleted":
        previous = event.get("previous_message") or {}
        if not previous.get("thread_ts") or not event.get("deleted_ts"):
            return None
        return ThreadChange("delete", channel, previous["thread_ts"], event["deleted_ts"])
    if subtype is not None or _from_bot(event):
        return None
    if not event.get("thread_ts") or event.get("thread_ts") == event.get("ts"):
        return None
    return ThreadChange("add", channel, event["thread_ts"], event["ts"], event.get("user"), event.get("text", ""))


def _from_bot(message: dict[str, Any]) -> bool:
    return bool(message.get("bot_id") or message.get("bot_profile") or message.get("subtype") == "bot_message")


async def capture_thread_reply(
    runtime: Runtime, client: AsyncWebClient, team_id: str, event_id: str | None, change: ThreadChange
) -> bool:
    """Store the change as a note; True when a new note was captured."""
    now = datetime.now(UTC)
    async with runtime.db.begin() as db:
        account = await accounts.account_for_team(db, team_id)
        session = await sessions.lock_session_for_message(db, account.id, change.channel_id, change.thread_ts)
        if session is None:
            return False  # a thread that is not a walk's
        if event_id and not await slack_events.claim_event(db, event_id, team_id):
            return False  # redelivery
        if change.kind == "add":
            action = AddNote(
                text=change.text, author=change.user_id or "", source="thread", source_id=change.message_ts, at=now
            )
        elif change.kind == "edit":
            action = EditNote(source_id=change.message_ts, text=change.text, at=now)
        else:
            action = DeleteNote(source_id=change.message_ts)
        stepped = await step_locked(db, session, action)
    if change.kind == "add" and stepped.outcome.changed:
        try:
            await client.reactions_add(channel=change.channel_id, timestamp=change.message_ts, name=CAPTURED_REACTION)
        except SlackApiError as exc:
            log.info("could not react to a captured note (session %s): %s", session.id, exc.response.get("error"))
        return True
    return False
