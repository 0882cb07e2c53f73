"""Classify a ticket into one of the account's AI categories, once, at intake.

One short call to the fast model, forced through a tool whose enum is the account's
allowlist plus ``other``. When Claude is unconfigured, unavailable or answers outside
the list, keywords decide instead: intake never waits on, or fails because of, Claude.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from bot.ai.categories import OTHER, keyword_category
from bot.ai.claude import ClaudeClient, add_usage
from bot.ai.errors import AIUnavailable

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Classification:
    """``category`` is an allowed key or ``"other"``; ``usage`` is what the call cost (empty for keywords)."""

    category: str
    source: Literal["claude", "keywords"]
    usage: dict[str, int] = field(default_factory=dict)


async def classify_ticket(client: ClaudeClient | None, text: str, allowed: Sequence[str]) -> Classification:
    if client is None or not allowed:
        return Classification(keyword_category(text, allowed), "keywords")
    try:
        reply = await client.classify(text, allowed)
    except AIUnavailable as error:
        log.warning("classification fell back to keywords: %s", error.kind)
        return Classification(keyword_category(text, allowed), "keywords")
    if reply.category == OTHER or reply.category in allowed:
        return Classification(reply.category, "claude", add_usage(reply.usage))
    log.warning("classification answer outside the allowlist; fell back to keywords")
    return Classification(keyword_category(text, allowed), "keywords", add_usage(reply.usage))
