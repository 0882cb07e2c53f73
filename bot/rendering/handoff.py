"""The handoff card an escalation posts to the engineers' channel, before and after pick-up."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, ContextBlock, DividerBlock, HeaderBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.rendering import action_ids as ids
from bot.rendering.text import CONTEXT_TEXT, HEADER_TEXT, SECTION_TEXT, clip, escape

# Step lines are packed into sections of at most this many characters, and at most this many sections,
# so a 40-step walk still fits in one message (Slack: 50 blocks, 3,000 characters a section).
MAX_STEP_SECTIONS = 6


@dataclass(frozen=True)
class HandoffStep:
    text: str
    answer: str
    notes: Sequence[str] = ()


@dataclass(frozen=True)
class HandoffCard:
    session_id: str
    ticket_label: str  # "ConnectWise #12345 · Printer offline on floor 2"
    ticket_url: str | None
    company: str | None
    technician: str  # display name: the card is read by engineers who may not know the Slack id
    flow_title: str
    steps: Sequence[HandoffStep]
    loose_notes: Sequence[str]
    reason: str
    category_label: str
    thread_link: str | None
    picked_up_by: str | None = None  # display name
    picked_up_at: datetime | None = None
    escalated_by: str | None = None  # display name, when someone who took the walk over escalated it


def handoff_fallback_text(card: HandoffCard) -> str:
    return clip(f"Escalation: {card.ticket_label} — {card.category_label}", 300)


def handoff_blocks(card: HandoffCard) -> list:
    ticket = f"<{card.ticket_url}|{escape(card.ticket_label)}>" if card.ticket_url else escape(card.ticket_label)
    facts = [f"*Ticket:* {ticket}"]
    if card.company:
        facts.append(f"*Company:* {escape(card.company)}")
    facts.append(f"*Technician:* {escape(card.technician)}")
    if card.escalated_by:
        facts.append(f"*Escalated by:* {escape(card.escalated_by)} (took over)")
    facts.append(f"*Walked:* {escape(card.flow_title)}")
    blocks: list = [
        HeaderBlock(text=clip(f"Escalation: {card.category_label}", HEADER_TEXT)),
        SectionBlock(text=clip("\n".join(facts), SECTION_TEXT)),
        SectionBlock(text=clip(f"*Reason ({escape(card.category_label)}):*\n{escape(card.reason)}", SECTION_TEXT)),
        DividerBlock(),
    ]
    blocks += [SectionBlock(text=chunk) for chunk in _step_sections(card)]
    if card.loose_notes:
        notes = "\n".join(f"• {escape(n)}" for n in card.loose_notes)
        blocks.append(SectionBlock(text=clip(f"*Notes*\n{notes}", SECTION_TEXT)))
    if card.thread_link:
        blocks.append(
            ContextBlock(
                elements=[MarkdownTextObject(text=clip(f"<{card.thread_link}|Open the walk thread>", CONTEXT_TEXT))]
            )
        )
    if card.picked_up_by:
        when = f" at {card.picked_up_at:%H:%M} UTC" if card.picked_up_at else ""
        blocks.append(SectionBlock(text=f":white_check_mark: Picked up by {escape(card.picked_up_by)}{when}"))
    else:
        blocks.append(
            ActionsBlock(
                block_id="handoff_actions",
                elements=[ButtonElement(text="Pick up", action_id=ids.PICK_UP, value=card.session_id, style="primary")],
            )
        )
    return blocks


def _step_sections(card: HandoffCard) -> list[str]:
    if not card.steps:
        return ["*Steps walked:* none"]
    lines = []
    for number, step in enumerate(card.steps, start=1):
        line = (
            f"{number}. {escape(step.text)} → *{escape(step.answer)}*"
            if step.answer
            else f"{number}. {escape(step.text)}"
        )
        lines.append(clip(line, 600))
        lines += [clip(f"      _note:_ {escape(n)}", 600) for n in step.notes]
    sections, current = [], "*Steps walked*"
    for line in lines:
        if len(current) + len(line) + 1 > SECTION_TEXT:
            sections.append(current)
            current = line
        else:
            current += "\n" + line
    sections.append(current)
    if len(sections) > MAX_STEP_SECTIONS:
        sections = sections[: MAX_STEP_SECTIONS - 1] + [
            f"… and more steps: open the walk thread ({len(card.steps)} steps in all)."
        ]
    return sections
