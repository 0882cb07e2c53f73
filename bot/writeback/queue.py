"""The outbox as an operator sees it from the terminal (``walkbot outbox list|retry|deliver``).

Listing and re-queueing are one short transaction each; a delivery pass by hand is the worker's own
(``bot/writeback/worker.deliver_due``), repeated until nothing is due, each PSA call outside a transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.psa.resolver import PSAResolver
from bot.writeback.worker import RetryPolicy, deliver_due
from storage.models import PsaOutbox
from storage.queries import outbox


async def outbox_writes(
    db: async_sessionmaker[AsyncSession], *, status: str | None = None, limit: int = 50
) -> list[PsaOutbox]:
    """Newest writes first (of one status, if given)."""
    async with db.begin() as session:
        return await outbox.list_writes(session, status=status, limit=limit)


async def retry_parked(db: async_sessionmaker[AsyncSession], write_ids: list[int] | None = None) -> int:
    """Send parked writes (all, or these ids) back to the queue; returns how many."""
    async with db.begin() as session:
        return await outbox.retry(session, write_ids)


@dataclass(frozen=True)
class DeliveryTotals:
    delivered: int
    retrying: int
    parked: int


async def deliver_everything_due(
    db: async_sessionmaker[AsyncSession], psa: PSAResolver, policy: RetryPolicy
) -> DeliveryTotals:
    """Delivery passes until one finds nothing due: a failed write moves to the future, so this ends."""
    delivered = retrying = parked = 0
    while True:
        report = await deliver_due(db, psa, policy)
        delivered += len(report.delivered)
        retrying += len(report.retrying)
        parked += len(report.parked)
        if not (report.delivered or report.retrying or report.parked):
            return DeliveryTotals(delivered, retrying, parked)
