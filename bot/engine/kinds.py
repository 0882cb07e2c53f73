"""The words a walk is described with: its kind, its status, its ticket's kind (stored as these strings)."""

from __future__ import annotations

from enum import StrEnum


class SessionKind(StrEnum):
    FLOW = "flow"  # a published flow
    PROPOSAL = "proposal"  # a draft flow, tried before it is published
    ADHOC = "adhoc"  # the technician records each step
    AI_BUILD = "ai_build"  # Claude proposes each step


class WalkStatus(StrEnum):
    ACTIVE = "active"
    RESOLVED = "resolved"
    ESCALATED = "escalated"
    ABANDONED = "abandoned"


class TicketKind(StrEnum):
    PSA = "psa"
    INTERNAL = "internal"


# How a walk of each kind is named on cards, lists and PSA notes (a flow walk shows its flow's title instead).
KIND_LABELS: dict[str, str] = {
    SessionKind.FLOW: "Flow",
    SessionKind.PROPOSAL: "Draft flow (under test)",
    SessionKind.ADHOC: "Ad-hoc investigation",
    SessionKind.AI_BUILD: "AI-guided walk",
}

# Walks that followed no flow, so a resolved one can become a draft flow ("Propose as flow").
PROPOSABLE_KINDS: frozenset[str] = frozenset({SessionKind.ADHOC, SessionKind.AI_BUILD})
