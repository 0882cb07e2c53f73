"""The workspace's bot, for a terminal command that must ask Slack something first (``walkbot users role``).

A single-workspace set-up has its token in ``SLACK_BOT_TOKEN``; installed by OAuth, the workspace's token is
the sealed one Bolt stored at install, renewed first when it is about to expire, as background work renews it
(the runtime's ``bot_tokens``). The command then calls Slack itself, outside any transaction.
"""

from __future__ import annotations

from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from storage.queries.accounts import cli_account


@dataclass(frozen=True)
class WorkspaceBot:
    team_id: str
    client: AsyncWebClient | None  # None: no usable token here, ``why`` says which
    why: str = ""


async def workspace_bot(runtime: Runtime, team: str | None) -> WorkspaceBot:
    """The Web API client of the workspace named by ``team`` (or the only one); raises LookupError as cli_account."""
    async with runtime.db.begin() as session:
        team_id = (await cli_account(session, team)).slack_team_id
    slack = runtime.settings.slack
    if not slack.oauth_enabled:
        token = slack.bot_token
        why = "" if token else "SLACK_BOT_TOKEN is not set"
    else:  # Settings refuses OAuth without WALKBOT_SECRET_KEY, so the runtime has the installations' tokens
        token = await runtime.bot_tokens.token_of_team(team_id) if runtime.bot_tokens is not None else None
        why = "" if token else f"walkbot is not installed in {team_id}, or its expired bot token could not be renewed"
    if not token:
        return WorkspaceBot(team_id, None, why)
    client = AsyncWebClient(token=token, base_url=slack.api_url or AsyncWebClient.BASE_URL, session=runtime.http)
    return WorkspaceBot(team_id, client)
