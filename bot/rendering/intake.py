"""The intake card: how to walk a ticket when no flow was named.

Matching published flows come first, then an ad-hoc investigation, then AI-guided
(only where the account allows the ticket's category). Buttons carry the ticket, so
the card needs no session row until the technician chooses.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ContextBlock, HeaderBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.rendering import action_ids as ids
from bot.rendering.text import BUTTON_TEXT, CONTEXT_TEXT, HEADER_TEXT, clip, escape
from bot.rendering.walk_card import TicketHeader

MAX_SUGGESTIONS = 5


@dataclass(frozen=True)
class IntakeCard:
    ticket: TicketHeader
    ticket_ref: ids.IntakeChoice  # the ticket, which every button carries (each with its own argument)
    technician_id: str
    description: str | None
    suggestions: Sequence[tuple[str, str]]  # (slug, title), best first
    ai: str  # "offer" (category allowed), "ask" (not classified yet: flows matched), "hidden"
    category: str | None = None  # set when classified at intake
    ai_note: str | None = None  # why AI-guided is not offered


def intake_fallback_text(card: IntakeCard) -> str:
    return clip(f"How do you want to walk {card.ticket.label}?", 300)


def intake_blocks(card: IntakeCard) -> list:
    facts = [f"technician <@{card.technician_id}>"]
    if card.ticket.url:
        facts.insert(0, f"<{card.ticket.url}|open ticket>")
    if card.ticket.company:
        facts.insert(0, escape(card.ticket.company))
    blocks: list = [
        HeaderBlock(text=clip(card.ticket.label, HEADER_TEXT)),
        ContextBlock(elements=[MarkdownTextObject(text=clip(" · ".join(facts), CONTEXT_TEXT))]),
    ]
    if card.description:
        blocks.append(SectionBlock(text=clip(escape(card.description), 600)))
    if card.suggestions:
        blocks.append(SectionBlock(text="*Matching flows* — start with one of these:"))
        blocks.append(
            ActionsBlock(
                block_id="intake_flows",
                elements=[
                    ButtonElement(
                        text=clip(title, BUTTON_TEXT),
                        action_id=f"{ids.START_FLOW}:{slug}",
                        value=replace(card.ticket_ref, argument=slug).encode(),
                        style="primary" if i == 0 else None,
                    )
                    for i, (slug, title) in enumerate(list(card.suggestions)[:MAX_SUGGESTIONS])
                ],
            )
        )
    else:
        blocks.append(SectionBlock(text="No published flow matches this ticket."))
    other = [ButtonElement(text="Ad-hoc investigation", action_id=ids.START_ADHOC, value=card.ticket_ref.encode())]
    if card.ai in ("offer", "ask"):
        label = "AI-guided" if card.ai == "offer" else "None fit: try AI-guided"
        value = replace(card.ticket_ref, argument=card.category or "").encode()
        other.append(ButtonElement(text=label, action_id=ids.START_AI, value=value))
    blocks.append(ActionsBlock(block_id="intake_other", elements=other))
    if card.ai_note:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(escape(card.ai_note), CONTEXT_TEXT))]))
    return blocks
