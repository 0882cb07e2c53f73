"""``/walk flows`` results, each with a "Start on ticket…" button (its ticket modal is in ``modals.py``).

The button carries a ``FlowStart`` (the flow and the channel the list was shown in), the modal
keeps it in ``private_metadata``; the walk then starts through the same path as ``/walk TICKET SLUG``.
"""

from __future__ import annotations

from collections.abc import Sequence

from slack_sdk.models.blocks import ButtonElement, ContextBlock, HeaderBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.flows.suggest import FoundFlow
from bot.rendering import action_ids as ids
from bot.rendering.text import SECTION_TEXT, clip, escape


def flow_search_blocks(matches: Sequence[FoundFlow], words: str, channel_id: str) -> list:
    if not matches:
        what = f" for “{escape(words)}”" if words else ""
        return [
            SectionBlock(
                text=clip(
                    f"No published flow found{what}. Try other words, or `/walk flows` to list them all; "
                    "`/walk TICKET adhoc` investigates without a flow.",
                    SECTION_TEXT,
                )
            )
        ]
    head = f"Flows for “{clip(words, 100)}”" if words else "Published flows"
    blocks: list = [HeaderBlock(text=clip(head, 150))]
    for match in matches:
        blocks.append(
            SectionBlock(
                text=clip(
                    f"*{escape(match.title)}*\n`{match.slug}` · {escape(match.category)} · v{match.version}",
                    SECTION_TEXT,
                ),
                accessory=ButtonElement(
                    text="Start on ticket…",
                    action_id=ids.START_ON_TICKET,
                    value=ids.FlowStart(match.slug, channel_id).encode(),
                ),
            )
        )
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="Or type `/walk TICKET SLUG` to start one directly.")])
    )
    return blocks
