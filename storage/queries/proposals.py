"""Draft flows (proposals): look up, list, create, review."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import String, cast, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import FlowProposal


async def proposal_by_id(db: AsyncSession, account_id: uuid.UUID, proposal_id: uuid.UUID) -> FlowProposal | None:
    return await db.scalar(
        select(FlowProposal).where(FlowProposal.account_id == account_id, FlowProposal.id == proposal_id)
    )


async def lock_proposal(db: AsyncSession, account_id: uuid.UUID, proposal_id: uuid.UUID) -> FlowProposal | None:
    """The proposal, row-locked: two admins clicking Publish at once publish it once."""
    return await db.scalar(
        select(FlowProposal)
        .where(FlowProposal.account_id == account_id, FlowProposal.id == proposal_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )


async def proposals_with_id_prefix(db: AsyncSession, account_id: uuid.UUID, prefix: str) -> list[FlowProposal]:
    """Proposals whose id starts with ``prefix`` (at most 2), so the terminal can take a short id."""
    return list(
        await db.scalars(
            select(FlowProposal)
            .where(
                FlowProposal.account_id == account_id,
                cast(FlowProposal.id, String).startswith(prefix.lower(), autoescape=True),
            )
            .limit(2)
        )
    )


async def proposal_for_session(db: AsyncSession, account_id: uuid.UUID, session_id: uuid.UUID) -> FlowProposal | None:
    """The draft already distilled from this walk, if any (one proposal per walk)."""
    return await db.scalar(
        select(FlowProposal)
        .where(FlowProposal.account_id == account_id, FlowProposal.l1_session_id == session_id)
        .order_by(FlowProposal.created_at)
        .limit(1)
    )


async def create_proposal(
    db: AsyncSession,
    account_id: uuid.UUID,
    *,
    slug: str,
    title: str,
    definition: dict[str, Any],
    source: str,
    l1_session_id: uuid.UUID | None = None,
    created_by_user_id: uuid.UUID | None = None,
) -> FlowProposal:
    proposal = FlowProposal(
        id=uuid.uuid4(),
        account_id=account_id,
        slug=slug,
        title=title,
        definition=definition,
        source=source,
        status="draft",
        l1_session_id=l1_session_id,
        created_by_user_id=created_by_user_id,
    )
    db.add(proposal)
    await db.flush()
    return proposal


async def drafts(db: AsyncSession, account_id: uuid.UUID) -> list[FlowProposal]:
    """Drafts waiting for review, oldest first."""
    return list(
        await db.scalars(
            select(FlowProposal)
            .where(FlowProposal.account_id == account_id, FlowProposal.status == "draft")
            .order_by(FlowProposal.created_at, FlowProposal.id)
        )
    )


async def replace_draft(
    db: AsyncSession, proposal: FlowProposal, *, slug: str, title: str, definition: dict[str, Any]
) -> None:
    proposal.slug = slug
    proposal.title = title
    proposal.definition = definition
    await db.flush()


async def mark_published(
    db: AsyncSession, proposal: FlowProposal, *, reviewer_user_id: uuid.UUID | None, tree_id: uuid.UUID
) -> None:
    proposal.status = "published"
    proposal.reviewed_by_user_id = reviewer_user_id
    proposal.reviewed_at = datetime.now(UTC)
    proposal.published_tree_id = tree_id
    await db.flush()


async def mark_rejected(
    db: AsyncSession, proposal: FlowProposal, *, reviewer_user_id: uuid.UUID | None, reason: str
) -> None:
    proposal.status = "rejected"
    proposal.reviewed_by_user_id = reviewer_user_id
    proposal.reviewed_at = datetime.now(UTC)
    proposal.rejection_reason = reason
    await db.flush()
