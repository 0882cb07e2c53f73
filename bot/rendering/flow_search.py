"""``/walk flows`` results, each with a "Start on ticket…" button, and the modal that asks which ticket.

The button carries a ``FlowStart`` (the flow and the channel the list was shown in), the modal
keeps it in ``private_metadata``; the walk then starts through the same path as ``/walk TICKET SLUG``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import ButtonElement, ContextBlock, HeaderBlock, InputBlock, SectionBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.models.blocks.block_elements import PlainTextInputElement
from slack_sdk.models.views import View

from bot.rendering.text import MODAL_TITLE, SECTION_TEXT, clip, escape
from storage.queries.insights import FlowMatch

START_ON_TICKET = "flow_search_start_on_ticket"  # button; value = FlowStart.encode()
TICKET_VIEW = "flow_search_ticket_view"  # modal callback id; private_metadata = FlowStart.encode()
TICKET = "ticket"  # the modal's input block and action id


@dataclass(frozen=True)
class FlowStart:
    """Which flow to start, and in which channel to post its card."""

    slug: str
    channel_id: str

    def encode(self) -> str:
        return f"{self.slug}|{self.channel_id}"

    @classmethod
    def decode(cls, value: str) -> FlowStart:
        """Raises ValueError on anything walkbot did not write."""
        slug, channel_id = value.split("|")
        if not slug or not channel_id:
            raise ValueError(value)
        return cls(slug, channel_id)


def flow_search_blocks(matches: Sequence[FlowMatch], words: str, channel_id: str) -> list:
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
                    action_id=START_ON_TICKET,
                    value=FlowStart(match.slug, channel_id).encode(),
                ),
            )
        )
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="Or type `/walk TICKET SLUG` to start one directly.")])
    )
    return blocks


def ticket_modal(start: FlowStart) -> View:
    return View(
        type="modal",
        callback_id=TICKET_VIEW,
        title=clip("Start a walk", MODAL_TITLE),
        submit="Start",
        close="Cancel",
        private_metadata=start.encode(),
        blocks=[
            SectionBlock(text=clip(f"Walk the `{start.slug}` flow on which ticket?", SECTION_TEXT)),
            InputBlock(
                block_id=TICKET,
                label="Ticket",
                element=PlainTextInputElement(action_id=TICKET, placeholder="12345 or INT-7", max_length=40),
                hint="The PSA ticket number, or an internal ticket like INT-7.",
            ),
        ],
    )
