"""Slack Connect refusal: walkbot never posts a walk or a handoff where another organisation can read it.

A channel shared with an external organisation (``conversations.info`` says ``is_ext_shared``) is often
shared with the MSP's own customer, and a walk card or handoff card carries internal notes, ticket details
and who is working on what. The answer is cached for a short while per process: sharing a channel is rare
and deliberate, and a click path should not ask Slack every time.
"""

from __future__ import annotations

import logging
import time

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_messages import SlackUserError

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0

SHARED_CHANNEL = (
    "<#{channel}> is shared with another organisation (Slack Connect), so walkbot won't post ticket details "
    "there: customers could read internal notes. Use an internal channel (a private one works too)."
)


class ChannelGuard:
    """Asks Slack whether a channel is shared outside the organisation, remembering answers briefly.

    One per process (on the Runtime). Slack Connect channel ids are the same in every organisation that
    shares them, so the channel id alone is the key."""

    def __init__(self, cache_seconds: float = CACHE_SECONDS) -> None:
        self.cache_seconds = cache_seconds
        self._shared: dict[str, tuple[bool, float]] = {}

    async def is_ext_shared(self, client: AsyncWebClient, channel: str) -> bool:
        """DMs never are shared; when Slack can't say (the channel is gone, walkbot is not in it) the post
        that follows fails on its own, with its own advice."""
        if not channel or channel.startswith("D"):
            return False
        now = time.monotonic()
        cached = self._shared.get(channel)
        if cached is not None and now - cached[1] < self.cache_seconds:
            return cached[0]
        try:
            response = await client.conversations_info(channel=channel)
        except SlackApiError as exc:
            error = exc.response.get("error") if exc.response is not None else exc
            log.warning("conversations.info %s failed: %s", channel, error)
            return False
        shared = bool((response.get("channel") or {}).get("is_ext_shared"))
        self._shared[channel] = (shared, now)
        return shared

    async def ensure_internal(self, client: AsyncWebClient, channel: str) -> None:
        """Raise SlackUserError (safe to show) when ``channel`` is a Slack Connect channel."""
        if await self.is_ext_shared(client, channel):
            raise SlackUserError(SHARED_CHANNEL.format(channel=channel), "ext_shared_channel")
