"""Notes cut to the size each PSA accepts, keeping the marker line the outbox searches for.

The full text stays in walkbot (the outbox row's payload and the session); only what is sent is cut.
Limits, per vendor documentation (see docs/psa.md for the sources):
Autotask TicketNotes.description 32,000 characters; ConnectWise and Halo as named in their modules.
"""

from __future__ import annotations

TRUNCATED = "… (truncated, full walk in walkbot)"


def fit_note(text: str, limit: int) -> str:
    """``text`` unchanged when it fits; otherwise its head, the truncation marker, and its last line."""
    if len(text) <= limit:
        return text
    head, _, last = text.rpartition("\n")
    if not head:  # a single over-long line: nothing to keep at the end
        head, last = text, ""
    tail = f"\n{TRUNCATED}\n{last}" if last else f"\n{TRUNCATED}"
    room = max(0, limit - len(tail))
    return head[:room].rstrip() + tail
