"""The draft flows list admins review from `/walk proposals`: Try, Publish, Reject per draft."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import ActionsBlock, ButtonElement, HeaderBlock, SectionBlock

from bot.rendering import action_ids as ids
from bot.rendering.text import SECTION_TEXT, clip, escape

MAX_DRAFTS = 15  # three blocks each, well under Slack's 50


@dataclass(frozen=True)
class DraftItem:
    proposal_id: str
    slug: str
    title: str
    source: str  # author | adhoc | ai_build
    nodes: int
    stubs: int


def proposals_blocks(items: Sequence[DraftItem], *, can_review: bool) -> list:
    if not items:
        return [SectionBlock(text="No draft flows waiting for review.")]
    blocks: list = [HeaderBlock(text=f"Draft flows ({len(items)})")]
    for item in list(items)[:MAX_DRAFTS]:
        stubs = f" · :warning: {item.stubs} step(s) need review" if item.stubs else ""
        text = f"*{escape(item.title)}* `{item.slug}`\nfrom {item.source} · {item.nodes} steps{stubs}"
        blocks.append(SectionBlock(text=clip(text, SECTION_TEXT)))
        value = ids.ProposalRef(uuid.UUID(item.proposal_id)).encode()
        buttons = [ButtonElement(text="Try", action_id=ids.PROPOSAL_TRY, value=value)]
        if can_review:
            buttons += [
                ButtonElement(text="Publish", action_id=ids.PROPOSAL_PUBLISH, value=value, style="primary"),
                ButtonElement(text="Reject", action_id=ids.PROPOSAL_REJECT, value=value, style="danger"),
            ]
        blocks.append(ActionsBlock(block_id=f"proposal_{item.proposal_id}", elements=buttons))
    return blocks
