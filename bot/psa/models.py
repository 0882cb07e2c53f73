"""What crosses the PSA boundary: one ticket shape for every vendor, and the note walkbot writes."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

PSA_LABELS = {"connectwise": "ConnectWise", "autotask": "Autotask", "halo": "HaloPSA", "internal": "Internal"}


@dataclass(frozen=True)
class Ticket:
    """A ticket as the walk card shows it, whatever PSA it came from (names, not vendor ids)."""

    id: str
    kind: str  # 'psa' | 'internal'
    psa: str  # 'connectwise' | 'autotask' | 'halo' | 'internal'
    summary: str
    description: str | None = None
    company: str | None = None
    contact: str | None = None
    board: str | None = None  # ConnectWise board, Autotask queue, Halo team
    type: str | None = None
    subtype: str | None = None
    priority: str | None = None
    status: str | None = None
    url: str | None = None  # the ticket in the PSA's web UI
    # The number technicians know when it isn't the id (Autotask's T20240311.0042); None: the id is the number.
    number: str | None = None

    @property
    def psa_label(self) -> str:
        return PSA_LABELS.get(self.psa, self.psa)


def ticket_from_snapshot(snapshot: dict[str, Any]) -> Ticket:
    """The ticket as a walk's intake snapshot (``l1_walk_sessions.ticket_snapshot``) recorded it."""
    names = {f.name for f in dataclasses.fields(Ticket)}
    return Ticket(**{k: v for k, v in snapshot.items() if k in names})


def ticket_label(ticket: Ticket) -> str:
    """How a ticket is named wherever walkbot lists it: "ConnectWise #12345 · Printer offline", "Internal INT-7"."""
    number = ticket.id if ticket.kind == "internal" else ticket.number or f"#{ticket.id}"
    head = f"{ticket.psa_label} {number}" if ticket.kind == "psa" else f"Internal {number}"
    return f"{head} · {ticket.summary}" if ticket.summary else head


@dataclass(frozen=True)
class NoteWrite:
    """A note to post; stored as the outbox row's JSON payload, so only plain JSON types."""

    text: str
    internal: bool = True  # True: only the MSP's staff see it, and no one is emailed
    resolution: bool = False  # the technician's resolution text, for the PSA's resolution section
    title: str = "walkbot walk"
    author_name: str = ""  # who did the work, named in the note when it can't be written as them
    author_slack_id: str = ""  # whose PSA member the outbox worker looks up at delivery
    # The PSA member/resource/agent id the note is written as; set by the outbox worker at delivery.
    member_id: str | None = None


@dataclass(frozen=True)
class NoteReceipt:
    note_id: str
    as_member: bool = False  # written as ``member_id`` (False: as the API user)


@dataclass(frozen=True)
class TimeEntryWrite:
    """A walk's working time, logged on its ticket; stored as an outbox payload (plain JSON types only).

    ``notes`` ends with the walk's marker so ``find_time_entry`` can tell a retry from a first attempt.
    """

    started_at: str  # ISO 8601, UTC
    ended_at: str
    notes: str
    billable: bool = False
    work_type: str | None = None  # ConnectWise work type name / Autotask billing code id
    author_name: str = ""
    author_slack_id: str = ""
    member_id: str | None = None  # set by the outbox worker at delivery

    @property
    def hours(self) -> float:
        start, end = datetime.fromisoformat(self.started_at), datetime.fromisoformat(self.ended_at)
        return max(0.0, (end - start).total_seconds() / 3600)


@dataclass(frozen=True)
class Assignment:
    """An engineer's pick-up, as the ticket should show it: assigned to them, and optionally a status."""

    member_id: str | None  # None: leave the assignee alone (no PSA member for the engineer)
    status: str | None


@dataclass(frozen=True)
class FoundNote:
    """A note already on the ticket carrying our marker: proof an earlier attempt got through."""

    note_id: str


def on_behalf_of(author_name: str) -> str:
    """The first line of a note written as the API user for someone walkbot could not write it as."""
    return f"Posted by walkbot for {author_name}.\n" if author_name else ""
