"""Who may act on a walk: its technician, or whoever took it over; engineers and admins may take over.

The rule lives here, in the use-case layer, so every surface (buttons, modals, the terminal)
obeys it. The common click — the technician on their own walk — costs no extra query: the
walk's holder is looked up in its events only after a take-over (``acting_as``) or when
someone else clicks.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine.kinds import WalkStatus
from bot.runtime import Runtime
from bot.walks.actors import Actor
from bot.walks.cards import refresh_card, slack_id_of
from bot.walks.holding import COVERAGE, TAKEN_OVER_EVENT, holder_of
from bot.walks.people import remember_profile
from storage.models import L1WalkSession
from storage.queries import accounts, sessions


async def refusal(db: AsyncSession, session: L1WalkSession, actor: Actor) -> str | None:
    """None when ``actor`` may answer, resolve, escalate or abandon the walk; else what to tell them."""
    if session.created_by_user_id == actor.user_id and session.acting_as != COVERAGE:
        return None
    holder = await holder_of(db, session)
    if holder == actor.user_id:
        return None
    message = f"This is <@{await slack_id_of(db, holder)}>'s walk, so your click changed nothing."
    if actor.is_engineer:
        message += " To carry it on yourself, click *Take over* on its card."
    elif await _holder_left(db, holder):
        message += " They have left the workspace: click *Take over* on its card to carry it on."
    return message


async def refusal_outside(runtime: Runtime, session: L1WalkSession, actor: Actor) -> str | None:
    """``refusal`` for a walk read earlier (a modal about to open); the technician's own click reads nothing."""
    if session.created_by_user_id == actor.user_id and session.acting_as != COVERAGE:
        return None
    async with runtime.db.begin() as db:
        return await refusal(db, session, actor)


async def _holder_left(db: AsyncSession, holder: uuid.UUID) -> bool:
    user = await accounts.user_by_id(db, holder)
    return user is not None and user.deleted


@dataclass(frozen=True)
class TakeOverResult:
    message: str | None  # ephemeral to the clicker when the take-over did not happen


async def take_over_walk(
    runtime: Runtime, client: AsyncWebClient, actor: Actor, session_id: uuid.UUID
) -> TakeOverResult:
    """Hand the walk to ``actor``: engineers and admins always, anyone when its holder left Slack.

    The change of hands is an event on the walk (who, from whom); ``acting_as`` says the walk is
    now carried on in coverage. The technician stays the walk's technician (the PSA note names both).
    """
    await remember_profile(runtime, client, actor)
    async with runtime.db.begin() as db:
        session = await sessions.lock_session(db, actor.account_id, session_id)
        if session is None:
            return TakeOverResult("This walk no longer exists.")
        if session.status != WalkStatus.ACTIVE:
            return TakeOverResult(f"This walk is already {session.status}.")
        holder = await holder_of(db, session)
        if holder == actor.user_id:
            return TakeOverResult("This walk is already yours.")
        if not actor.is_engineer and not await _holder_left(db, holder):
            return TakeOverResult(
                "Only engineers and walkbot admins can take over someone else's walk. "
                f"Ask <@{await slack_id_of(db, holder)}>, or an engineer, to carry it on."
            )
        previous = await slack_id_of(db, holder)
        session.acting_as = COVERAGE
        await sessions.log_event(
            db,
            session.id,
            TAKEN_OVER_EVENT,
            {"user_id": str(actor.user_id), "slack_user_id": actor.slack_user_id, "from": previous},
        )
    line = f":handshake: <@{actor.slack_user_id}> took over this walk from <@{previous}>."
    await refresh_card(runtime, client, actor.account_id, session_id)  # the card now names who holds it
    await runtime.channels.thread_note(client, session.channel_id, session.message_ts, line)
    return TakeOverResult(None)
