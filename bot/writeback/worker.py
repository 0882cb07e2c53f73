"""Delivers the PSA outbox: lease one due write, send it, mark it, back off or park on failure.

Runs as a loop inside every ``walkbot serve`` process (rows are leased with SKIP LOCKED,
so any number of processes share the queue) and on demand from ``walkbot outbox``.

Never twice: one row is leased at a time (a batch's tail can't expire while its head is
slow), a heartbeat renews the lease while the write is in flight, the lease is checked
and the ticket searched for the note immediately before each POST, and only the lease
holder may mark the row (its fencing token), so a slow worker can't park a delivered row.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.psa.client import PSAClient
from bot.psa.errors import PSAError, PSARateLimited
from bot.psa.models import Assignment, NoteWrite, TimeEntryWrite, on_behalf_of
from bot.psa.resolver import PSAResolver
from bot.writeback.authors import psa_member_for
from bot.writeback.lease import heartbeat_every
from storage.queries import outbox
from storage.queries.outbox import LeasedWrite

log = logging.getLogger(__name__)

ParkedCallback = Callable[[LeasedWrite, str], Awaitable[None]]


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 8
    first_delay: timedelta = timedelta(seconds=5)
    max_delay: timedelta = timedelta(minutes=15)
    lease: timedelta = timedelta(minutes=5)

    def delay_after(self, attempts: int) -> timedelta:
        """Exponential: 5 s, 10 s, 20 s … capped, so an hour-long PSA outage costs a handful of calls."""
        return min(self.first_delay * (2 ** max(0, attempts - 1)), self.max_delay)


@dataclass
class DeliveryReport:
    delivered: list[int] = field(default_factory=list)
    retrying: list[int] = field(default_factory=list)
    parked: list[int] = field(default_factory=list)
    lost: list[int] = field(default_factory=list)  # leases taken over by another worker: not ours to mark


class LeaseLost(Exception):
    """Another worker holds the row now; this one must not post or mark it."""


async def deliver_due(
    db: async_sessionmaker[AsyncSession],
    psa: PSAResolver,
    policy: RetryPolicy = RetryPolicy(),
    *,
    on_parked: ParkedCallback | None = None,
    batch: int = 10,
) -> DeliveryReport:
    """Deliver up to ``batch`` due writes, leasing each one only when its turn comes."""
    report = DeliveryReport()
    for _ in range(batch):
        async with db.begin() as session:
            leased = await outbox.lease_due(session, limit=1, lease=policy.lease)
        if not leased:
            break
        await _deliver_one(db, psa, policy, leased[0], report, on_parked)
    return report


async def _deliver_one(
    db: async_sessionmaker[AsyncSession],
    psa: PSAResolver,
    policy: RetryPolicy,
    write: LeasedWrite,
    report: DeliveryReport,
    on_parked: ParkedCallback | None,
) -> None:
    lease = _Lease(db, write, policy.lease)
    beating = asyncio.create_task(lease.beat())
    try:
        external_id = await _send(db, write, await _client_for(psa, write), lease)
    except LeaseLost:
        log.warning("outbox %s: lease lost before posting; another worker has it", write.id)
        report.lost.append(write.id)
        return
    except PSAError as exc:
        await _record_failure(db, write, exc, policy, report, on_parked)
        return
    except Exception as exc:  # a bug or a malformed row must not strand the rest of the queue
        log.exception("outbox %s (session %s): unexpected error while delivering", write.id, write.session_id)
        failure = PSAError(f"unexpected error while delivering ({type(exc).__name__}); see the walkbot log")
        await _record_failure(db, write, failure, policy, report, on_parked)
        return
    finally:
        beating.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await beating
    async with db.begin() as session:
        marked = await outbox.mark_delivered(session, write, external_id)
    (report.delivered if marked else report.lost).append(write.id)


class _Lease:
    """The heartbeat of one leased row: renews it while the write is in flight, remembers if it was lost."""

    def __init__(self, db: async_sessionmaker[AsyncSession], write: LeasedWrite, lease: timedelta) -> None:
        self.db, self.write, self.lease = db, write, lease
        self.lost = False

    async def beat(self) -> None:
        while not self.lost:
            await asyncio.sleep(heartbeat_every(self.lease))
            try:
                await self.renew()
            except Exception:  # a database blip: the lease outlasts one PSA call (checked at start-up)
                log.warning("outbox %s: lease heartbeat failed", self.write.id, exc_info=True)

    async def renew(self) -> None:
        async with self.db.begin() as session:
            self.lost = self.lost or not await outbox.renew_lease(session, self.write, self.lease)

    async def ensure_held(self) -> None:
        """Renew now; raises LeaseLost when another worker has taken the row."""
        await self.renew()
        if self.lost:
            raise LeaseLost(str(self.write.id))


async def _client_for(psa: PSAResolver, write: LeasedWrite) -> PSAClient | None:
    """Rows name the PSA they were written for; deliver only through the account's client of that kind."""
    connection = await psa.connection_for(write.account_id)
    return connection.client if connection is not None and connection.kind == write.psa_kind else None


