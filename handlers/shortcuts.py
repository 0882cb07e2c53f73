"""Message shortcut "Walk this ticket": the ticket a message names (link, T-number, #12345) gets an intake card."""

from __future__ import annotations

from typing import Any

from slack_bolt.async_app import AsyncApp

from bot.engine.kinds import TicketKind
from bot.psa.ticket_refs import find_ticket_ref
from bot.rendering import action_ids as ids
from bot.runtime import Runtime
from bot.walks.starting import walk_ticket

NO_TICKET = (
    "That message names no ticket walkbot can find: it needs a ticket link, an Autotask number like "
    "`T20240311.0042`, or `#12345`. You can also type `/walk 12345`."
)


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.shortcut(ids.WALK_THIS_TICKET)
    async def walk_this_ticket(ack, body, client, respond, actor):
        await ack()
        ref = find_ticket_ref(message_text(body.get("message") or {}))
        if ref is None:
            await respond(text=NO_TICKET, response_type="ephemeral", replace_original=False)
            return
        problem = await walk_ticket(
            runtime, client, actor, TicketKind.PSA, ref.ticket_id, None, body["channel"]["id"], source_psa=ref.psa
        )
        if problem:
            await respond(text=problem, response_type="ephemeral", replace_original=False)


def message_text(message: dict[str, Any]) -> str:
    """Everything readable in a message: its text, and its attachments' (PSA notification bots use them)."""
    parts = [str(message.get("text") or "")]
    for attachment in message.get("attachments") or []:
        for key in ("title_link", "from_url", "title", "text", "fallback"):
            if attachment.get(key):
                parts.append(str(attachment[key]))
    return "\n".join(parts)
