"""A workspace's bot token for work outside a Slack request (background loops, the terminal), renewed first
when it is about to expire.

With Slack's token rotation on, a bot token lives 12 hours and its refresh token buys the next one
(``oauth.v2.access``, ``grant_type=refresh_token``). Bolt's authorize renews a team's token on a request when it
is due; work outside a request reads the installation store itself, so it renews the token the same way: with
slack_sdk's own AsyncTokenRotator, Bolt's margin, and the new token saved sealed, as the install saved it.
Reading, renewing and saving are separate steps, so no transaction is open during the HTTP call.
"""

from __future__ import annotations

import asyncio
import logging
import time

import aiohttp
from slack_sdk.errors import SlackTokenRotationError
from slack_sdk.oauth.installation_store import Bot
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from storage.slack_stores import SealedInstallationStore

log = logging.getLogger(__name__)

# Renewed this long before it expires: Bolt's default (token_rotation_expiration_minutes), so a request and a
# background pass agree on when a token is due.
RENEW_MINUTES_BEFORE_EXPIRY = 120


class BotTokens:
    """Bot tokens by team, from the sealed store, renewed when due. One per process: a team's token is renewed
    by one caller at a time here (a refresh token is spent when used)."""

    def __init__(self, store: SealedInstallationStore, client_id: str, client_secret: str, client: AsyncWebClient):
        self.store = store
        self.rotator = AsyncTokenRotator(client_id=client_id, client_secret=client_secret, client=client)
        self._renewing: dict[str, asyncio.Lock] = {}

    async def token_of_team(self, team_id: str) -> str | None:
        """The team's usable bot token; None when walkbot is not installed there or its expired token could
        not be renewed (logged)."""
        async with self._renewing.setdefault(team_id, asyncio.Lock()):
            bot = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
            if bot is None:
                return None
            if bot.bot_refresh_token is None:  # no rotation: the token does not expire
                return None if _expired(bot) else bot.bot_token
            try:
                renewed = await self.rotator.perform_bot_token_rotation(
                    bot=bot, minutes_before_expiration=RENEW_MINUTES_BEFORE_EXPIRY
                )
            except (SlackTokenRotationError, aiohttp.ClientError, TimeoutError) as exc:
                return await self._after_failed_renewal(team_id, bot, exc)
            if renewed is None:
                return bot.bot_token
            await self.store.async_save_bot(renewed)
            return renewed.bot_token

    async def _after_failed_renewal(self, team_id: str, bot: Bot, exc: Exception) -> str | None:
        """Another process (a request's authorize) may have spent the refresh token first and stored its token;
        else the old token serves until it expires."""
        stored = await self.store.async_find_bot(enterprise_id=None, team_id=team_id)
        if stored is not None and stored.bot_token != bot.bot_token and not _expired(stored):
            return stored.bot_token
        log.error("renewing the bot token of team %s failed: %s", team_id, _reason(exc))
        return None if _expired(bot) else bot.bot_token


def _reason(exc: Exception) -> str:
    """Slack's error code or the exception's type: never the response, which could hold a token."""
    if isinstance(exc, SlackTokenRotationError) and exc.api_error.response is not None:
        return str(exc.api_error.response.get("error"))
    return type(exc).__name__


def _expired(bot: Bot) -> bool:
    return bot.bot_token_expires_at is not None and bot.bot_token_expires_at <= time.time()
