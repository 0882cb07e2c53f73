"""The imperative shell around the engine: load a walk, lock it, apply one action, write it back.

Slack listeners and the terminal walk both step walks through here, so a click and a
typed answer follow the same rules. The row lock (``SELECT … FOR UPDATE``) serialises
racing clicks; the engine then refuses the loser as stale, so a step advances once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bot.engine import Outcome, WalkContext, WalkState, apply, start_walk, view_of
from bot.engine.actions import Action
from bot.engine.kinds import SessionKind
from bot.engine.state import Step, steps_of
from bot.engine.walk import NoteAction
from bot.flows.model import Flow
from storage.driver import driver_connection
from storage.models import L1WalkSession
from storage.queries import proposals, sessions, trees
from storage.queries.sessions import ClickedWalk


class WalkNotFound(LookupError):
    """No walk with that id in this account (deleted, or another workspace's)."""


@dataclass(frozen=True)
class Stepped:
    session: L1WalkSession
    outcome: Outcome
    context: WalkContext


@dataclass(frozen=True)
class StepResult:
    """What the technician is told (``message``, ephemeral) and the walk after the action, if it moved."""

    message: str | None
    stepped: Stepped | None = None


async def walk_context(db: AsyncSession, session: L1WalkSession) -> WalkContext:
    """The flow a walk follows (its exact published version, or its draft) and the linked flows it needs."""
    flow: Flow | None = None
    if session.session_kind == SessionKind.FLOW and session.flow_id is not None:
        flow = await published_flow(db, session.account_id, session.flow_id)
    elif session.session_kind == SessionKind.PROPOSAL and session.flow_proposal_id is not None:
        proposal = await proposals.proposal_by_id(db, session.account_id, session.flow_proposal_id)
        flow = Flow.from_dict(proposal.definition) if proposal is not None else None
    if flow is None:
        return WalkContext()
    return await flow_context(
        db, session.account_id, flow, walked_path=steps_of(session.walked_path), current=session.current_node_id
    )


async def flow_context(
    db: AsyncSession,
    account_id: uuid.UUID,
    flow: Flow,
    *,
    walked_path: Sequence[Step] = (),
    current: str | None = None,
) -> WalkContext:
    """Only the linked flows this step needs: those the walk already followed, at the exact version it
    followed (recorded on the link step), and the target of the current node when it is a link
    (newest version). Most clicks therefore read no flow at all."""
    linked: dict[str, Flow] = {}
    versions: dict[str, str] = {}
    for step in walked_path or ():
        slug, version = step.flow, step.flow_version
        if step.node_type == "link" and slug and version and slug != flow.slug:
            found = await published_flow(db, account_id, uuid.UUID(version))
            if found is not None:
                linked[slug], versions[slug] = found, version
    context = WalkContext(flow=flow, linked=linked, linked_versions=versions)
    try:
        _, node = context.node(current or flow.start)
    except KeyError:
        return context
    if node.type == "link" and node.flow and node.flow != flow.slug and node.flow not in linked:
        tree = await trees.latest_version(db, account_id, node.flow)
        if tree is not None:
            linked[node.flow], versions[node.flow] = (await published_flow(db, account_id, tree.id)), str(tree.id)
    return WalkContext(flow=flow, linked=linked, linked_versions=versions)


# Published versions never change (see storage.models.tree), so a process may keep them:
# a click then costs no read of the flow's definition. Keyed by (account, tree id).
_PUBLISHED: dict[tuple[uuid.UUID, uuid.UUID], tuple[Flow, int]] = {}
_PUBLISHED_LIMIT = 512


async def published_flow(db: AsyncSession, account_id: uuid.UUID, tree_id: uuid.UUID) -> Flow | None:
    found = await published_version(db, account_id, tree_id)
    return found[0] if found else None


async def published_version(db: AsyncSession, account_id: uuid.UUID, tree_id: uuid.UUID) -> tuple[Flow, int] | None:
    """The flow and version number of a published tree, read once per process."""
    key = (account_id, tree_id)
    found = _PUBLISHED.get(key)
    if found is None:
        tree = await trees.tree_by_id(db, account_id, tree_id)
        if tree is None:
            return None
        found = (Flow.from_dict(tree.definition), tree.version)
        if len(_PUBLISHED) >= _PUBLISHED_LIMIT:
            _PUBLISHED.pop(next(iter(_PUBLISHED)))
        _PUBLISHED[key] = found
    return found


def state_of(session: L1WalkSession) -> WalkState:
    return WalkState.from_columns(sessions.state_values(session))


async def begin_walk(db: AsyncSession, context: WalkContext, **columns: Any) -> Stepped:
    """Create the session row at its first step. ``columns`` are the row's other values (ticket, kind, target…)."""
    outcome = start_walk(columns["session_kind"], context)
    values = outcome.state.to_columns()
    values.pop("session_kind")
    session = await sessions.create_session(db, **columns, **values)
    return Stepped(session, outcome, context)


async def take_step(
    db: AsyncSession, account_id: uuid.UUID, session_id: uuid.UUID, action: Action | NoteAction
) -> Stepped:
    """Lock the walk, apply ``action``, write the new state. Raises WalkNotFound or the engine's WalkError."""
    session = await sessions.lock_session(db, account_id, session_id)
    if session is None:
        raise WalkNotFound(f"walk {session_id} not found")
    return await step_locked(db, session, action)


async def step_locked(db: AsyncSession, session: L1WalkSession, action: Action | NoteAction) -> Stepped:
    context = await walk_context(db, session)
    outcome = apply(state_of(session), action, context)
    if outcome.changed:
        sessions.write_state(session, _changed_columns(session, outcome.state))
        await db.flush()
    return Stepped(session, outcome, context)


@dataclass(frozen=True)
class ClickStep:
    """A click's step tried on a walk as read (or as this process last wrote it). ``stepped``: the step, written
    if it changed anything (``written``: the walk and clicker as written, to remember). Otherwise the rows had
    moved on since they were read, and ``now`` is them as they are now (None: gone), to try again from."""

    stepped: Stepped | None
    written: ClickedWalk | None = None
    now: ClickedWalk | None = None


async def try_click_step(
    db: AsyncSession, engine: AsyncEngine, clicked: ClickedWalk, action: Action | NoteAction
) -> ClickStep:
    """``step_locked`` for a walk read without a lock (a click's hot path): the new state is written only if
    the walk and the clicker's rows are still as read (one statement, ``sessions.write_click``, sent by
    psycopg on a connection of ``engine``'s pool), so a step never advances twice. Raises the engine's
    StaleAction or WalkError. ``db`` (autocommit) reads what the flow cache misses, and is closed before the
    write takes a connection: a click never holds two pooled connections at once (a full pool would wait on
    itself)."""
    session = clicked.session
    context = await walk_context(db, session)
    outcome = apply(state_of(session), action, context)
    if not outcome.changed:
        return ClickStep(Stepped(session, outcome, context))
    await db.close()  # the reads ran in autocommit: nothing to commit, their connection goes back
    async with driver_connection(engine) as conn:
        result = await sessions.write_click(conn, clicked, _changed_columns(session, outcome.state))
    if not result.written:
        return ClickStep(None, now=result.now)
    return ClickStep(Stepped(session, outcome, context), written=result.now)


async def show_walk(db: AsyncSession, session: L1WalkSession) -> Stepped:
    """The walk as it stands, for re-posting or refreshing its card; changes nothing."""
    context = await walk_context(db, session)
    state = state_of(session)
    return Stepped(session, Outcome(state, view_of(state, context), changed=False), context)


def _changed_columns(session: L1WalkSession, state: WalkState) -> dict[str, Any]:
    current = sessions.state_values(session)
    return {k: v for k, v in state.to_columns().items() if current.get(k) != v}
