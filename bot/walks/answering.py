"""Answering a walk's step from its card: an option, done / didn't work, a value, a link, back.

A refused action changes nothing; a stale one also redraws the card from the stored
state, so a technician looking at an out-of-date card gets the current one back.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from functools import partial
from typing import TypeVar, cast

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
from bot.walks.stepping import ClickStep, Stepped, StepResult, step_locked, try_click_step
from storage.database import SessionOnDemand
from storage.driver import driver_connection
from storage.models import L1WalkSession
from storage.queries import sessions
from storage.queries.sessions import ClickedWalk

log = logging.getLogger(__name__)

STALE_MESSAGE = "This step was already answered, so your click changed nothing. The card now shows the current step."
GONE_MESSAGE = "This walk no longer exists. Start a new one with `/walk TICKET`."


# Work that must commit together with the step (the write-back outbox row, the handoff record).
AlongWithStep = Callable[[AsyncSession, Stepped], Awaitable[None]]
T = TypeVar("T")


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


# Tries of a click before it counts as stale: each lost try means another write to the walk landed in between.
CLICK_TRIES = 3


async def _apply_click(
    runtime: Runtime, clicker: Clicker, session_id: uuid.UUID, action: Action, ended_by: str | None
) -> _Applied | None:
    """The hot path: no transaction, one statement when this process wrote the walk last (its click memory),
    two otherwise. The walk and the clicker are read together (``sessions.clicked_walk``), or recalled; the
    engine's step is written only if they are unchanged since (``try_click_step``), and when they changed the
    write returns them as they are now, to step again from: a racing click ends stale, as the row lock would
    have made it; a thread note or take-over that landed in between is kept. None when the clicker, the
    walk or its card's ts is not there to read: the locked path creates, explains or waits."""
    memory = runtime.click_memory
    clicked = memory.recall(session_id, clicker.team_id, clicker.slack_user_id)
    remembered = clicked is not None
    if clicked is None:
        clicked = await _read_clicked(runtime, clicker, session_id)
    applied = None
    for _ in range(CLICK_TRIES):
        actor = actor_of_clicked(runtime.settings, clicked) if clicked is not None else None
        if actor is None or clicked.session.message_ts is None:
            # No card recorded yet: a click right after the post, while the card's ts is being written;
            # the locked path waits for that write's row lock, so the card is redrawn.
            return None
        # What the per-process caches miss (a flow version, a technician's Slack id, a take-over's holder) is
        # read through an autocommit session, opened only if one is read.
        db = cast(AsyncSession, SessionOnDemand(runtime.autocommit_db))
        try:
            tried = await _decide(
                db, actor, clicked.session, partial(try_click_step, db, runtime.engine, clicked, action)
            )
            if _decided_on_memory(tried, remembered):
                memory.forget(session_id)
                clicked, remembered = await _read_clicked(runtime, clicker, session_id), False
                continue
            if isinstance(tried, _Applied):
                return tried
            if tried.stepped is None:  # the rows moved on since they were read: try again from them as they are
                clicked, remembered, applied = tried.now, False, _Applied(actor)
                continue
            if tried.written is not None:
                memory.keep(tried.written)
            stepped = tried.stepped
            claim_redraw(stepped.session)  # at once: a check after an older update of the card must not redraw this
            return _Applied(actor, stepped, await walk_card(db, stepped, ended_by=ended_by))
        finally:
            await db.close()
    return applied  # every try lost to another write: stale


def _decided_on_memory(tried: ClickStep | _Applied, remembered: bool) -> bool:
    """A remembered walk only ever saves a read before a write: a refusal, a stale or invalid click, or a click
    that changes nothing is decided on the walk read afresh."""
    if not remembered:
        return False
    return isinstance(tried, _Applied) or (tried.stepped is not None and tried.written is None)


async def _read_clicked(runtime: Runtime, clicker: Clicker, session_id: uuid.UUID) -> ClickedWalk | None:
    async with driver_connection(runtime.engine) as conn:
        return await sessions.clicked_walk(conn, clicker.team_id, clicker.slack_user_id, session_id)


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
        stepped = await _decide(db, actor, session, partial(step_locked, db, session, action))
        if isinstance(stepped, _Applied):
            return stepped
        if along_with is not None:
            await along_with(db, stepped)
        return _Applied(actor, stepped, await walk_card(db, stepped, ended_by=ended_by))


async def _decide(
    db: AsyncSession, actor: Actor, session: L1WalkSession, step: Callable[[], Awaitable[T]]
) -> T | _Applied:
    """What ``step`` returns when ``actor`` may take a step on the walk; otherwise why not, as an ``_Applied``:
    not the walk's holder, the engine's refusal, or (no message) a stale click."""
    refused = await refusal(db, session, actor)
    if refused:
        return _Applied(actor, message=refused)
    try:
        return await step()
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
