"""Thread replies on a walk card become notes on the step that was current when they were written.

Slack redelivers events it thinks we missed; the event id is claimed in the same
transaction as the note, so a redelivery changes nothing. Edits and deletions follow
the message by its ts, which is the note's ``source_id``.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.engine import AddNote, DeleteNote, EditNote
from bot.engine.kinds import TicketKind, WalkStatus
from bot.runtime import Runtime
from bot.walks.cards import slack_id_of
from bot.walks.holding import holder_of
from bot.walks.stepping import step_locked
from storage.queries import accounts, sessions, slack_events

log = logging.getLogger(__name__)

CAPTURED_REACTION = "memo"


# A reply may arrive while the card's ts is still being recorded (the card is posted, then its ts
# written): a reply in a thread walkbot started is looked for again for this long before it is dropped.
UNMATCHED_RETRIES = 10
UNMATCHED_WAIT_SECONDS = 0.5
# Subtypes that are still a person's reply: a reply with files, and one also sent to the channel.
REPLY_SUBTYPES = ("file_share", "thread_broadcast")


@dataclass(frozen=True)
class SharedFile:
    """A file attached to a reply, as the event carries it (``check`` = ask files.info for the rest)."""

    file_id: str
    name: str
    permalink: str
    check: bool = False


@dataclass(frozen=True)
class ThreadChange:
    """A thread message event, reduced to what a note needs."""

    kind: str  # add | edit | delete
    channel_id: str
    thread_ts: str
    message_ts: str
    user_id: str | None = None
    text: str = ""
    files: tuple[SharedFile, ...] = ()
    in_walkbot_thread: bool = False  # the thread's parent is walkbot's: worth waiting for its card's ts


def thread_change(event: dict[str, Any], bot_user_id: str | None = None) -> ThreadChange | None:
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
        return ThreadChange("delete", channel, previous["thread_ts"], event["deleted_ts"], previous.get("user"))
    if (subtype is not None and subtype not in REPLY_SUBTYPES) or _from_bot(event):
        return None
    if not event.get("thread_ts") or event.get("thread_ts") == event.get("ts"):
        return None
    return ThreadChange(
        "add",
        channel,
        event["thread_ts"],
        event["ts"],
        event.get("user"),
        event.get("text", ""),
        files=tuple(_shared_file(f) for f in event.get("files") or () if isinstance(f, dict)),
        in_walkbot_thread=bool(bot_user_id) and event.get("parent_user_id") == bot_user_id,
    )


def _shared_file(raw: dict[str, Any]) -> SharedFile:
    return SharedFile(
        file_id=str(raw.get("id") or ""),
        name=str(raw.get("name") or raw.get("title") or ""),
        permalink=str(raw.get("permalink") or ""),
        check=raw.get("file_access") == "check_file_info",
    )


async def _known_files(client: AsyncWebClient, files: tuple[SharedFile, ...]) -> list[SharedFile]:
    """Files as the note lists them; only a file shared with ``file_access: check_file_info`` costs a files.info."""
    known = []
    for file in files:
        if file.check and file.file_id:
            try:
                info = (await client.files_info(file=file.file_id)).get("file") or {}
                file = _shared_file(info | {"id": file.file_id})
            except SlackApiError as exc:
                log.info("files.info %s failed: %s", file.file_id, exc.response.get("error"))
        known.append(file)
    return known


def note_text(text: str, files: list[SharedFile]) -> str:
    """The reply's text, then its files by name and link (the PSA note keeps both)."""
    if not files:
        return text
    listed = "; ".join(f"{f.name or 'a file'} <{f.permalink}>" if f.permalink else (f.name or "a file") for f in files)
    return f"{text}\nFiles: {listed}".strip()


def _from_bot(message: dict[str, Any]) -> bool:
    return bool(message.get("bot_id") or message.get("bot_profile") or message.get("subtype") == "bot_message")


