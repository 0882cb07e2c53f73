"""The note a finished walk leaves on its PSA ticket: what was tried, what was seen, how it ended.

Written for the engineer who opens the ticket next, in plain text (every PSA renders it),
ending with a marker line that lets the outbox find the note again after a crash.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.engine.kinds import KIND_LABELS, SessionKind, WalkStatus
from bot.engine.state import Note, Step, notes_by_step
from bot.psa.client import marker


@dataclass(frozen=True)
class WalkRecord:
    """A finished walk, as the note needs it (built from the session row by the caller)."""

    session_kind: str
    status: str
    flow_title: str | None
    technician: str
    started_at: datetime
    ended_at: datetime
    walked_path: Sequence[Step]
    walk_notes: Sequence[Note]
    resolution_notes: str | None = None
    helpful: bool | None = None
    escalation_reason: str | None = None
    escalation_category: str | None = None
    category: str | None = None
    # Who ended the walk when that was not its technician (a take-over); None otherwise.
    finished_by: str | None = None


def compose_note(record: WalkRecord, idempotency_key: str) -> str:
    lines = [f"walkbot walk — {record.status}"]
    what = KIND_LABELS.get(record.session_kind, record.session_kind)
    if record.flow_title:
        what += f": {record.flow_title}"
    if record.session_kind == SessionKind.AI_BUILD and record.category:
        what += f" (category: {record.category})"
    lines.append(what)
    minutes = max(0, round((record.ended_at - record.started_at).total_seconds() / 60))
    lines.append(f"Technician: {record.technician} · {record.started_at:%Y-%m-%d %H:%M} UTC · {minutes} min")
    if record.finished_by:
        lines.append(f"Finished by: {record.finished_by} (took over from {record.technician})")
    lines.append("")
    notes_by_node = notes_by_step(record.walk_notes)
    if record.walked_path:
        lines.append("Steps:")
        for number, step in enumerate(record.walked_path, start=1):
            answer = step.option_label or step.value or ""
            text = _one_line(step.text)
            lines.append(f"{number}. {text} → {answer}" if answer else f"{number}. {text}")
            for note in notes_by_node.pop(step.node_id, []):
                lines.append(f"   Note: {_one_line(note)}")
    else:
        lines.append("Steps: none recorded")
    leftover = [n for notes in notes_by_node.values() for n in notes]
    if leftover:
        lines.append("")
        lines.append("Notes:")
        lines += [f"- {_one_line(n)}" for n in leftover]
    lines.append("")
    if record.status == WalkStatus.RESOLVED:
        lines.append(f"Resolution: {record.resolution_notes or '(none given)'}")
        if record.helpful is not None:
            lines.append(f"Flow helpful: {'yes' if record.helpful else 'no'}")
    elif record.status == WalkStatus.ESCALATED:
        category = f"[{record.escalation_category}] " if record.escalation_category else ""
        lines.append(f"Escalated: {category}{record.escalation_reason or '(no reason given)'}")
    lines.append("")
    lines.append(marker(idempotency_key))
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(str(text).split())
