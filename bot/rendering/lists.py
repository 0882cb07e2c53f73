"""Lists: the engineers' escalation queue, a technician's active walks, usage help, the App Home tab."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from slack_sdk.models.blocks import ButtonElement, ContextBlock, DividerBlock, HeaderBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.models.views import View

from bot.rendering import action_ids as ids
from bot.rendering.text import SECTION_TEXT, clip, escape

# A list message stays well under Slack's 50 blocks: each item takes at most two.
MAX_ITEMS = 20


@dataclass(frozen=True)
class QueueItem:
    session_id: str
    ticket_label: str
    category_label: str
    reason: str
    escalated_at: datetime
    picked_up_by: str | None  # Slack user id
    thread_link: str | None


@dataclass(frozen=True)
class ActiveWalkItem:
    session_id: str
    revision: int
    ticket_label: str
    walking: str  # flow title / "Ad-hoc investigation" / "AI-guided"
    step_number: int
    last_step_at: datetime


def usage_blocks(usage: str, problem: str | None = None) -> list:
    blocks: list = []
    if problem:
        blocks.append(SectionBlock(text=clip(f":warning: {problem}", SECTION_TEXT)))
    blocks.append(SectionBlock(text=clip(usage, SECTION_TEXT)))
    return blocks


def escalation_queue_blocks(items: Sequence[QueueItem], *, with_buttons: bool = True) -> list:
    if not items:
        return [SectionBlock(text=":tada: No open escalations.")]
    blocks: list = [HeaderBlock(text=f"Escalations ({len(items)})")]
    for item in list(items)[:MAX_ITEMS]:
        who = f"picked up by <@{item.picked_up_by}>" if item.picked_up_by else "*waiting*"
        link = f" · <{item.thread_link}|thread>" if item.thread_link else ""
        text = (
            f"*{escape(item.ticket_label)}* — {escape(item.category_label)}\n"
            f"{escape(clip(item.reason, 300))}\n_{item.escalated_at:%Y-%m-%d %H:%M} UTC · {who}{link}_"
        )
        section = SectionBlock(text=clip(text, SECTION_TEXT))
        if with_buttons and not item.picked_up_by:
            section = SectionBlock(
                text=clip(text, SECTION_TEXT),
                accessory=ButtonElement(text="Pick up", action_id=ids.PICK_UP, value=item.session_id),
            )
        blocks.append(section)
    if len(items) > MAX_ITEMS:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=f"… and {len(items) - MAX_ITEMS} more")]))
    return blocks


def active_walks_blocks(items: Sequence[ActiveWalkItem]) -> list:
    if not items:
        return [SectionBlock(text="You have no active walks. Start one with `/walk TICKET`.")]
    blocks: list = [HeaderBlock(text=f"Your active walks ({len(items)})")]
    for item in list(items)[:MAX_ITEMS]:
        text = (
            f"*{escape(item.ticket_label)}* — {escape(item.walking)}, step {item.step_number}\n"
            f"_last step {item.last_step_at:%Y-%m-%d %H:%M} UTC_"
        )
        blocks.append(
            SectionBlock(
                text=clip(text, SECTION_TEXT),
                accessory=ButtonElement(
                    text="Show card", action_id=ids.REPOST, value=f"{item.session_id}|{item.revision}|"
                ),
            )
        )
    return blocks


def home_view(walks: Sequence[ActiveWalkItem], queue: Sequence[QueueItem] | None, insights: Sequence = ()) -> View:
    """``queue`` is None for L1 technicians: the engineer queue is shown to engineers and admins.
    ``insights`` (admins only) are the blocks of ``bot.rendering.insights.insights_home_blocks``."""
    blocks = active_walks_blocks(walks)
    if queue is not None:
        blocks += [DividerBlock(), *escalation_queue_blocks(queue)]
    blocks += list(insights)
    blocks.append(
        ContextBlock(
            elements=[MarkdownTextObject(text="Start a walk with `/walk TICKET` in any channel walkbot is in.")]
        )
    )
    return View(type="home", blocks=blocks[:100])
