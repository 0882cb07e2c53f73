"""Answering a walk's step from its card: an option, done / didn't work, a value, a link, back.

A refused action changes nothing; a stale one also redraws the card from the stored
state, so a technician looking at an out-of-date card gets the current one back.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine import StaleAction, WalkError
from bot.engine.actions import Action
from bot.engine.kinds import WalkStatus
from bot.runtime import Runtime
from bot.walks.actors import Actor, Clicker, resolve_actor
from bot.walks.ai_steps import serve_next_node
from bot.walks.cards import redraw_card, refresh_card, walk_card
from bot.walks.ownership import refusal
from bot.walks.stepping import Stepped, StepResult, step_locked
from storage.queries import sessions

log = logging.getLogger(__name__)

STALE_MESSAGE = "This step was already answered, so your click changed nothing. The card now shows the current step."
GONE_MESSAGE = "This walk no longer exists. Start a new one with `/walk TICKET`."


# Work that must commit together with the step (the write-back outbox row, the handoff record).
AlongWithStep = Callable[[AsyncSession, Stepped], Awaitable[None]]


async def act_on_walk(
    runtime: Runtime,
    client: AsyncWebClient,
    actor: Actor | Clicker,
    session_id: uuid.UUID,
    action: Action,
    *,
    ended_by: str | None = None,
    along_with: AlongWithStep | None = None,
) -> StepResult:
    """Apply one step action and redraw the card; AI walks then get their next node.

    Only the walk's holder (its technician, or who took it over) may act; anyone else is told whose it is.
    A ``Clicker`` (a card click) is resolved in the step's own transaction: one transaction per click.
    """
    async with runtime.db.begin() as db:
        if isinstance(actor, Clicker):
            actor = await resolve_actor(db, runtime.settings, actor.team_id, actor.slack_user_id)
        session = await sessions.lock_session(db, actor.account_id, session_id)
        if session is None:
            return StepResult(GONE_MESSAGE)
        refused = await refusal(db, session, actor)
        if refused:
            return StepResult(refused)
        try:
            stepped = await step_locked(db, session, action)
        except StaleAction:
            stepped = None
        except WalkError as exc:
            return StepResult(str(exc))
        else:
            if along_with is not None:
                await along_with(db, stepped)
            card = await walk_card(db, stepped, ended_by=ended_by)
    if stepped is None:  # stale: show the technician the current step (after the transaction)
        await refresh_card(runtime, client, actor.account_id, session_id)
        return StepResult(STALE_MESSAGE)
    session = stepped.session
    await redraw_card(client, session, card)
    if stepped.outcome.view.awaiting_ai:
        await serve_next_node(runtime, client, actor.account_id, session_id)
    return StepResult(None, stepped)


async def retry_ai_step(runtime: Runtime, client: AsyncWebClient, actor: Actor, session_id: uuid.UUID) -> str | None:
    """Retry (after Claude failed to build the step): only the walk's holder may spend another Claude call."""
    async with runtime.db.begin() as db:
        session = await sessions.get_session(db, actor.account_id, session_id)
        if session is None:
            return GONE_MESSAGE
        if session.status != WalkStatus.ACTIVE:
            return f"This walk is already {session.status}."
        refused = await refusal(db, session, actor)
        if refused:
            return refused
    await serve_next_node(runtime, client, actor.account_id, session_id)
    return None
