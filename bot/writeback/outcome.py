"""Queue a finished walk's write-back in the same transaction that records how the walk ended.

The caller has just set the session to resolved or escalated and has not committed yet:
the outbox rows commit with that outcome or not at all, so an outcome never exists
without its note, and a PSA outage only delays the note (the worker delivers it later).

What is queued, in delivery order: the internal walk log (always); on resolve, the technician's
resolution text when the account allows it (ConnectWise's Resolution section); a status change
when one is configured for the outcome; the walk's working time when the account logs time.
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine.kinds import TicketKind, WalkStatus
from bot.engine.state import notes_of, steps_of
from bot.psa.models import NoteWrite, TimeEntryWrite
from bot.psa.writeback_settings import WritebackSettings
from bot.writeback.note_text import WalkRecord, compose_note, marker
from storage.models import L1WalkSession
from storage.queries import outbox

WRITTEN_BACK = (WalkStatus.RESOLVED, WalkStatus.ESCALATED)
# PSAs with a resolution section a note can be written to; Autotask's Tickets.resolution travels with the status.
RESOLUTION_SECTION = ("connectwise",)
MIN_LOGGED = timedelta(minutes=1)


def walk_record(
    session: L1WalkSession, *, flow_title: str | None, technician: str, finished_by: str | None = None
) -> WalkRecord:
    """The note's view of a session row."""
    ended = session.resolved_at or session.last_step_at or datetime.now(UTC)
    return WalkRecord(
        session_kind=session.session_kind,
        status=session.status,
        flow_title=flow_title,
        technician=technician,
        finished_by=finished_by,
        started_at=session.started_at or ended,
        ended_at=ended,
        walked_path=steps_of(session.walked_path),
        walk_notes=notes_of(session.walk_notes),
        resolution_notes=session.resolution_notes,
        helpful=session.helpful,
        escalation_reason=session.escalation_reason,
        escalation_category=session.escalation_reason_category,
        category=session.category,
    )


def note_key(session: L1WalkSession) -> str:
    """One note per walk outcome: a redelivered click or a retried handler enqueues it once."""
    return f"{session.id}:{session.status}"


async def enqueue_outcome(
    db: AsyncSession,
    session: L1WalkSession,
    *,
    psa_kind: str,
    flow_title: str | None,
    technician: str,
    finished_by: str | None = None,
    author_name: str | None = None,
    author_slack_id: str = "",
    status_on_resolve: str | None = None,
    writeback: WritebackSettings | None = None,
) -> None:
    """Add the walk's write-back to the outbox, uncommitted.

    The writes are made as ``author_slack_id``'s PSA member and name ``author_name`` (default: the technician)
    when they cannot be: the person who ended the walk, who after a take-over is not its technician.

    Internal tickets, walks without a PSA and walks that did not end in resolve/escalate write nothing.
    """
    if (
        session.ticket_kind != TicketKind.PSA
        or psa_kind in ("none", "internal", "")
        or session.status not in WRITTEN_BACK
    ):
        return
    writeback = writeback or WritebackSettings()
    key = note_key(session)
    record = walk_record(session, flow_title=flow_title, technician=technician, finished_by=finished_by)
    title = f"walkbot: {flow_title or 'walk'} — {session.status}"
    author = author_name or technician
    note = NoteWrite(
        text=compose_note(record, key),
        internal=True,  # the walk log is for the desk; never the customer
        title=title[:250],
        author_name=author,
        author_slack_id=author_slack_id,
    )
    common = {
        "account_id": session.account_id,
        "session_id": session.id,
        "psa_kind": psa_kind,
        "ticket_id": session.ticket_id,
    }
    await outbox.enqueue(db, **common, kind="note", payload=asdict(note), idempotency_key=key)
    resolution = (session.resolution_notes or "").strip()
    resolved = session.status == WalkStatus.RESOLVED
    if resolved and writeback.resolution_text and resolution and psa_kind in RESOLUTION_SECTION:
        text = NoteWrite(
            text=resolution, internal=False, resolution=True, title=title[:250], author_name=author,
            author_slack_id=author_slack_id,
        )  # fmt: skip
        await outbox.enqueue(db, **common, kind="resolution", payload=asdict(text), idempotency_key=f"{key}:resolution")
    status = (writeback.status_on_resolve or status_on_resolve) if resolved else writeback.status_on_escalate
    if status:
        payload = {"status": status, "author_slack_id": author_slack_id}
        if resolved:
            # Autotask may require a resolution to complete a ticket; only the technician's words, when allowed.
            payload["resolution"] = (
                resolution if writeback.resolution_text and resolution else "Resolved with walkbot (see internal note)."
            )
        await outbox.enqueue(db, **common, kind="status", payload=payload, idempotency_key=f"{key}:status")
    if writeback.time_entries:
        # A PSA logs time in minutes at best: a walk of seconds is logged as one minute, never as zero.
        ended = max(record.ended_at, record.started_at + MIN_LOGGED)
        entry = TimeEntryWrite(
            started_at=record.started_at.astimezone(UTC).isoformat(),
            ended_at=ended.astimezone(UTC).isoformat(),
            notes=f"walkbot walk: {flow_title or 'walk'} ({session.status})\n{marker(key + ':time')}",
            billable=writeback.time_billable,
            work_type=writeback.work_type,
            author_name=author,
            author_slack_id=author_slack_id,
        )
        await outbox.enqueue(db, **common, kind="time_entry", payload=asdict(entry), idempotency_key=f"{key}:time")


async def enqueue_pickup(
    db: AsyncSession,
    session: L1WalkSession,
    *,
    psa_kind: str,
    engineer_slack_id: str,
    writeback: WritebackSettings,
) -> None:
    """An engineer picked the escalation up: assign the ticket to them and/or move it to the pick-up status."""
    if session.ticket_kind != TicketKind.PSA or psa_kind in ("none", "internal", ""):
        return
    if not writeback.assign_on_pickup and not writeback.status_on_pickup:
        return
    payload = {
        "engineer_slack_id": engineer_slack_id if writeback.assign_on_pickup else "",
        "status": writeback.status_on_pickup,
    }
    await outbox.enqueue(
        db,
        account_id=session.account_id,
        session_id=session.id,
        psa_kind=psa_kind,
        ticket_id=session.ticket_id,
        kind="assign",
        payload=payload,
        idempotency_key=f"{session.id}:pickup",
    )
