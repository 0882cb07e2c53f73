"""The workspace's bot, for a terminal command that must ask Slack something first (``walkbot users role``).

A single-workspace set-up has its token in ``SLACK_BOT_TOKEN``; installed by OAuth, the workspace's token is
the sealed one Bolt stored at install. The command then calls Slack itself, outside any transaction.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from storage.queries.accounts import cli_account
from storage.secret_box import SecretBox
from storage.slack_stores import SealedInstallationStore


@dataclass(frozen=True)
class WorkspaceBot:
    team_id: str
    client: AsyncWebClient | None  # None: no usable token here, ``why`` says which
    why: str = ""


async def workspace_bot(db: async_sessionmaker[AsyncSession], settings: Settings, team: str | None) -> WorkspaceBot:
    """The Web API client of the workspace named by ``team`` (or the only one); raises LookupError as cli_account."""
    async with db.begin() as session:
        team_id = (await cli_account(session, team)).slack_team_id
    slack = settings.slack
    if not slack.oauth_enabled:
        token = slack.bot_token
        why = "" if token else "SLACK_BOT_TOKEN is not set"
    else:  # Settings refuses OAuth without WALKBOT_SECRET_KEY
        store = SealedInstallationStore(slack.client_id or "", db.kw["bind"], SecretBox(list(settings.secret_keys)))
        bot = await store.async_find_bot(enterprise_id=None, team_id=team_id)
        token, why = (bot.bot_token, "") if bot is not None else (None, f"walkbot is not installed in {team_id}")
        expires = bot.bot_token_expires_at if bot is not None else None
        if expires is not None and expires <= time.time():  # token rotation: Bolt refreshes it on a request
            token, why = None, "the stored bot token has expired (the app refreshes it on its next request)"
    if not token:
        return WorkspaceBot(team_id, None, why)
    return WorkspaceBot(team_id, AsyncWebClient(token=token, base_url=slack.api_url or AsyncWebClient.BASE_URL))