async def _send(
    db: async_sessionmaker[AsyncSession], write: LeasedWrite, client: PSAClient | None, lease: _Lease
) -> str | None:
    """One outbox row to the PSA, made as the person who did the work when they have a PSA member.

    Notes and time entries are looked for by their marker immediately before they are posted (an
    earlier worker's POST may have landed), and the lease is confirmed just before every write.
    """
    if client is None:
        raise PSAError(f"no {write.psa_kind} client is configured: set PSA_KIND and its credentials")

    async def member(slack_user_id: str | None) -> str | None:
        return await psa_member_for(db, client, write.account_id, slack_user_id or "")

    if write.kind == "note":
        found = await client.find_note(write.ticket_id, write.idempotency_key)
        if found is not None:
            log.info("outbox %s: note already on ticket %s, not posting twice", write.id, write.ticket_id)
            return found.note_id
        note = NoteWrite(**write.payload)
        member_id = await member(note.author_slack_id)
        if member_id is None:  # written as the API user: the note says who really did the work
            note = replace(note, text=on_behalf_of(note.author_name) + note.text)
        await lease.ensure_held()
        receipt = await client.add_note(write.ticket_id, replace(note, member_id=member_id))
        return receipt.note_id
    if write.kind == "resolution":
        note = NoteWrite(**write.payload)
        note = replace(note, member_id=await member(note.author_slack_id))
        await lease.ensure_held()
        return (await client.add_resolution(write.ticket_id, note)).note_id
    if write.kind == "status":
        as_member = await member(write.payload.get("author_slack_id"))
        await lease.ensure_held()
        await client.set_status(
            write.ticket_id, write.payload["status"], as_member=as_member, resolution=write.payload.get("resolution")
        )
        return None
    if write.kind == "assign":
        engineer = await member(write.payload.get("engineer_slack_id"))
        await lease.ensure_held()
        await client.assign(write.ticket_id, Assignment(member_id=engineer, status=write.payload.get("status")))
        return engineer
    if write.kind == "time_entry":
        found_id = await client.find_time_entry(write.ticket_id, write.idempotency_key)
        if found_id is not None:
            log.info("outbox %s: time entry already on ticket %s, not logging twice", write.id, write.ticket_id)
            return found_id
        entry = TimeEntryWrite(**write.payload)
        entry = replace(entry, member_id=await member(entry.author_slack_id))
        await lease.ensure_held()
        return await client.add_time_entry(write.ticket_id, entry)
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
        marked = await outbox.mark_failed(session, write, message, retry_at=retry_at)
    if not marked:  # another worker holds (or delivered) the row now: its outcome stands
        log.info("outbox %s: attempt failed after the lease passed on (%s); left to its holder", write.id, message)
        report.lost.append(write.id)
        return
    log.warning("outbox %s (session %s) attempt %s failed: %s", write.id, write.session_id, write.attempts, message)
    if retry_at is None:
        report.parked.append(write.id)
        if on_parked is not None:
            await on_parked(write, message)
    else:
        report.retrying.append(write.id)
