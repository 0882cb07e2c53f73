"""Event de-duplication: the first delivery of an ``event_id`` wins, redeliveries are dropped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, or_, select
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


async def claim_lease(db: AsyncSession, key: str, team_id: str, stale_before: datetime) -> bool:
    """Claim ``key`` like an event, or take over a claim made before ``stale_before`` (its holder died).

    Used as a marker with an expiry for work done outside any transaction (a paid Claude call):
    one holder at a time, and a crash never leaves the work claimed forever.
    """
    stmt = insert(SlackEvent).values(event_id=key, team_id=team_id, received_at=datetime.now(UTC))
    result = await db.execute(
        stmt.on_conflict_do_update(
            index_elements=["event_id"],
            set_={"received_at": stmt.excluded.received_at, "team_id": stmt.excluded.team_id},
            where=SlackEvent.received_at < stale_before,
        ).returning(SlackEvent.event_id)
    )
    return result.scalar() is not None


async def is_claimed(db: AsyncSession, event_id: str) -> bool:
    return await db.scalar(select(SlackEvent.event_id).where(SlackEvent.event_id == event_id)) is not None


async def release_event(db: AsyncSession, event_id: str) -> None:
    """Undo a claim whose work did not happen, so the same event (or button) may be handled again."""
    await db.execute(delete(SlackEvent).where(SlackEvent.event_id == event_id))


async def forget_events_older_than(
    db: AsyncSession,
    age: timedelta,
    *,
    claims_prefix: str | tuple[str, ...] | None = None,
    claims_age: timedelta | None = None,
) -> int:
    """Slack retries for minutes, not days; old ids only cost space. Ids starting with ``claims_prefix``
    (claims on walkbot's own cards and digests; one prefix or several) are kept for ``claims_age`` instead."""
    now = datetime.now(UTC)
    stale = SlackEvent.received_at < now - age
    if claims_prefix and claims_age is not None:
        prefixes = (claims_prefix,) if isinstance(claims_prefix, str) else claims_prefix
        is_claim = or_(*(SlackEvent.event_id.startswith(p, autoescape=True) for p in prefixes))
        stale = (stale & ~is_claim) | (is_claim & (SlackEvent.received_at < now - claims_age))
    result = await db.execute(delete(SlackEvent).where(stale))
    return result.rowcount
