"""Slack Connect refusal: walkbot never posts a walk or a handoff where another organisation can read it.

A channel shared with an external organisation (``conversations.info`` says ``is_ext_shared``) is often
shared with the MSP's own customer, and a walk card or handoff card carries internal notes, ticket details
and who is working on what. The answer is cached for a short while per process: sharing a channel is rare
and deliberate, and a click path should not ask Slack every time; the ``channel_shared`` and ``channel_unshared``
events make the process that receives them ask again at once. When Slack can't say (``conversations.info`` fails), walkbot
refuses to post and says why: it fails closed, never guessing that a channel is internal.
"""

from __future__ import annotations

import logging
import time

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.slack_messages import SlackUserError, post_thread_note

log = logging.getLogger(__name__)

CACHE_SECONDS = 60.0

SHARED_CHANNEL = (
    "<#{channel}> is shared with another organisation (Slack Connect), so walkbot won't post ticket details "
    "there: customers could read internal notes. Use an internal channel (a private one works too)."
)


# Slack could not say whether the channel is shared: walkbot posts nothing there (it fails closed).
CANT_CHECK = (
    "walkbot could not check whether <#{channel}> is shared with another organisation (Slack said `{error}`), "
    "so it posted nothing there: a Slack Connect channel would show ticket details to customers. {advice}"
)
CANT_CHECK_ADVICE = {
    "channel_not_found": "Invite @walkbot to the channel (`/invite @walkbot`) and try again, or use a channel it is in.",
    "not_in_channel": "Invite @walkbot to the channel (`/invite @walkbot`) and try again, or use a channel it is in.",
    "missing_scope": "A walkbot admin needs to reinstall the app so it may read channel details "
    "(channels:read, groups:read).",
}
CANT_CHECK_DEFAULT = "Try again in a minute; if it keeps happening, tell your walkbot admin."


class ChannelGuard:
    """Asks Slack whether a channel is shared outside the organisation, remembering answers briefly.

    One per process (on the Runtime). Slack Connect channel ids are the same in every organisation that
    shares them, so the channel id alone is the key. When Slack can't answer, nothing is posted."""

    def __init__(self, cache_seconds: float = CACHE_SECONDS) -> None:
        self.cache_seconds = cache_seconds
        self._shared: dict[str, tuple[bool, float]] = {}

    async def ensure_internal(self, client: AsyncWebClient, channel: str) -> None:
        """Raise SlackUserError (safe to show) unless Slack says ``channel`` is not shared with another
        organisation: for a Slack Connect channel, and when ``conversations.info`` fails (the channel is
        gone, walkbot can't see it, a scope is missing, Slack is down). DMs are never shared."""
        if not channel or channel.startswith("D"):
            return
        now = time.monotonic()
        cached = self._shared.get(channel)
        if cached is not None and now - cached[1] < self.cache_seconds:
            shared = cached[0]
        else:
            shared = await self._ask(client, channel)
            self._shared[channel] = (shared, now)
        if shared:
            raise SlackUserError(SHARED_CHANNEL.format(channel=channel), "ext_shared_channel")

    async def refusal(self, client: AsyncWebClient, channel: str) -> str | None:
        """``ensure_internal`` as a message: why walkbot won't post in ``channel``, or None when it will."""
        try:
            await self.ensure_internal(client, channel)
        except SlackUserError as exc:
            return str(exc)
        return None

    def forget(self, channel: str) -> None:
        """Slack said the channel's sharing changed (``channel_shared`` / ``channel_unshared``): ask again next time."""
        self._shared.pop(channel, None)

    async def thread_note(self, client: AsyncWebClient, channel: str | None, thread_ts: str | None, text: str) -> bool:
        """A line in a walk's thread, only while its channel is still internal (it may have been shared with another
        organisation since the walk started); best effort like ``post_thread_note``. False when refused (logged)."""
        if not channel or not thread_ts:
            return False
        refused = await self.refusal(client, channel)
        if refused:
            log.warning("thread note in %s not posted: the channel is shared or can't be checked", channel)
            return False
        await post_thread_note(client, channel, thread_ts, text)
        return True

    async def _ask(self, client: AsyncWebClient, channel: str) -> bool:
        try:
            response = await client.conversations_info(channel=channel)
        except SlackApiError as exc:
            error = str(exc.response.get("error") or "unknown_error") if exc.response is not None else "unknown_error"
        except (TimeoutError, aiohttp.ClientError) as exc:
            error = f"no answer: {type(exc).__name__}"
        else:
            return bool((response.get("channel") or {}).get("is_ext_shared"))
        log.warning("conversations.info %s failed: %s; nothing is posted there", channel, error)
        advice = CANT_CHECK_ADVICE.get(error, CANT_CHECK_DEFAULT)
        raise SlackUserError(CANT_CHECK.format(channel=channel, error=error, advice=advice), "channel_unchecked")
