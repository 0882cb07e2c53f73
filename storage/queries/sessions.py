"""Walk sessions: create, lock for a transition, find by Slack message, list, and expire idle ones.

A transition other than a card click locks the row (``SELECT … FOR UPDATE``), lets the pure engine
compute the next state, writes it back and commits; two racing transitions serialise on the row lock
and the second is refused as stale by the engine. A card click (the hot path, below) takes no lock:
its one write is conditional on the rows being exactly as read (``write_click``).
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any

import psycopg
from psycopg.rows import dict_row
from sqlalchemy import ARRAY, bindparam, case, delete, func, literal_column, select, text, true, update
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

# How far ``last_step_at`` may lag the walk's last step while its status stays. Each step's own time is
# kept exactly in its walked_path entry; ``last_step_at`` serves the idle sweep, ``/walk mine``, App Home
# and the escalation queue, which four indexes hold. Moving it on every click made every click rewrite
# twelve index entries; moving it at most once a minute lets most clicks' updates stay on the row's page
# without touching an index (PostgreSQL's HOT update; the table keeps room for them, migration 0014).
LAST_STEP_RESOLUTION = timedelta(minutes=1)
# Engine state that an index holds: a change to these rewrites index entries anyway, and marks a moment
# (an escalation's place in the queue, when a walk ended) that ``last_step_at`` must carry exactly.
INDEXED_STATE = frozenset({"status", "session_kind"})


def next_last_step_at(previous: datetime | None, now: datetime, changed: Iterable[str]) -> datetime:
    """``last_step_at`` after a step at ``now`` that changed ``changed``: ``now``, unless the status stays and
    the last one written is under ``LAST_STEP_RESOLUTION`` old."""
    if previous is None or previous <= now - LAST_STEP_RESOLUTION or not INDEXED_STATE.isdisjoint(changed):
        return now
    return previous


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
    it is written with ``write_click``, never flushed. The versions are the rows' ``xmin`` (the transaction
    that last wrote each row, a PostgreSQL system column): a write conditional on them finds the rows exactly
    as read, whatever wrote in between (a step, a thread note, a take-over, a role change)."""

    session: L1WalkSession
    account_id: uuid.UUID
    team_id: str
    engineer_channel_id: str | None
    ai_categories: tuple[str, ...]
    user_id: uuid.UUID
    slack_user_id: str
    role: str
    profile_checked: bool
    walk_version: int
    account_version: int
    user_version: int


def _version(table: Any) -> Any:
    """The row's ``xmin`` as a number (xid has no order, only equality, which is all a version needs)."""
    return literal_column(f"{table.name}.xmin::text::bigint")


_ACCOUNTS, _USERS = Account.__table__, User.__table__

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
        _version(_WALKS).label("clicker_walk_version"),
        _version(_ACCOUNTS).label("clicker_account_version"),
        _version(_USERS).label("clicker_user_version"),
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
    return _clicked_of(await cursor.fetchone())


def _clicked_of(row: Mapping[str, Any] | None) -> ClickedWalk | None:
    if row is None or row["clicker_walk_version"] is None:
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
        walk_version=row["clicker_walk_version"],
        account_version=row["clicker_account_version"],
        user_version=row["clicker_user_version"],
    )


_CLICKED_WALK_SQL = DriverStatement.of(_CLICKED_WALK)
_WALK_KEYS = tuple(column.key for column in _WALKS.c)
_NEW_WALK = L1WalkSession.__mapper__.class_manager.new_instance


def _walk_as_read(row: Mapping[str, Any]) -> L1WalkSession:
    """A detached walk holding the row's values as loaded ones: what the constructor would build, without an
    attribute event per column (the copy is written with ``write_click``, never flushed)."""
    walk = _NEW_WALK()
    walk.__dict__.update({key: row[key] for key in _WALK_KEYS})
    return walk


def copy_of_clicked(clicked: ClickedWalk) -> ClickedWalk:
    """A copy whose walk can be stepped and written without touching ``clicked``'s (a remembered click)."""
    return replace(clicked, session=_walk_as_read(clicked.session.__dict__))


@dataclass(frozen=True)
class ClickWritten:
    """What ``write_click`` did. Written: ``now`` is the walk as written (the copy in hand, at its new
    version). Not written: ``now`` is the walk and clicker as they are now, read by the same statement
    (None when the walk or the clicker is gone), to step again from."""

    written: bool
    now: ClickedWalk | None


