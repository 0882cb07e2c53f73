"""The PSA section of the settings modal, as Block Kit: added to the modal, never replacing its other sections."""

from __future__ import annotations

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    SectionBlock,
)
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.rendering import action_ids as ids
from bot.rendering.text import SECTION_TEXT, clip, escape


def psa_section_blocks(
    vendor: str, shown: dict[str, str], link: str | None, why_no_link: str | None, link_minutes: int
) -> list[Block]:
    lines = [f"*PSA:* {escape(vendor)}"] + [f"`{escape(k)}` {escape(v)}" for k, v in sorted(shown.items())]
    buttons = []
    if link:
        buttons.append(ButtonElement(text="Enter PSA credentials", action_id=ids.PSA_LINK, url=link, style="primary"))
    buttons.append(ButtonElement(text="Test connection", action_id=ids.PSA_TEST, value="test"))
    note = (
        f"Credentials are typed on a one-time walkbot page, never in Slack (the link works once, for {link_minutes} "
        "minutes, for you only)."
        if link
        else why_no_link or ""
    )
    return [
        DividerBlock(),
        HeaderBlock(text="PSA connection"),
        SectionBlock(text=clip("\n".join(lines), SECTION_TEXT)),
        ActionsBlock(block_id=ids.PSA_LINK, elements=buttons),
        ContextBlock(elements=[MarkdownTextObject(text=clip(note, 1900))]),
    ]


def connection_result_block(worked: bool, message: str) -> Block:
    mark = ":white_check_mark:" if worked else ":x:"
    return ContextBlock(
        block_id=ids.PSA_TEST_RESULT, elements=[MarkdownTextObject(text=clip(f"{mark} {escape(message)}", 1900))]
    )
