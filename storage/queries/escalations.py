"""The engineer handoff queue and atomic pick-up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Escalation

# Served by the partial index ix_l1_walk_sessions_escalated (account_id, last_step_at DESC)
# WHERE status = 'escalated'; the listed walks' handoffs and pickers are joined by key, so the
# page is one round trip whatever the account's history. Tests assert the plan.
ESCALATION_QUEUE_SQL = (
    "SELECT s.id, s.ticket_id, s.escalation_reason, s.escalation_reason_category, s.last_step_at, "
    "s.channel_id, s.message_ts, e.picked_up_by_user_id, e.picked_up_at, s.ticket_snapshot, u.slack_user_id "
    "FROM (SELECT id, ticket_id, escalation_reason, escalation_reason_category, last_step_at, channel_id, message_ts, "
    "             ticket_snapshot "
    "      FROM l1_walk_sessions WHERE account_id = :account_id AND status = 'escalated' "
    "      ORDER BY last_step_at DESC LIMIT :limit) s "
    "LEFT JOIN escalations e ON e.session_id = s.id "
    "LEFT JOIN users u ON u.id = e.picked_up_by_user_id "
    "ORDER BY s.last_step_at DESC"
)


# The queue's page: the newest escalated walks read per listing (the lists draw the first 20 and count the rest).
QUEUE_PAGE = 50


@dataclass(frozen=True)
class QueuedEscalation:
    session_id: uuid.UUID
    ticket_id: str
    reason: str | None
    category: str | None
    escalated_at: datetime
    channel_id: str | None
    message_ts: str | None
    picked_up_by_user_id: uuid.UUID | None
    picked_up_at: datetime | None
    ticket_snapshot: dict[str, Any] | None = None  # the ticket as looked up at intake, for its label
    picked_up_by: str | None = None  # the picker's Slack user id


async def escalation_queue(
    db: AsyncSession, account_id: uuid.UUID, *, limit: int = QUEUE_PAGE
) -> list[QueuedEscalation]:
    """Escalated walks of one account, newest first, with who (if anyone) picked each up."""
    rows = (await db.execute(text(ESCALATION_QUEUE_SQL), {"account_id": account_id, "limit": limit})).all()
    return [QueuedEscalation(*row) for row in rows]


async def record_handoff(
    db: AsyncSession, session_id: uuid.UUID, account_id: uuid.UUID, channel_id: str | None, message_ts: str | None
) -> None:
    """The handoff card's location, so pick-up can update it. Idempotent per session."""
    stmt = insert(Escalation).values(
        session_id=session_id, account_id=account_id, handoff_channel_id=channel_id, handoff_message_ts=message_ts
    )
    await db.execute(
        stmt.on_conflict_do_update(
            index_elements=["session_id"],
            set_={
                "handoff_channel_id": stmt.excluded.handoff_channel_id,
                "handoff_message_ts": stmt.excluded.handoff_message_ts,
            },
        )
    )


@dataclass(frozen=True)
class Claim:
    """Outcome of a Pick up click: ``won`` for the first engineer, otherwise who holds it."""

    won: bool
    picked_up_by_user_id: uuid.UUID | None
    picked_up_at: datetime | None


async def claim(db: AsyncSession, account_id: uuid.UUID, session_id: uuid.UUID, user_id: uuid.UUID) -> Claim | None:
    """One conditional UPDATE: of two engineers clicking at once, exactly one wins. None: no such escalation."""

    won = await db.execute(
        update(Escalation)
        .where(
            Escalation.session_id == session_id,
            Escalation.account_id == account_id,
            Escalation.picked_up_by_user_id.is_(None),
        )
        .values(picked_up_by_user_id=user_id, picked_up_at=datetime.now(UTC))
        .returning(Escalation.picked_up_by_user_id, Escalation.picked_up_at)
    )
    row = won.first()
    if row is not None:
        return Claim(True, row[0], row[1])
    held = (
        await db.execute(
            select(Escalation.picked_up_by_user_id, Escalation.picked_up_at).where(
                Escalation.session_id == session_id, Escalation.account_id == account_id
            )
        )
    ).first()
    return None if held is None else Claim(False, held[0], held[1])


async def handoff_of(db: AsyncSession, session_id: uuid.UUID) -> Escalation | None:
    return await db.get(Escalation, session_id)
