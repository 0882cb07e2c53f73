"""An account's PSA write-back choices (one JSONB column, typed by bot.psa.writeback_settings)."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Account


async def writeback_of(db: AsyncSession, account_id: uuid.UUID) -> dict[str, Any]:
    return dict(await db.scalar(select(Account.psa_writeback).where(Account.id == account_id)) or {})


async def set_writeback(db: AsyncSession, account_id: uuid.UUID, values: dict[str, Any]) -> None:
    await db.execute(update(Account).where(Account.id == account_id).values(psa_writeback=values))
