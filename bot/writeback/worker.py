"""Delivers the PSA outbox: lease due writes, send each, mark it, back off or park on failure.

Runs as a loop inside every ``walkbot serve`` process (rows are leased with SKIP LOCKED,
so any number of processes share the queue) and on demand from ``walkbot outbox``.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.psa.client import PSAClient
from bot.psa.errors import PSAError, PSARateLimited
from bot.psa.models import NoteWrite
from bot.psa.resolver import PSAResolver
from storage.queries import outbox
from storage.queries.outbox import LeasedWrite

log = logging.getLogger(__name__)

ParkedCallback = Callable[[LeasedWrite, str], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    first_delay: timedelta = timedelta(seconds=5)
    max_delay: timedelta = timedelta(minutes=15)
    lease: timedelta = timedelta(minutes=2)

    def delay_after(self, attempts: int) -> timedelta:
        """Exponential: 5 s, 10 s, 20 s … capped, so an hour-long PSA outage costs a handful of calls."""
        return min(self.first_delay * (2 ** max(0, attempts - 1)), self.max_delay)


@dataclass
class DeliveryReport:
    delivered: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    parked: list[int] = field(default_factory=list)


async def deliver_due(
    db: async_sessionmaker[AsyncSession],
    psa: PSAResolver,
    policy: RetryPolicy = RetryPolicy(),
    *,
    on_parked: ParkedCallback | None = None,
    batch: int = 10,
) -> DeliveryReport:
    report = DeliveryReport()
    async with db.begin() as session:
        leased = await outbox.lease_due(session, limit=batch, lease=policy.lease)
    for write in leased:
        try:
            external_id = await _send(write, await _client_for(psa, write))
        except PSAError as exc:
            await _record_failure(db, write, exc, policy, report, on_parked)
            continue
        except Exception as exc:  # a bug or a malformed row must not strand the rest of the leased batch
            log.exception("outbox %s (session %s): unexpected error while delivering", write.id, write.session_id)
            failure = PSAError(f"unexpected error while delivering ({type(exc).__name__}); see the walkbot log")
            await _record_failure(db, write, failure, policy, report, on_parked)
            continue
        async with db.begin() as session:
            await outbox.mark_delivered(session, write.id, external_id)
        report.delivered.append(write.id)
    return report


async def _client_for(psa: PSAResolver, write: LeasedWrite) -> PSAClient | None:
    """Rows name the PSA they were written for; deliver only through the account's client of that kind."""
    connection = await psa.connection_for(write.account_id)
    return connection.client if connection is not None and connection.kind == write.psa_kind else None


async def _send(write: LeasedWrite, client: PSAClient | None) -> str | None:
    if client is None:
        raise PSAError(f"no {write.psa_kind} client is configured: set PSA_KIND and its credentials")
    if write.kind == "note":
        if write.may_have_been_delivered:
            found = await client.find_note(write.ticket_id, write.idempotency_key)
            if found is not None:
                log.info("outbox %s: note already on ticket %s, not posting twice", write.id, write.ticket_id)
                return found.note_id
        receipt = await client.add_note(write.ticket_id, NoteWrite(**write.payload))
        return receipt.note_id
    if write.kind == "status":
        await client.set_status(write.ticket_id, write.payload["status"])
        return None
    raise PSAError(f"unknown outbox kind {write.kind!r}")


async def _record_failure(
    db: async_sessionmaker[AsyncSession],
    write: LeasedWrite,
    exc: PSAError,
    policy: RetryPolicy,
    report: DeliveryReport,
    on_parked: ParkedCallback | None,
) -> None:
    message = str(exc)
    if write.attempts >= policy.max_attempts:
        retry_at = None
    elif isinstance(exc, PSARateLimited) and exc.retry_after:
        retry_at = datetime.now(UTC) + timedelta(seconds=exc.retry_after)
    else:
        retry_at = datetime.now(UTC) + policy.delay_after(write.attempts)
    async with db.begin() as session:
        await outbox.mark_failed(session, write.id, message, retry_at=retry_at)
    log.warning("outbox %s (session %s) attempt %s failed: %s", write.id, write.session_id, write.attempts, message)
    if retry_at is None:
        report.parked.append(write.id)
        if on_parked is not None:
            await on_parked(write, message)
    else:
        report.retrying.append(write.id)
