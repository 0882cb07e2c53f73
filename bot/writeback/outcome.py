"""Queue a finished walk's write-back in the same transaction that records how the walk ended.

The caller has just set the session to resolved or escalated and has not committed yet:
the outbox rows commit with that outcome or not at all, so an outcome never exists
without its note, and a PSA outage only delays the note (the worker delivers it later).
"""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.psa.models import NoteWrite
from bot.writeback.note_text import WalkRecord, compose_note
from storage.models import L1WalkSession
from storage.queries import outbox

WRITTEN_BACK = ("resolved", "escalated")


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
        walked_path=list(session.walked_path or []),
        walk_notes=list(session.walk_notes or []),
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
    status_on_resolve: str | None = None,
) -> None:
    """Add the walk's note (and, on resolve, the configured status change) to the outbox, uncommitted.

    Internal tickets, walks without a PSA and walks that did not end in resolve/escalate write nothing.
    """
    if session.ticket_kind != "psa" or psa_kind in ("none", "internal", "") or session.status not in WRITTEN_BACK:
        return
    key = note_key(session)
    title = f"walkbot: {flow_title or 'walk'} — {session.status}"
    note = NoteWrite(
        text=compose_note(
            walk_record(session, flow_title=flow_title, technician=technician, finished_by=finished_by), key
        ),
        internal=True,
        resolution=session.status == "resolved",
        title=title[:250],
    )
    common = {
        "account_id": session.account_id,
        "session_id": session.id,
        "psa_kind": psa_kind,
        "ticket_id": session.ticket_id,
    }
    await outbox.enqueue(db, **common, kind="note", payload=asdict(note), idempotency_key=key)
    if session.status == "resolved" and status_on_resolve:
        await outbox.enqueue(
            db, **common, kind="status", payload={"status": status_on_resolve}, idempotency_key=f"{key}:status"
        )
