"""Walk sessions: create, lock for a transition, find by Slack message, list, and expire idle ones.

A click is applied as: lock the row (``SELECT … FOR UPDATE``), let the pure engine compute
the next state, write it back, commit. Two racing clicks serialise on the row lock; the
second sees the bumped ``revision`` and is refused as stale by the engine.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import psycopg
from psycopg.rows import dict_row
from sqlalchemy import ARRAY, bindparam, delete, func, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.driver import DriverStatement
from storage.models import Account, L1WalkSession, SessionEvent, Tree, User

# Columns the engine owns; storage copies them between the row and the engine's state.
STATE_COLUMNS = (
    "session_kind",
    "status",
    "current_node_id",
    "walked_path",
    "walk_notes",
    "revision",
    "pending_node",
    "resolution_notes",
    "helpful",
    "escalation_reason",
    "escalation_reason_category",
    "resolved_at",
)


async def create_session(db: AsyncSession, **values: Any) -> L1WalkSession:
    session = L1WalkSession(id=uuid.uuid4(), **values)
    db.add(session)
    await db.flush()
    return session


async def get_session(db: AsyncSession, account_id: uuid.UUID, session_id: uuid.UUID) -> L1WalkSession | None:
    """Scoped to the account: a payload from one workspace can never reach another's session."""
    return await db.scalar(
        select(L1WalkSession).where(L1WalkSession.id == session_id, L1WalkSession.account_id == account_id)
    )


