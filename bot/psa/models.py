"""What crosses the PSA boundary: one ticket shape for every vendor, and the note walkbot writes."""

from __future__ import annotations

from dataclasses import dataclass

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

    @property
    def psa_label(self) -> str:
        return PSA_LABELS.get(self.psa, self.psa)


@dataclass(frozen=True)
class NoteWrite:
    """A note to post; stored as the outbox row's JSON payload, so only plain JSON types."""

    text: str
    internal: bool = True
    resolution: bool = False
    title: str = "walkbot walk"


@dataclass(frozen=True)
class NoteReceipt:
    note_id: str


@dataclass(frozen=True)
class FoundNote:
    """A note already on the ticket carrying our marker: proof an earlier attempt got through."""

    note_id: str
