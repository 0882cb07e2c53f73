"""Answering a walk's step from its card: an option, done / didn't work, a value, a link, back.

A refused action changes nothing; a stale one also redraws the card from the stored
state, so a technician looking at an out-of-date card gets the current one back.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import cast

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine import StaleAction, WalkError
from bot.engine.actions import Action
from bot.engine.kinds import WalkStatus
from bot.rendering.walk_card import WalkCard
from bot.runtime import Runtime
from bot.walks.actors import Actor, Clicker, actor_of_clicked, resolve_actor
from bot.walks.ai_steps import serve_next_node
from bot.walks.cards import claim_redraw, redraw_card, refresh_card, walk_card
from bot.walks.ownership import refusal
from bot.walks.stepping import Stepped, StepResult, step_if_unchanged, step_locked
from storage.database import SessionOnDemand
from storage.driver import driver_connection
from storage.models import L1WalkSession
from storage.queries import sessions

log = logging.getLogger(__name__)

STALE_MESSAGE = "This step was already answered, so your click changed nothing. The card now shows the current step."
GONE_MESSAGE = "This walk no longer exists. Start a new one with `/walk TICKET`."


# Work that must commit together with the step (the write-back outbox row, the handoff record).
AlongWithStep = Callable[[AsyncSession, Stepped], Awaitable[None]]
# How a path writes the step: under the row lock (``step_locked``) or if unchanged (``step_if_unchanged``).
StepWriter = Callable[[AsyncSession, L1WalkSession, Action], Awaitable[Stepped]]


@dataclass(frozen=True)
class _Applied:
    """A step action applied (or not): the resolved actor, the walk after it and its card, or why not.
    ``stepped`` None and ``message`` None: the click was stale."""

    actor: Actor
    stepped: Stepped | None = None
    card: WalkCard | None = None
    message: str | None = None


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
    A ``Clicker`` (a card click) is read with the walk in one statement and the step written with one
    conditional UPDATE (``_apply_click``); everything else, and a click that needs more (first contact),
    locks the row in a transaction (``_apply_locked``).
    """
    applied = None
    if isinstance(actor, Clicker) and along_with is None:
        applied = await _apply_click(runtime, actor, session_id, action, ended_by)
    if applied is None:
        applied = await _apply_locked(runtime, actor, session_id, action, ended_by, along_with)
        if applied is None:
            return StepResult(GONE_MESSAGE)
    if applied.message is not None:
        return StepResult(applied.message)
    if applied.stepped is None:  # stale: show the technician the current step (after the transaction)
        await refresh_card(runtime, client, applied.actor.account_id, session_id)
        return StepResult(STALE_MESSAGE)
    stepped = applied.stepped
    claim_redraw(stepped.session)
    await redraw_card(runtime, client, stepped.session, applied.card)
    if stepped.outcome.view.awaiting_ai:
        await serve_next_node(runtime, client, applied.actor.account_id, session_id)
    return StepResult(None, stepped)


async def _apply_click(
    runtime: Runtime, clicker: Clicker, session_id: uuid.UUID, action: Action, ended_by: str | None
) -> _Applied | None:
    """The hot path: two statements, no transaction. The walk and the clicker are read together
    (``sessions.clicked_walk``); the engine's step is written only if the walk is unchanged since
    (``step_if_unchanged``), so a racing click is refused as stale, as the row lock would have done.
    None when the clicker, the walk or its card's ts is not there to read: the locked path creates,
    explains or waits."""
    # Both statements go through psycopg itself, each on a connection held only while it runs
    # (storage/driver.py); what the per-process caches miss (a flow version, a technician's Slack
    # id, a take-over's holder) is read through an autocommit session, opened only if one is read.
    async with driver_connection(runtime.engine) as conn:
        clicked = await sessions.clicked_walk(conn, clicker.team_id, clicker.slack_user_id, session_id)
    actor = actor_of_clicked(runtime.settings, clicked) if clicked is not None else None
    if actor is None or clicked.session.message_ts is None:
        # No card recorded yet: a click right after the post, while the card's ts is being written;
        # the locked path waits for that write's row lock, so the card is redrawn.
        return None
    db = cast(AsyncSession, SessionOnDemand(runtime.autocommit_db))
    try:
        stepped = await _step_as(
            db,
            actor,
            clicked.session,
            action,
            lambda db, session, action: step_if_unchanged(db, runtime.engine, session, action),
        )
        if isinstance(stepped, _Applied):
            return stepped
        claim_redraw(stepped.session)  # at once: a check after an older update of the card must not redraw this
        return _Applied(actor, stepped, await walk_card(db, stepped, ended_by=ended_by))
    finally:
        await db.close()


async def _apply_locked(
    runtime: Runtime,
    actor: Actor | Clicker,
    session_id: uuid.UUID,
    action: Action,
    ended_by: str | None,
    along_with: AlongWithStep | None,
) -> _Applied | None:
    """Lock the row, apply, write (and ``along_with``) in one transaction; None when the walk is gone."""
    async with runtime.db.begin() as db:
        if isinstance(actor, Clicker):
            actor = await resolve_actor(db, runtime.settings, actor.team_id, actor.slack_user_id)
        session = await sessions.lock_session(db, actor.account_id, session_id)
        if session is None:
            return None
        stepped = await _step_as(db, actor, session, action, step_locked)
        if isinstance(stepped, _Applied):
            return stepped
        if along_with is not None:
            await along_with(db, stepped)
        return _Applied(actor, stepped, await walk_card(db, stepped, ended_by=ended_by))


async def _step_as(
    db: AsyncSession, actor: Actor, session: L1WalkSession, action: Action, write: StepWriter
) -> Stepped | _Applied:
    """The step written by ``write`` when ``actor`` may take it; otherwise why not, as an ``_Applied``: not the
    walk's holder, the engine's refusal, or (no message) a stale click."""
    refused = await refusal(db, session, actor)
    if refused:
        return _Applied(actor, message=refused)
    try:
        return await write(db, session, action)
    except StaleAction:
        return _Applied(actor)
    except WalkError as exc:
        return _Applied(actor, message=str(exc))


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
