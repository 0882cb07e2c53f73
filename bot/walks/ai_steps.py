"""Serving the next step of an AI-guided walk: one paid Claude call per node, replayed otherwise.

No transaction is open during the Claude call. Before it, a marker for this node (the walk and
its revision) is claimed and committed, so a second request for the same step (a redelivered
click, a refresh, another process) sees it and leaves the call to its holder. After the call the
row is locked, re-checked (same revision, no node yet, still active) and the node written as
``pending_node``, which every later request replays. The marker expires (``AI_CALL_EXPIRY``
past the Claude timeout), so a process that dies mid-call never leaves the walk stuck: Retry
then claims it again. A Claude failure releases the marker and changes nothing but the card,
which offers Retry and Continue ad-hoc (``bot.walks.starting.continue_ad_hoc``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from bot.ai.builder import build_next_node
from bot.ai.errors import AIInvalidOutput, AIUnavailable
from bot.ai.prompts import BuildContext
from bot.engine import ServeNode
from bot.engine.kinds import SessionKind, WalkStatus
from bot.engine.state import notes_of, steps_of
from bot.runtime import Runtime
from bot.walks.cards import redraw_card, refresh_card, ticket_header, walk_card
from bot.walks.stepping import show_walk, step_locked
from storage.models import L1WalkSession
from storage.queries import accounts, sessions, slack_events

log = logging.getLogger(__name__)


def build_context(session: L1WalkSession, max_depth: int) -> BuildContext:
    """What Claude is told: the intake's category and problem (never re-fetched) and the real steps so far."""
    path, notes = steps_of(session.walked_path), notes_of(session.walk_notes)
    steps = [(s.text, s.option_label) for s in path]
    streak = 0
    for step in reversed(path):
        if step.node_type == "instruction" and step.option_id == "failed":
            streak += 1
        else:
            break
    return BuildContext(
        ticket_label=ticket_header(session).label,
        category=session.category or "other",
        problem_text=session.problem_text or "",
        steps=steps,
        notes=[n.text for n in notes],
        depth=len(path),
        max_depth=max_depth,
        consecutive_didnt_work=streak,
    )


# How long past Claude's own timeout a node's marker holds before another request may take over.
AI_CALL_EXPIRY = timedelta(seconds=30)


def node_marker(session: L1WalkSession) -> str:
    return f"ai-node:{session.id}:{session.revision}:{len(session.walked_path)}"


async def serve_next_node(
    runtime: Runtime, client: AsyncWebClient, account_id: uuid.UUID, session_id: uuid.UUID
) -> None:
    """Make sure the walk's current AI step exists (building it if needed) and show it on the card."""
    claude = runtime.claude
    async with runtime.db.begin() as db:
        session = await sessions.get_session(db, account_id, session_id)
        if session is None or session.session_kind != SessionKind.AI_BUILD or session.status != WalkStatus.ACTIVE:
            return
        if session.pending_node is not None or claude is None:
            card = await walk_card(db, await show_walk(db, session))  # replay: no new call
        else:
            card = None
            marker, revision = node_marker(session), session.revision
            expiry = timedelta(seconds=claude.settings.timeout_seconds) + AI_CALL_EXPIRY
            if not await slack_events.claim_lease(db, marker, "ai", datetime.now(UTC) - expiry):
                return  # another request is building this step; it redraws the card when done
            context = build_context(session, claude.settings.max_depth)
            denies = await accounts.floor_denies(db, account_id)
    if card is not None:
        await redraw_card(runtime, client, session, card)
        return
    node_id = f"ai-{len(session.walked_path) + 1}-{uuid.uuid4().hex[:6]}"  # ours, never the model's
    try:
        built = await build_next_node(claude, context, node_id=node_id, extra_denies=denies)
    except (AIUnavailable, AIInvalidOutput) as exc:
        built, failure = None, exc
    else:
        failure = None
    async with runtime.db.begin() as db:
        session = await sessions.lock_session(db, account_id, session_id)
        if session is None:
            return
        await sessions.add_ai_usage(db, session, failure.usage if failure else built.usage)  # paid either way
        if failure is not None:
            await sessions.log_event(db, session.id, "ai_error", {"message": failure.message})
            await slack_events.release_event(db, marker)  # Retry may call again
            stepped = None
        elif session.revision != revision or session.pending_node is not None or session.status != WalkStatus.ACTIVE:
            await sessions.log_event(db, session.id, "ai_node_discarded", {"node_id": node_id})
            stepped = await show_walk(db, session)  # the walk moved on while Claude answered
        else:
            for kind, detail in built.events:
                await sessions.log_event(db, session.id, kind, detail)
            action = ServeNode(revision=revision, actor="walkbot", at=datetime.now(UTC), node=built.node)
            stepped = await step_locked(db, session, action)
        card = await walk_card(db, stepped) if stepped is not None else None
    if card is None:
        log.warning("AI step for session %s failed: %s", session_id, failure.message)
        await refresh_card(runtime, client, account_id, session_id, notice=failure.message, ai_failed=True)
        return
    await redraw_card(runtime, client, session, card)
