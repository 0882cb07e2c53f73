"""Lists: the engineers' escalation queue, a technician's active walks, usage help, the App Home tab."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import ContextBlock, DividerBlock, HeaderBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.rendering import action_ids as ids
from bot.rendering.list_items import item_section
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


def escalation_queue_blocks(items: Sequence[QueueItem], *, with_buttons: bool = True) -> list[dict[str, Any]]:
    if not items:
        return _dicts([SectionBlock(text=":tada: No open escalations.")])
    blocks: list[dict[str, Any]] = _dicts([HeaderBlock(text=f"Escalations ({len(items)})")])
    for item in list(items)[:MAX_ITEMS]:
        who = f"picked up by <@{item.picked_up_by}>" if item.picked_up_by else "*waiting*"
        link = f" · <{item.thread_link}|thread>" if item.thread_link else ""
        text = (
            f"*{escape(item.ticket_label)}* — {escape(item.category_label)}\n"
            f"{escape(clip(item.reason, 300))}\n_{item.escalated_at:%Y-%m-%d %H:%M} UTC · {who}{link}_"
        )
        pick_up = ("Pick up", ids.PICK_UP, item.session_id) if with_buttons and not item.picked_up_by else None
        blocks.append(item_section(text, pick_up))
    if len(items) > MAX_ITEMS:
        blocks += _dicts([ContextBlock(elements=[MarkdownTextObject(text=f"… and {len(items) - MAX_ITEMS} more")])])
    return blocks


def active_walks_blocks(items: Sequence[ActiveWalkItem]) -> list[dict[str, Any]]:
    if not items:
        return _dicts([SectionBlock(text="You have no active walks. Start one with `/walk TICKET`.")])
    blocks: list[dict[str, Any]] = _dicts([HeaderBlock(text=f"Your active walks ({len(items)})")])
    for item in list(items)[:MAX_ITEMS]:
        text = (
            f"*{escape(item.ticket_label)}* — {escape(item.walking)}, step {item.step_number}\n"
            f"_last step {item.last_step_at:%Y-%m-%d %H:%M} UTC_"
        )
        blocks.append(item_section(text, ("Show card", ids.REPOST, f"{item.session_id}|{item.revision}|")))
    return blocks


def _dicts(blocks: Sequence) -> list[dict[str, Any]]:
    """Blocks built through the models (a list's header, its last line) as the dicts its items are."""
    return [block if isinstance(block, dict) else block.to_dict() for block in blocks]


def home_view(
    walks: Sequence[ActiveWalkItem], queue: Sequence[QueueItem] | None, insights: Sequence = ()
) -> dict[str, Any]:
    """The Home tab's view for ``views.publish``. ``queue`` is None for L1 technicians: the engineer queue is shown
    to engineers and admins. ``insights`` (admins only) are the blocks of ``bot.rendering.insights``."""
    blocks = active_walks_blocks(walks)
    if queue is not None:
        blocks += [*_dicts([DividerBlock()]), *escalation_queue_blocks(queue)]
    blocks += _dicts(insights)
    blocks += _dicts(
        [
            ContextBlock(
                elements=[MarkdownTextObject(text="Start a walk with `/walk TICKET` in any channel walkbot is in.")]
            )
        ]
    )
    return {"type": "home", "blocks": blocks[:100]}