async def write_click(conn: psycopg.AsyncConnection, clicked: ClickedWalk, values: Mapping[str, Any]) -> ClickWritten:
    """Write the engine's new state only if the walk, the clicker's account and the clicker's user are
    exactly as ``clicked`` read them (their versions): two racing clicks on one step never both advance it,
    and a thread note or take-over that landed in between is never written over. One statement either way:
    when the rows moved on it returns them as they are now instead, so a click read from memory (a process's
    own last write, ``storage.click_memory``) costs one statement when nothing moved, and two when it did.
    ``conn``: psycopg's own, as for ``clicked_walk``."""
    now = datetime.now(UTC)
    session = clicked.session
    cursor = await _click_write(tuple(values)).execute(
        conn,
        {
            **{f"new_{column}": value for column, value in values.items()},
            "new_last_step_at": now,
            "last_step_moves_before": now - LAST_STEP_RESOLUTION,
            "old_account_id": session.account_id,
            "old_walk_version": clicked.walk_version,
            "old_account_version": clicked.account_version,
            "old_user_id": clicked.user_id,
            "old_user_version": clicked.user_version,
            "team_id": clicked.team_id,
            "slack_user_id": clicked.slack_user_id,
            "session_id": session.id,
        },
        row_factory=dict_row,
    )
    row = await cursor.fetchone()
    if row is None or row["stepped_version"] is None:
        return ClickWritten(False, _clicked_of(row))
    write_state(session, values, at=now)
    return ClickWritten(True, replace(clicked, walk_version=row["stepped_version"]))


# One statement per set of changed columns (a handful: a step, a back, a note…), built once per process.
_CLICK_WRITES: dict[tuple[str, ...], DriverStatement] = {}


def _click_write(columns: tuple[str, ...]) -> DriverStatement:
    """``WITH stepped AS (UPDATE … WHERE the three rows' versions are as read RETURNING the new version)``,
    then that version, or (when nothing was updated) the clicked walk read afresh. PostgreSQL runs the UPDATE
    once whatever reads it; the fresh read sees the rows as they were before the statement, which is as they
    are when the UPDATE matched nothing."""
    statement = _CLICK_WRITES.get(columns)
    if statement is None:
        for column in columns:
            if column not in STATE_COLUMNS:
                raise KeyError(f"{column} is not engine state")
        clicker_unchanged = (
            select(literal_column("1"))
            .select_from(_ACCOUNTS.join(_USERS, _USERS.c.account_id == _ACCOUNTS.c.id))
            .where(
                _ACCOUNTS.c.id == bindparam("old_account_id"),
                _version(_ACCOUNTS) == bindparam("old_account_version"),
                _USERS.c.id == bindparam("old_user_id"),
                _version(_USERS) == bindparam("old_user_version"),
            )
            .exists()
        )
        stepped = (
            update(_WALKS)
            .where(
                _WALKS.c.id == bindparam("session_id"),  # the same walk the fresh read below reads
                _WALKS.c.account_id == bindparam("old_account_id"),
                _version(_WALKS) == bindparam("old_walk_version"),
                clicker_unchanged,
            )
            .values(
                {column: bindparam(f"new_{column}") for column in columns}
                | {"last_step_at": _next_last_step_at(columns)}
            )
            .returning(_version(_WALKS).label("version"))
            .cte("stepped")
        )
        afresh = _CLICKED_WALK.where(~select(stepped.c.version).exists()).subquery("afresh")
        one = select(literal_column("1").label("one")).subquery("one")
        statement = DriverStatement.of(
            select(select(stepped.c.version).scalar_subquery().label("stepped_version"), afresh).select_from(
                one.outerjoin(afresh, true())
            )
        )
        _CLICK_WRITES[columns] = statement
    return statement


def _next_last_step_at(columns: tuple[str, ...]) -> Any:
    """``next_last_step_at`` in SQL, on the row as stored (which is the row as read when the update applies)."""
    if not INDEXED_STATE.isdisjoint(columns):
        return bindparam("new_last_step_at")
    return case(
        (_WALKS.c.last_step_at > bindparam("last_step_moves_before"), _WALKS.c.last_step_at),
        else_=bindparam("new_last_step_at"),
    )


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
    """Copy the engine's new state onto the locked row; ``last_step_at`` moves with it (``next_last_step_at``)."""
    for column, value in values.items():
        if column not in STATE_COLUMNS:
            raise KeyError(f"{column} is not engine state")
        setattr(session, column, value)
    session.last_step_at = next_last_step_at(session.last_step_at, at or datetime.now(UTC), values)


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
