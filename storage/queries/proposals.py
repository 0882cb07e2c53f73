"""Draft flows (proposals): look up, list, create, review."""

from __future__ import annotations

import uuid

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FlowProposal


async def proposal_by_id(db: AsyncSession, account_id: uuid.UUID, proposal_id: uuid.UUID) -> FlowProposal | None:
    return await db.scalar(
        select(FlowProposal).where(FlowProposal.account_id == account_id, FlowProposal.id == proposal_id)
    )
