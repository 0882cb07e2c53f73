"""The engineer handoff queue and atomic pick-up."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

# Served by the partial index ix_l1_walk_sessions_escalated (account_id, last_step_at DESC)
# WHERE status = 'escalated'; tests assert the plan uses it.
ESCALATION_QUEUE_SQL = (
    "SELECT s.id, s.ticket_id, s.escalation_reason, s.escalation_reason_category, s.last_step_at, "
    "s.channel_id, s.message_ts, e.picked_up_by_user_id, e.picked_up_at "
    "FROM (SELECT id, ticket_id, escalation_reason, escalation_reason_category, last_step_at, channel_id, message_ts "
    "      FROM l1_walk_sessions WHERE account_id = :account_id AND status = 'escalated' "
    "      ORDER BY last_step_at DESC LIMIT :limit) s "
    "LEFT JOIN escalations e ON e.session_id = s.id "
    "ORDER BY s.last_step_at DESC"
)


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


async def escalation_queue(db: AsyncSession, account_id: uuid.UUID, *, limit: int = 50) -> list[QueuedEscalation]:
    """Escalated walks of one account, newest first, with who (if anyone) picked each up."""
    rows = (await db.execute(text(ESCALATION_QUEUE_SQL), {"account_id": account_id, "limit": limit})).all()
    return [QueuedEscalation(*row) for row in rows]
