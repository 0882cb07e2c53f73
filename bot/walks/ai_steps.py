"""Serving the next step of an AI-guided walk: one paid Claude call per node, replayed otherwise.

The walk's row is locked for the call, so a second request for the same step (a
redelivered click, a refresh, another process) waits and then finds ``pending_node``
set and replays it instead of paying again. A Claude failure changes nothing but the
card, which offers Retry and Continue ad-hoc (``bot.walks.starting.continue_ad_hoc``).
"""

from __future__ import annotations

import logging
import uuid
from datetime import UTC, datetime

from slack_sdk.web.async_client import AsyncWebClient

from bot.ai.builder import build_next_node
from bot.ai.errors import AIInvalidOutput, AIUnavailable
from bot.ai.prompts import BuildContext
from bot.engine import ServeNode
from bot.runtime import Runtime
from bot.walks.cards import redraw_card, refresh_card, ticket_header, walk_card
from bot.walks.stepping import show_walk, state_of, step_locked
from storage.models import L1WalkSession
from storage.queries import accounts, sessions

log = logging.getLogger(__name__)


def build_context(session: L1WalkSession, max_depth: int) -> BuildContext:
    """What Claude is told: the intake's category and problem (never re-fetched) and the real steps so far."""
    steps = [(s.get("text", ""), s.get("option_label") or "") for s in session.walked_path]
    streak = 0
    for step in reversed(session.walked_path):
        if step.get("node_type") == "instruction" and step.get("option_id") == "failed":
            streak += 1
        else:
            break
    return BuildContext(
        ticket_label=ticket_header(session).label,
        category=session.category or "other",
        problem_text=session.problem_text or "",
        steps=steps,
        notes=[n.get("text", "") for n in session.walk_notes],
        depth=len(session.walked_path),
        max_depth=max_depth,
        consecutive_didnt_work=streak,
    )


async def serve_next_node(
    runtime: Runtime, client: AsyncWebClient, account_id: uuid.UUID, session_id: uuid.UUID
) -> None:
    """Make sure the walk's current AI step exists (building it if needed) and show it on the card."""
    notice = None
    async with runtime.db.begin() as db:
        session = await sessions.lock_session(db, account_id, session_id)
        if session is None or session.session_kind != "ai_build" or session.status != "active":
            return
        if session.pending_node is not None or runtime.claude is None:
            stepped = await show_walk(db, session)  # replay: no new call
        else:
            node_id = f"ai-{len(session.walked_path) + 1}-{uuid.uuid4().hex[:6]}"  # ours, never the model's
            denies = await accounts.floor_denies(db, account_id)
            try:
                built = await build_next_node(
                    runtime.claude,
                    build_context(session, runtime.claude.settings.max_depth),
                    node_id=node_id,
                    extra_denies=denies,
                )
            except (AIUnavailable, AIInvalidOutput) as exc:
                await sessions.add_ai_usage(db, session, exc.usage)
                await sessions.log_event(db, session.id, "ai_error", {"message": exc.message})
                notice = exc.message
                stepped = None
            else:
                await sessions.add_ai_usage(db, session, built.usage)
                for kind, detail in built.events:
                    await sessions.log_event(db, session.id, kind, detail)
                action = ServeNode(
                    revision=state_of(session).revision, actor="walkbot", at=datetime.now(UTC), node=built.node
                )
                stepped = await step_locked(db, session, action)
        if stepped is not None:
            card = await walk_card(db, stepped)
    if stepped is None:
        log.warning("AI step for session %s failed: %s", session_id, notice)
        await refresh_card(runtime, client, account_id, session_id, notice=notice, ai_failed=True)
        return
    await redraw_card(client, session, card)
