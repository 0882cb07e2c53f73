"""The PSA write-back outbox: enqueue with the outcome, lease due rows to one worker, mark, park, retry.

Delivery happens outside any transaction. A worker first *leases* one row (``FOR UPDATE SKIP
LOCKED``, bump ``attempts``, push ``next_attempt_at`` past the lease, draw a new ``lease_token``)
and commits; then it calls the PSA, renewing the lease while the call is in flight; then it
marks the row. Marks carry the lease token (a fencing token): a worker whose lease ran out and
was taken by another can no longer mark the row delivered or parked. A worker killed between
the PSA call and the mark leaves a row whose lease expires; the next worker looks for the note
on the ticket before posting again.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import select, text, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import PsaOutbox


@dataclass(frozen=True)
class LeasedWrite:
    id: int
    account_id: uuid.UUID
    session_id: uuid.UUID | None
    psa_kind: str
    ticket_id: str
    kind: str
    payload: dict[str, Any]
    idempotency_key: str
    attempts: int
    last_error: str | None
    lease_token: uuid.UUID


async def enqueue(
    db: AsyncSession,
    *,
    account_id: uuid.UUID,
    session_id: uuid.UUID | None,
    psa_kind: str,
    ticket_id: str,
    kind: str,
    payload: dict[str, Any],
    idempotency_key: str,
) -> None:
    """Add a write in the caller's transaction; the same key twice is one write."""
    await db.execute(
        insert(PsaOutbox)
        .values(
            account_id=account_id,
            session_id=session_id,
            psa_kind=psa_kind,
            ticket_id=ticket_id,
            kind=kind,
            payload=payload,
            idempotency_key=idempotency_key,
            next_attempt_at=datetime.now(UTC),
        )
        .on_conflict_do_nothing(index_elements=["idempotency_key"])
    )


LEASE_SQL = text(
    """
    UPDATE psa_outbox o SET attempts = o.attempts + 1, next_attempt_at = :lease_until, lease_token = gen_random_uuid()
    FROM (
        SELECT id FROM psa_outbox
        WHERE status = 'pending' AND next_attempt_at <= :now
          -- an uninstalled workspace's writes wait (kept, not delivered) until it is installed again
          AND EXISTS (SELECT 1 FROM accounts a WHERE a.id = psa_outbox.account_id AND a.active)
        ORDER BY next_attempt_at, id
        FOR UPDATE SKIP LOCKED
        LIMIT :limit
    ) due
    WHERE o.id = due.id
    RETURNING o.id, o.account_id, o.session_id, o.psa_kind, o.ticket_id, o.kind, o.payload, o.idempotency_key, o.attempts, o.last_error, o.lease_token
    """
)


async def lease_due(db: AsyncSession, *, limit: int = 1, lease: timedelta = timedelta(minutes=5)) -> list[LeasedWrite]:
    """Take up to ``limit`` due rows for this worker (the worker takes one); commit before delivering."""
    now = datetime.now(UTC)
    rows = await db.execute(LEASE_SQL, {"now": now, "lease_until": now + lease, "limit": limit})
    return [LeasedWrite(*row) for row in rows.all()]


async def renew_lease(db: AsyncSession, write: LeasedWrite, lease: timedelta) -> bool:
    """Heartbeat: push the lease on while a write is in flight; False when the lease was lost."""
    result = await db.execute(update(PsaOutbox).where(_held(write)).values(next_attempt_at=datetime.now(UTC) + lease))
    return result.rowcount == 1


async def mark_delivered(db: AsyncSession, write: LeasedWrite, external_id: str | None) -> bool:
    """Only the lease holder may; False (nothing changed) for a worker whose lease was taken over."""
    result = await db.execute(
        update(PsaOutbox)
        .where(_held(write))
        .values(status="delivered", external_id=external_id, delivered_at=datetime.now(UTC), last_error=None)
    )
    return result.rowcount == 1


async def mark_failed(db: AsyncSession, write: LeasedWrite, error: str, *, retry_at: datetime | None) -> bool:
    """``retry_at`` None parks the row (it waits for ``walkbot outbox retry``). Only the lease holder may."""
    values: dict[str, Any] = {"last_error": error[:2000]}
    if retry_at is None:
        values["status"] = "parked"
    else:
        values["next_attempt_at"] = retry_at
    result = await db.execute(update(PsaOutbox).where(_held(write)).values(**values))
    return result.rowcount == 1


def _held(write: LeasedWrite):
    """The row as this worker leased it: still pending, still under this worker's token."""
    return (PsaOutbox.id == write.id) & (PsaOutbox.lease_token == write.lease_token) & (PsaOutbox.status == "pending")


async def list_writes(db: AsyncSession, *, status: str | None = None, limit: int = 100) -> list[PsaOutbox]:
    stmt = select(PsaOutbox).order_by(PsaOutbox.id.desc()).limit(limit)
    if status:
        stmt = stmt.where(PsaOutbox.status == status)
    return list(await db.scalars(stmt))


async def writes_of_session(db: AsyncSession, session_id: uuid.UUID) -> list[PsaOutbox]:
    return list(await db.scalars(select(PsaOutbox).where(PsaOutbox.session_id == session_id).order_by(PsaOutbox.id)))


async def retry(db: AsyncSession, write_ids: list[int] | None = None) -> int:
    """Send parked rows (all, or the given ids) back to the queue now, with a fresh attempt budget.

    ``last_error`` is kept, so the next attempt still checks the ticket for an earlier delivery.
    """
    stmt = update(PsaOutbox).where(PsaOutbox.status == "parked")
    if write_ids:
        stmt = stmt.where(PsaOutbox.id.in_(write_ids))
    result = await db.execute(stmt.values(status="pending", attempts=0, next_attempt_at=datetime.now(UTC)))
    return result.rowcount
