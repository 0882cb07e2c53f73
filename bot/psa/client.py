"""The one protocol every PSA client implements; the rest of walkbot knows nothing vendor-specific."""

from __future__ import annotations

from typing import Protocol

from bot.psa.models import FoundNote, NoteReceipt, NoteWrite, Ticket


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

    async def set_status(self, ticket_id: str, status: str) -> None: ...

    async def close(self) -> None: ...
