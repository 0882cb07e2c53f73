"""Finding the ticket a walk is for: in the PSA, or among walkbot's own internal tickets.

The ticket is looked up once, at intake, and kept on the session as a snapshot: the
card never waits on the PSA again, and the AI context never re-fetches it.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.engine.kinds import TicketKind
from bot.psa.client import PSAClient
from bot.psa.errors import PSAError
from bot.psa.models import PSA_LABELS, Ticket, ticket_from_snapshot
from bot.walks.actors import Actor
from storage.queries import sessions


class TicketUnavailable(Exception):
    """The ticket can't be had; the message says why and what to do."""


async def look_up_ticket(
    psa: PSAClient | None,
    db: async_sessionmaker[AsyncSession],
    actor: Actor,
    ticket_kind: str,
    ticket_id: str,
    *,
    source_psa: str | None = None,
) -> Ticket:
    """The ticket, from the PSA (no transaction is open while it answers) or an earlier walk's snapshot."""
    if ticket_kind == TicketKind.INTERNAL:
        async with db.begin() as session:
            snapshot = await sessions.latest_ticket_snapshot(session, actor.account_id, ticket_id, TicketKind.INTERNAL)
        if snapshot is None:
            raise TicketUnavailable(
                f"Internal ticket {ticket_id} was not found. Start a new one with `/walk internal <what is wrong>`."
            )
        return ticket_from_snapshot(snapshot)
    if psa is None:
        raise TicketUnavailable(
            f"No PSA is connected, so ticket {ticket_id} can't be looked up. Ask your walkbot admin to set PSA_KIND, "
            "or walk an internal ticket: `/walk internal <what is wrong>`."
        )
    if source_psa and source_psa != psa.kind:
        raise TicketUnavailable(
            f"That link is a {PSA_LABELS.get(source_psa, source_psa)} ticket, but walkbot is connected to "
            f"{PSA_LABELS.get(psa.kind, psa.kind)}. Paste a {PSA_LABELS.get(psa.kind, psa.kind)} ticket link or number."
        )
    try:
        return await psa.get_ticket(ticket_id)
    except PSAError as exc:
        raise TicketUnavailable(str(exc)) from exc


def new_internal_ticket(ticket_id: str, problem_text: str) -> Ticket:
    summary = " ".join(problem_text.split())
    return Ticket(
        id=ticket_id,
        kind=TicketKind.INTERNAL,
        psa="internal",
        summary=summary[:120],
        description=problem_text if len(summary) > 120 else None,
    )


def ticket_snapshot(ticket: Ticket) -> dict[str, Any]:
    return dataclasses.asdict(ticket)


def problem_text(ticket: Ticket) -> str:
    """What the AI builder is told the problem is (stored on the session at intake)."""
    parts = [ticket.summary, ticket.description or ""]
    return "\n\n".join(p.strip() for p in parts if p and p.strip())
