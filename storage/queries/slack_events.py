"""Event de-duplication: the first delivery of an ``event_id`` wins, redeliveries are dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import SlackEvent


async def claim_event(db: AsyncSession, event_id: str, team_id: str) -> bool:
    """True the first time ``event_id`` is seen; commit with the work it guards."""
    result = await db.execute(
        insert(SlackEvent)
        .values(event_id=event_id, team_id=team_id)
        .on_conflict_do_nothing()
        .returning(SlackEvent.event_id)
    )
    return result.scalar() is not None


async def release_event(db: AsyncSession, event_id: str) -> None:
    """Undo a claim whose work did not happen, so the same event (or button) may be handled again."""
    await db.execute(delete(SlackEvent).where(SlackEvent.event_id == event_id))


async def forget_events_older_than(db: AsyncSession, age: timedelta) -> int:
    """Slack retries for minutes, not days; old ids only cost space."""
    result = await db.execute(delete(SlackEvent).where(SlackEvent.received_at < datetime.now(UTC) - age))
    return result.rowcount
