"""The engineers' channel section of the settings modal: a conversations select that cannot offer a Slack
Connect channel (Slack filters them out; saving re-checks, since a channel can be shared later)."""

from __future__ import annotations

from slack_sdk.models.blocks import Block, ContextBlock, InputBlock
from slack_sdk.models.blocks.basic_components import MarkdownTextObject
from slack_sdk.models.blocks.block_elements import ConversationFilter, ConversationSelectElement

from bot.rendering import action_ids as ids


def engineer_channel_blocks(current: str | None) -> list[Block]:
    select = ConversationSelectElement(
        action_id=ids.ENGINEER_CHANNEL,
        placeholder="Choose the engineers' channel",
        initial_conversation=current,
        filter=ConversationFilter(include=["public", "private"], exclude_external_shared_channels=True),
    )
    return [
        InputBlock(
            block_id=ids.ENGINEER_CHANNEL,
            label="Engineers' channel (handoff cards)",
            element=select,
            optional=True,
        ),
        ContextBlock(elements=[MarkdownTextObject(text="Invite @walkbot to the engineers' channel.")]),
    ]