async def capture_thread_reply(
    runtime: Runtime, client: AsyncWebClient, team_id: str, event_id: str | None, change: ThreadChange
) -> bool:
    """Store the change as a note; True when a new note was captured.

    Only the walk's holder (its technician, or who took it over) adds notes. Once a walk has ended,
    its notes are what the PSA note was written from: a later reply is not stored, and an edit or a
    deletion leaves the note as it was written. In each case the author is told, ephemerally, why.
    """
    now = datetime.now(UTC)
    text = note_text(change.text, await _known_files(client, change.files)) if change.kind == "add" else change.text
    tries = UNMATCHED_RETRIES if change.in_walkbot_thread else 0
    for attempt in range(tries + 1):
        async with runtime.db.begin() as db:
            account = await accounts.account_for_team(db, team_id)
            session = await sessions.lock_session_for_message(db, account.id, change.channel_id, change.thread_ts)
            if session is not None:
                untouched, stepped = await _apply_change(db, session, change, text, event_id, team_id, now)
                break
        if attempt < tries:  # not a walk's thread, or its card's ts is not recorded yet
            await asyncio.sleep(UNMATCHED_WAIT_SECONDS)
    else:
        return False  # a thread that is not a walk's
    if stepped is None:
        if untouched:
            await _tell_author(client, change, untouched)
        return False
    if change.kind == "add" and stepped.outcome.changed:
        try:
            await client.reactions_add(channel=change.channel_id, timestamp=change.message_ts, name=CAPTURED_REACTION)
        except SlackApiError as exc:
            log.info("could not react to a captured note (session %s): %s", session.id, exc.response.get("error"))
        return True
    return False


async def _apply_change(db, session, change: ThreadChange, text: str, event_id, team_id: str, now: datetime):
    """(what to tell the author when nothing was stored, or None; the stepped walk, None when nothing was stored)
    — in the transaction that locked the walk."""
    if event_id and not await slack_events.claim_event(db, event_id, team_id):
        return None, None  # a redelivery: already handled
    if session.status != WalkStatus.ACTIVE:
        if change.kind == "add":
            return _ended_reply(session), None
        if any(n.get("source_id") == change.message_ts for n in session.walk_notes or ()):
            return _ended_change(session, change.kind), None
        return None, None  # not one of the walk's notes
    if change.kind == "add":
        holder = await slack_id_of(db, await holder_of(db, session))
        if change.user_id != holder:
            return NOT_THE_HOLDER.format(holder=holder), None
        action = AddNote(text=text, author=change.user_id or "", source="thread", source_id=change.message_ts, at=now)
    elif change.kind == "edit":
        action = EditNote(source_id=change.message_ts, text=change.text, at=now)
    else:
        action = DeleteNote(source_id=change.message_ts)
    return None, await step_locked(db, session, action)


NOT_THE_HOLDER = (
    "This is <@{holder}>'s walk, so your reply was not added to its notes: only the person walking it adds notes. "
    "Engineers and admins can click *Take over* on its card to carry it on."
)


def _written_to_ticket(session) -> bool:
    return session.ticket_kind == TicketKind.PSA and session.status in (WalkStatus.RESOLVED, WalkStatus.ESCALATED)


def _ended_reply(session) -> str:
    return (
        f"This walk is already {session.status}, so your reply was not added to it and will not reach "
        f"ticket {session.ticket_id}. Add it to the ticket in your PSA, or start a new walk with "
        f"`/walk {session.ticket_id}`."
    )


def _ended_change(session, kind: str) -> str:
    what = "edit" if kind == "edit" else "deletion"
    if _written_to_ticket(session):
        return (
            f"This walk is already {session.status}, so your {what} was not applied: ticket {session.ticket_id} "
            "keeps the note as it was written when the walk ended. Correct it in your PSA if it needs to change."
        )
    return f"This walk is already {session.status}, so your {what} was not applied to its notes."


async def _tell_author(client: AsyncWebClient, change: ThreadChange, text: str) -> None:
    if not change.user_id:
        return
    try:
        await client.chat_postEphemeral(
            channel=change.channel_id, user=change.user_id, thread_ts=change.thread_ts, text=text
        )
    except SlackApiError as exc:
        log.info("could not tell %s their reply was not stored: %s", change.user_id, exc.response.get("error"))