async def lock_session(db: AsyncSession, account_id: uuid.UUID, session_id: uuid.UUID) -> L1WalkSession | None:
    return await db.scalar(
        select(L1WalkSession)
        .where(L1WalkSession.id == session_id, L1WalkSession.account_id == account_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def lock_session_for_message(
    db: AsyncSession, account_id: uuid.UUID, channel_id: str, message_ts: str
) -> L1WalkSession | None:
    """The walk whose card is ``message_ts`` (thread replies carry it as ``thread_ts``)."""
    return await db.scalar(
        select(L1WalkSession)
        .where(
            L1WalkSession.account_id == account_id,
            L1WalkSession.channel_id == channel_id,
            L1WalkSession.message_ts == message_ts,
        )
        .with_for_update()
        .execution_options(populate_existing=True)
    )


# ---- the click's hot path: one read, one conditional write, as Core statements sent by psycopg itself
# (storage/driver.py: no ORM load or unit of work, no SQLAlchemy execution around them) ----

_WALKS = L1WalkSession.__table__


@dataclass(frozen=True)
class ClickedWalk:
    """A walk and who clicked on its card, read together. ``session`` is a detached copy of the row:
    it is written with ``write_state_if_unchanged``, never flushed."""

    session: L1WalkSession
    account_id: uuid.UUID
    team_id: str
    engineer_channel_id: str | None
    ai_categories: tuple[str, ...]
    user_id: uuid.UUID
    slack_user_id: str
    role: str
    profile_checked: bool


_CLICKED_WALK = (
    select(
        Account.id.label("clicker_account_id"),
        Account.slack_team_id.label("clicker_team_id"),
        Account.engineer_channel_id.label("clicker_engineer_channel_id"),
        Account.ai_categories.label("clicker_ai_categories"),
        User.id.label("clicker_user_id"),
        User.slack_user_id.label("clicker_slack_user_id"),
        User.role.label("clicker_role"),
        User.profile_checked_at.label("clicker_profile_checked_at"),
        *_WALKS.c,
    )
    .select_from(Account)
    .join(User, (User.account_id == Account.id) & (User.slack_user_id == bindparam("slack_user_id")))
    .join(_WALKS, (_WALKS.c.account_id == Account.id) & (_WALKS.c.id == bindparam("session_id")))
    .where(Account.slack_team_id == bindparam("team_id"))
)


async def clicked_walk(
    conn: psycopg.AsyncConnection, team_id: str, slack_user_id: str, session_id: uuid.UUID
) -> ClickedWalk | None:
    """The walk (scoped to the clicker's account) and the clicker's account and user with their role, in one
    statement and without a lock: the write that follows is conditional on what was read here. None when any
    of the three is missing (first contact, another workspace's walk, a deleted walk): the caller takes the
    slow path, which creates or explains. The role is read on every click, so a role change applies at once.
    ``conn``: psycopg's own (``storage.driver.driver_connection``), the hot path."""
    cursor = await _CLICKED_WALK_SQL.execute(
        conn, {"team_id": team_id, "slack_user_id": slack_user_id, "session_id": session_id}, row_factory=dict_row
    )
    row = await cursor.fetchone()
    if row is None:
        return None
    return ClickedWalk(
        session=_walk_as_read(row),
        account_id=row["clicker_account_id"],
        team_id=row["clicker_team_id"],
        engineer_channel_id=row["clicker_engineer_channel_id"],
        ai_categories=tuple(row["clicker_ai_categories"] or ()),
        user_id=row["clicker_user_id"],
        slack_user_id=row["clicker_slack_user_id"],
        role=row["clicker_role"],
        profile_checked=row["clicker_profile_checked_at"] is not None,
    )


_CLICKED_WALK_SQL = DriverStatement.of(_CLICKED_WALK)
_WALK_KEYS = tuple(column.key for column in _WALKS.c)
_NEW_WALK = L1WalkSession.__mapper__.class_manager.new_instance


def _walk_as_read(row: Mapping[str, Any]) -> L1WalkSession:
    """A detached walk holding the row's values as loaded ones: what the constructor would build, without an
    attribute event per column (the copy is written with ``write_state_if_unchanged``, never flushed)."""
    walk = _NEW_WALK()
    walk.__dict__.update({key: row[key] for key in _WALK_KEYS})
    return walk


async def write_state_if_unchanged(
    conn: psycopg.AsyncConnection, session: L1WalkSession, values: Mapping[str, Any]
) -> bool:
    """Write the engine's new state only if the walk is still as ``session`` was read: the same revision and
    the same holder (``acting_as``, which a take-over changes without a new revision). One conditional UPDATE,
    so two racing clicks on one step never both advance it: the second matches no row and gets False. On
    success the copy in hand is updated too. ``conn``: psycopg's own, as for ``clicked_walk``."""
    now = datetime.now(UTC)
    cursor = await _conditional_update(tuple(values)).execute(
        conn,
        {
            **{f"new_{column}": value for column, value in values.items()},
            "new_last_step_at": now,
            "old_id": session.id,
            "old_account_id": session.account_id,
            "old_revision": session.revision,
            "old_acting_as": session.acting_as,
        },
    )
    if cursor.rowcount != 1:
        return False
    write_state(session, values, at=now)
    return True


# One statement per set of changed columns (a handful: a step, a back, a note…), built once per process.
_CONDITIONAL_UPDATES: dict[tuple[str, ...], DriverStatement] = {}


def _conditional_update(columns: tuple[str, ...]) -> DriverStatement:
    statement = _CONDITIONAL_UPDATES.get(columns)
    if statement is None:
        for column in columns:
            if column not in STATE_COLUMNS:
                raise KeyError(f"{column} is not engine state")
        statement = DriverStatement.of(
            update(_WALKS)
            .where(
                _WALKS.c.id == bindparam("old_id"),
                _WALKS.c.account_id == bindparam("old_account_id"),
                _WALKS.c.revision == bindparam("old_revision"),
                _WALKS.c.acting_as.is_not_distinct_from(bindparam("old_acting_as", type_=_WALKS.c.acting_as.type)),
            )
            .values({column: bindparam(f"new_{column}") for column in (*columns, "last_step_at")})
        )
        _CONDITIONAL_UPDATES[columns] = statement
    return statement


async def stored_revisions(
    conn: psycopg.AsyncConnection, walks: Sequence[tuple[uuid.UUID, uuid.UUID]]
) -> dict[tuple[uuid.UUID, uuid.UUID], int]:
    """The stored revision of each (account, walk) given, in one statement; a walk not found is left out.
    ``conn``: psycopg's own, as for ``clicked_walk``."""
    if not walks:
        return {}
    cursor = await _STORED_REVISIONS.execute(conn, {"ids": list(dict.fromkeys(walk for _, walk in walks))})
    wanted = set(walks)
    return {
        (account, walk): revision for account, walk, revision in await cursor.fetchall() if (account, walk) in wanted
    }


_STORED_REVISIONS = DriverStatement.of(
    select(_WALKS.c.account_id, _WALKS.c.id, _WALKS.c.revision).where(
        _WALKS.c.id == func.any(bindparam("ids", type_=ARRAY(_WALKS.c.id.type)))
    )
)


def state_values(session: L1WalkSession) -> dict[str, Any]:
    return {column: getattr(session, column) for column in STATE_COLUMNS}


def write_state(session: L1WalkSession, values: Mapping[str, Any], *, at: datetime | None = None) -> None:
    """Copy the engine's new state onto the locked row; ``last_step_at`` moves with it."""
    for column, value in values.items():
        if column not in STATE_COLUMNS:
            raise KeyError(f"{column} is not engine state")
        setattr(session, column, value)
    session.last_step_at = at or datetime.now(UTC)


async def record_card(
    db: AsyncSession, account_id: uuid.UUID, session_id: uuid.UUID, channel_id: str, message_ts: str
) -> None:
    """Where the walk's card was posted (its thread is the walk's notebook)."""
    await db.execute(
        update(L1WalkSession)
        .where(L1WalkSession.id == session_id, L1WalkSession.account_id == account_id)
        .values(channel_id=channel_id, message_ts=message_ts)
    )


async def delete_unstarted(db: AsyncSession, account_id: uuid.UUID, session_id: uuid.UUID) -> None:
    """Remove a walk whose card never reached Slack; a walk with any step is never deleted."""
    await db.execute(
        delete(L1WalkSession).where(
            L1WalkSession.id == session_id,
            L1WalkSession.account_id == account_id,
            L1WalkSession.revision == 0,
        )
    )


async def active_sessions_of_user(db: AsyncSession, account_id: uuid.UUID, user_id: uuid.UUID) -> list[L1WalkSession]:
    return list(
        await db.scalars(
            select(L1WalkSession)
            .where(
                L1WalkSession.account_id == account_id,
                L1WalkSession.created_by_user_id == user_id,
                L1WalkSession.status == "active",
            )
            .order_by(L1WalkSession.last_step_at.desc())
            .limit(20)
        )
    )


async def abandon_idle(db: AsyncSession, idle_since: datetime) -> list[L1WalkSession]:
    """Mark active walks untouched since ``idle_since`` abandoned; returns them (for their cards)."""
    rows = await db.scalars(
        update(L1WalkSession)
        .where(L1WalkSession.status == "active", L1WalkSession.last_step_at < idle_since)
        # an uninstalled workspace's walks are left as they are: no work, no card updates, for it
        .where(L1WalkSession.account_id.in_(select(Account.id).where(Account.active)))
        .values(status="abandoned", revision=L1WalkSession.revision + 1, last_step_at=datetime.now(UTC))
        .returning(L1WalkSession)
    )
    return list(rows)


async def log_event(
    db: AsyncSession, session_id: uuid.UUID, kind: str, detail: Mapping[str, Any] | None = None
) -> None:
    db.add(SessionEvent(session_id=session_id, kind=kind, detail=dict(detail or {})))
    await db.flush()


async def next_internal_ticket_id(db: AsyncSession) -> str:
    """A new internal ticket number (``/walk internal …``): INT-1, INT-2, …"""
    number = await db.scalar(text("SELECT nextval('internal_ticket_numbers')"))
    return f"INT-{number}"


async def latest_ticket_snapshot(
    db: AsyncSession, account_id: uuid.UUID, ticket_id: str, ticket_kind: str
) -> dict[str, Any] | None:
    """The snapshot an earlier walk of this ticket took: how an internal ticket is found again."""
    return await db.scalar(
        select(L1WalkSession.ticket_snapshot)
        .where(
            L1WalkSession.account_id == account_id,
            L1WalkSession.ticket_id == ticket_id,
            L1WalkSession.ticket_kind == ticket_kind,
            L1WalkSession.ticket_snapshot.is_not(None),
        )
        .order_by(L1WalkSession.started_at.desc())
        .limit(1)
    )


async def add_ai_usage(db: AsyncSession, session: L1WalkSession, usage: Mapping[str, int]) -> None:
    """Sum token usage into the session (input, output, cache reads and writes)."""
    total = dict(session.ai_usage or {})
    for key, value in usage.items():
        total[key] = int(total.get(key, 0)) + int(value or 0)
    total["calls"] = int(total.get("calls", 0)) + 1
    session.ai_usage = total
    await db.flush()


async def last_event(db: AsyncSession, session_id: uuid.UUID, kind: str) -> SessionEvent | None:
    """The walk's latest event of ``kind`` (e.g. who took it over last)."""
    return await db.scalar(
        select(SessionEvent)
        .where(SessionEvent.session_id == session_id, SessionEvent.kind == kind)
        .order_by(SessionEvent.id.desc())
        .limit(1)
    )


async def lock_technicians_ticket(db: AsyncSession, user_id: uuid.UUID, ticket_kind: str, ticket_id: str) -> None:
    """Serialise walk starts of one technician on one ticket until commit (a replayed or double-typed
    ``/walk`` then sees the walk the first one created)."""
    await db.execute(
        text("SELECT pg_advisory_xact_lock(hashtextextended(:key, 0))"),
        {"key": f"walk-start:{user_id}:{ticket_kind}:{ticket_id}"},
    )


async def active_walk_like(
    db: AsyncSession,
    account_id: uuid.UUID,
    user_id: uuid.UUID,
    ticket_kind: str,
    ticket_id: str,
    session_kind: str,
    flow_slug: str | None = None,
) -> L1WalkSession | None:
    """The technician's active walk of this kind (and flow, any version) on this ticket, if any."""
    query = select(L1WalkSession).where(
        L1WalkSession.account_id == account_id,
        L1WalkSession.created_by_user_id == user_id,
        L1WalkSession.ticket_kind == ticket_kind,
        L1WalkSession.ticket_id == ticket_id,
        L1WalkSession.session_kind == session_kind,
        L1WalkSession.status == "active",
    )
    if flow_slug is not None:
        query = query.join(Tree, Tree.id == L1WalkSession.flow_id).where(Tree.slug == flow_slug)
    return await db.scalar(query.order_by(L1WalkSession.started_at.desc()).limit(1))
