"""Posting and updating messages through Slack's Web API, with errors turned into advice.

The client already retries rate limits (honouring Retry-After) and 5xx; what reaches
here is final, so each error becomes a sentence that says what the user can do.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Sequence

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

ADVICE = {
    "not_in_channel": "walkbot is not in <#{channel}>: invite @walkbot to the channel (`/invite @walkbot`) and try again.",
    "channel_not_found": "walkbot can't see <#{channel}>: invite @walkbot to it, or check the channel id.",
    "is_archived": "<#{channel}> is archived: use another channel.",
    "ratelimited": "Slack is rate-limiting walkbot right now; try again in a minute.",
    "message_not_found": "The walk card was deleted; use `/walk mine` to post it again.",
}


class SlackUserError(Exception):
    """A Slack API failure explained for the user (the message is safe to show)."""

    def __init__(self, message: str, error: str) -> None:
        super().__init__(message)
        self.error = error


def explain(exc: SlackApiError, channel: str | None) -> SlackUserError:
    error = str(exc.response.get("error", "unknown_error")) if exc.response is not None else "unknown_error"
    template = ADVICE.get(error, "Slack refused the message ({error}); try again, or tell your walkbot admin.")
    return SlackUserError(template.format(channel=channel or "this channel", error=error), error)


async def post_message(
    client: AsyncWebClient, channel: str, blocks: Sequence, text: str, *, thread_ts: str | None = None
) -> str:
    """Post and return the message ts; raises SlackUserError."""
    try:
        response = await client.chat_postMessage(channel=channel, blocks=list(blocks), text=text, thread_ts=thread_ts)
    except SlackApiError as exc:
        raise explain(exc, channel) from exc
    return str(response["ts"])


# A card that must show the stored state keeps asking while Slack rate-limits it (the client's own
# retries are spent by then): each wait is Slack's Retry-After, for this long at most.
PERSIST_FOR_SECONDS = 120.0


async def update_message(
    client: AsyncWebClient, channel: str, ts: str, blocks: Sequence, text: str, *, persist: bool = False
) -> None:
    """Redraw a message in place; a refusal is logged, not raised, since the state is already stored.

    ``persist``: a rate-limited update is sent again after Retry-After rather than dropped (walk cards:
    a dropped update would leave an old step showing)."""
    blocks = list(blocks)
    give_up_at = time.monotonic() + PERSIST_FOR_SECONDS
    while True:
        try:
            await client.chat_update(channel=channel, ts=ts, blocks=blocks, text=text)
        except SlackApiError as exc:
            error = explain(exc, channel).error
            wait = _retry_after(exc)
            if error == "ratelimited" and persist and time.monotonic() + wait < give_up_at:
                await asyncio.sleep(wait)
                continue
            log.warning("chat.update %s/%s failed: %s", channel, ts, error)
        return


def _retry_after(exc: SlackApiError) -> float:
    headers = getattr(exc.response, "headers", None) or {}
    raw = headers.get("Retry-After") or headers.get("retry-after") or "1"
    try:
        return min(max(float(raw), 0.5), 30.0)
    except (TypeError, ValueError):
        return 1.0


async def post_thread_note(client: AsyncWebClient, channel: str | None, thread_ts: str | None, text: str) -> None:
    """A line in a walk's thread; best effort (the walk itself is already stored)."""
    if not channel or not thread_ts:
        return
    try:
        await client.chat_postMessage(channel=channel, thread_ts=thread_ts, text=text)
    except SlackApiError as exc:
        log.warning("thread message in %s failed: %s", channel, explain(exc, channel).error)


# A message's permalink never changes; Slack asks apps to cache chat.getPermalink. Lists of
# escalations ask for dozens at a time, so each process remembers the ones it has seen.
# A message that is gone stays gone, so that answer is remembered too.
_PERMALINKS: dict[tuple[str, str], str | None] = {}
_GONE = ("message_not_found", "channel_not_found")
_PERMALINKS_LIMIT = 20_000
_PERMALINK_CONCURRENCY = 8


async def permalink(client: AsyncWebClient, channel: str | None, ts: str | None) -> str | None:
    """The message's permalink, or None (no message, or Slack refused); never call inside a transaction."""
    if not channel or not ts:
        return None
    key = (channel, ts)
    if key in _PERMALINKS:
        return _PERMALINKS[key]
    try:
        response = await client.chat_getPermalink(channel=channel, message_ts=ts)
    except SlackApiError as exc:
        if explain(exc, channel).error in _GONE:
            _remember_permalink(key, None)
        return None
    link = response.get("permalink")
    if link:
        _remember_permalink(key, link)
    return link


def _remember_permalink(key: tuple[str, str], link: str | None) -> None:
    if len(_PERMALINKS) >= _PERMALINKS_LIMIT:
        _PERMALINKS.pop(next(iter(_PERMALINKS)))
    _PERMALINKS[key] = link


async def permalinks(client: AsyncWebClient, messages: Sequence[tuple[str | None, str | None]]) -> list[str | None]:
    """Permalinks of several messages, the unknown ones asked for a few at a time."""
    gate = asyncio.Semaphore(_PERMALINK_CONCURRENCY)

    async def one(channel: str | None, ts: str | None) -> str | None:
        async with gate:
            return await permalink(client, channel, ts)

    return list(await asyncio.gather(*(one(channel, ts) for channel, ts in messages)))
