"""Which PSA member each Slack user writes as: found by email and cached, or linked by an admin."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import User


async def user_of(db: AsyncSession, account_id: uuid.UUID, slack_user_id: str) -> User | None:
    return await db.scalar(select(User).where(User.account_id == account_id, User.slack_user_id == slack_user_id))


async def record_lookup(db: AsyncSession, user_id: uuid.UUID, psa_kind: str, member_id: str | None) -> None:
    """Cache what an email lookup found (or that it found nothing); an admin's link is never overwritten."""
    await db.execute(
        update(User)
        .where(User.id == user_id)
        .where(
            or_(User.psa_member_source.is_(None), User.psa_member_source != "admin", User.psa_member_kind != psa_kind)
        )
        .values(
            psa_member_id=member_id,
            psa_member_kind=psa_kind,
            psa_member_source="email" if member_id else None,
            psa_member_checked_at=datetime.now(UTC),
        )
    )


async def link(db: AsyncSession, account_id: uuid.UUID, slack_user_id: str, psa_kind: str, member_id: str) -> bool:
    """An admin's choice of member; False when walkbot has never seen that Slack user."""
    result = await db.execute(
        update(User)
        .where(User.account_id == account_id, User.slack_user_id == slack_user_id)
        .values(
            psa_member_id=member_id,
            psa_member_kind=psa_kind,
            psa_member_source="admin",
            psa_member_checked_at=datetime.now(UTC),
        )
    )
    return result.rowcount > 0
