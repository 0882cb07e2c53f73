"""The one protocol every PSA client implements; the rest of walkbot knows nothing vendor-specific."""

from __future__ import annotations

from typing import Protocol

from bot.psa.models import Assignment, FoundNote, NoteReceipt, NoteWrite, Ticket, TimeEntryWrite


def marker(idempotency_key: str) -> str:
    """The line a walkbot note ends with; ``find_note`` searches for it to recover after a crash."""
    return f"[walkbot:{idempotency_key}]"


class PSAClient(Protocol):
    kind: str  # 'connectwise' | 'autotask' | 'halo'

    async def get_ticket(self, ticket_id: str) -> Ticket: ...

    async def add_note(self, ticket_id: str, note: NoteWrite) -> NoteReceipt: ...

    async def find_note(self, ticket_id: str, marker_key: str) -> FoundNote | None:
        """The note whose text contains ``marker(marker_key)``, if one was already posted (crash recovery)."""
        ...

    async def set_status(
        self, ticket_id: str, status: str, *, as_member: str | None = None, resolution: str | None = None
    ) -> None:
        """Move the ticket to ``status`` (made as ``as_member`` where the PSA can; Autotask also fills
        ``resolution``). Raises PSAError naming the setting to fix when the status does not exist there."""
        ...

    async def check_status(self, status: str) -> str | None:
        """None when ``status`` exists where this PSA keeps statuses; otherwise what is wrong, in words."""
        ...

    async def assign(self, ticket_id: str, assignment: Assignment) -> None:
        """An engineer's pick-up: the ticket's owner/resource/agent and, when configured, its status."""
        ...

    async def find_member(self, email: str) -> str | None:
        """The active member/resource/agent with this email, as an id string."""
        ...

    async def add_resolution(self, ticket_id: str, note: NoteWrite) -> NoteReceipt:
        """The technician's resolution text in the PSA's resolution section, once (ConnectWise only)."""
        ...

    async def find_time_entry(self, ticket_id: str, marker_key: str) -> str | None:
        """The time entry whose notes carry ``marker(marker_key)``, if an earlier attempt logged it."""
        ...

    async def add_time_entry(self, ticket_id: str, entry: TimeEntryWrite) -> str:
        """Log the walk's time on the ticket; returns the PSA's id for it."""
        ...

    async def close(self) -> None: ...
