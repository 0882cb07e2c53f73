""" "Add to Slack" for many workspaces: Bolt's OAuth flow with slack_sdk's stores on walkbot's PostgreSQL.

Enabled when SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and WALKBOT_SECRET_KEY are set. Bolt serves the install
page (/slack/install) and the redirect (/slack/oauth_redirect), checks the one-time ``state``, exchanges the
code with ``oauth.v2.access`` and saves the installation; walkbot adds what Bolt cannot know: the workspace's
account, with the installer as its first admin. Every later request finds its bot token per team through
the (sealed) installation store.

walkbot is installed per workspace. An org-wide install on Enterprise Grid (``is_enterprise_install``) would
give one token for every workspace of the organisation and no team to file walks, roles and PSA settings
under; it is refused before anything is stored, the token is handed back (``apps.uninstall``), and the
page says to install walkbot in each workspace instead.
"""

from __future__ import annotations

import html
import logging
import time
from typing import Any

from slack_bolt.authorization import AuthorizeResult
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.error import BoltError
from slack_bolt.oauth.async_callback_options import AsyncCallbackOptions, AsyncFailureArgs, AsyncSuccessArgs
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.oauth.installation_store import Installation

from bot.runtime import Runtime
from storage.queries import accounts
from storage.slack_stores import oauth_state_store

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
# An install started more than this long ago is refused at the redirect ("expired state"): start again.
STATE_SECONDS = 600

# Every bot scope walkbot uses, and why; slack-manifest.yml lists the same (tests/install checks it).
BOT_SCOPES = (
    "commands",  # /walk
    "chat:write",  # walk cards, handoff cards, thread messages
    "reactions:write",  # the reaction that confirms a thread reply was captured
    "channels:history",  # thread replies in public channels
    "groups:history",  # thread replies in private channels
    "users:read",  # users.info: people named by display name in notes and handoff cards
    "users:read.email",  # users.info's email (matching Slack users to PSA members)
    "files:read",  # files.info for files shared with file_access: check_file_info
    "im:write",  # conversations.open: the DM an admin's "Send me the report" lands in
    "files:write",  # files_upload_v2: the HTML report and flow maps sent to that DM
    "channels:read",  # conversations.info: refuse Slack Connect channels; the engineers' channel picker
    "groups:read",  # the same for private channels
)


class OrgWideInstallRefused(BoltError):
    """An Enterprise Grid org-wide install: walkbot serves one workspace per install."""


ORG_WIDE_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Install walkbot in each workspace</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto; line-height: 1.5">
<h1>walkbot is installed per workspace</h1>
<p>You chose to install walkbot for the whole organisation. walkbot keeps each workspace's walks,
roles, engineers' channel and PSA connection apart, so it is installed in one workspace at a time:
nothing was installed, and the organisation-wide token was handed back to Slack.</p>
<p>To continue, <a href="{install}">add walkbot to Slack</a> again and choose a single workspace on Slack's page
(repeat for each workspace that should have it).</p>
</body></html>
"""


class WorkspaceOAuthFlow(AsyncOAuthFlow):
    """Bolt's OAuth flow, refusing an org-wide install before anything is stored."""

    async def store_installation(self, request: AsyncBoltRequest, installation: Installation) -> None:
        if installation.is_enterprise_install or not installation.team_id:
            await self._hand_back(installation)
            raise OrgWideInstallRefused(f"org-wide install in {installation.enterprise_id} refused")
        await super().store_installation(request, installation)

    async def _hand_back(self, installation: Installation) -> None:
        """Uninstall what Slack just installed, so the organisation is not left with a token walkbot ignores."""
        if not installation.bot_token:
            return
        try:
            await self.client.apps_uninstall(
                client_id=self.settings.client_id,
                client_secret=self.settings.client_secret,
                token=installation.bot_token,
            )
        except SlackApiError as exc:
            log.warning(
                "apps.uninstall after the refused org-wide install in %s failed: %s; "
                "an org admin can remove walkbot from the organisation's app settings",
                installation.enterprise_id,
                exc.response.get("error") if exc.response is not None else "unknown_error",
            )


# How long auth.test's answer for a bot token is reused (see CachedInstallationAuthorize).
AUTH_TEST_CACHE_SECONDS = 600


class CachedInstallationAuthorize(AsyncInstallationStoreAuthorize):
    """Bolt's authorize from the installation store with Bolt's own auth.test cache on (``cache_enabled``), which
    Bolt leaves off unless the app passes its authorize in: otherwise every request costs an auth.test.

    Every request still reads its team's bot from the store and has Bolt rotate the token when it is due, so an
    uninstall or a revoked bot token (app_uninstalled and tokens_revoked delete the installation) is refused at
    the next request, and a rotated token, a new cache key, is asked of auth.test once. What is kept, per token, is
    auth.test's answer (bot id, bot user, team), which does not change while the token lives. It is forgotten
    every AUTH_TEST_CACHE_SECONDS, which bounds how long a token revoked at Slack without walkbot hearing of it
    (a lost event) is still served, and the cache's size (rotated tokens' entries)."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(cache_enabled=True, **kwargs)
        self._cached_since = time.monotonic()

    async def __call__(self, **kwargs: Any) -> AuthorizeResult | None:
        if time.monotonic() - self._cached_since >= AUTH_TEST_CACHE_SECONDS:
            self.authorize_result_cache.clear()
            self._cached_since = time.monotonic()
        return await super().__call__(**kwargs)


def build_authorize(runtime: Runtime, client) -> CachedInstallationAuthorize:
    """The authorize AsyncApp runs on every request when installed by OAuth (the settings' bot-only lookup)."""
    slack = runtime.settings.slack
    return CachedInstallationAuthorize(
        logger=log,
        installation_store=runtime.installations,
        client_id=slack.client_id,
        client_secret=slack.client_secret,  # Bolt rotates expiring tokens with the app's credentials
        bot_only=True,
        client=client,
    )


def build_oauth_flow(runtime: Runtime, client) -> WorkspaceOAuthFlow:
    return WorkspaceOAuthFlow(client=client, logger=log, settings=build_oauth_settings(runtime))


def build_oauth_settings(runtime: Runtime) -> AsyncOAuthSettings:
    slack = runtime.settings.slack
    public_url = runtime.settings.public_url
    return AsyncOAuthSettings(
        client_id=slack.client_id,
        client_secret=slack.client_secret,
        scopes=list(BOT_SCOPES),
        redirect_uri=f"{public_url}{REDIRECT_PATH}" if public_url else None,
        install_path=INSTALL_PATH,
        redirect_uri_path=REDIRECT_PATH,
        installation_store=runtime.installations,
        installation_store_bot_only=True,
        state_store=oauth_state_store(runtime.engine, STATE_SECONDS),
        state_expiration_seconds=STATE_SECONDS,
        callback_options=AsyncCallbackOptions(success=_installed(runtime), failure=_refused(runtime)),
        logger=log,
    )


async def bot_token_of_account(runtime: Runtime, account_id) -> str | None:
    """The bot token of the workspace an account is installed in, for work outside a Slack request, renewed
    first when it is about to expire (bot/slack_tokens.py); None when it has none (uninstalled, or its expired
    token could not be renewed), or without OAuth (a single-workspace walkbot has one token)."""
    if runtime.bot_tokens is None:
        return None
    async with runtime.db.begin() as db:
        team_id = await accounts.team_of_account(db, account_id)
    return await runtime.bot_tokens.token_of_team(team_id) if team_id else None


def _installed(runtime: Runtime):
    async def on_success(args: AsyncSuccessArgs) -> BoltResponse:
        """Bolt has saved the installation (tokens sealed); create or reactivate the account."""
        installation = args.installation
        async with runtime.db.begin() as db:
            account = await accounts.record_install(
                db, installation.team_id, installation.team_name or "", installation.user_id
            )
        log.info("installed in team %s (account %s) by %s", installation.team_id, account.id, installation.user_id)
        return await args.default.success(args)

    return on_success


def _refused(runtime: Runtime):
    async def on_failure(args: AsyncFailureArgs) -> BoltResponse:
        """Denied installs, wrong or expired state, a bad code: Bolt's page, and one log line without secrets.
        An org-wide install: walkbot's own page saying to install per workspace."""
        if isinstance(args.error, OrgWideInstallRefused):
            log.warning("install refused: %s", args.error)
            install = f"{runtime.settings.public_url or ''}{INSTALL_PATH}"
            page = ORG_WIDE_PAGE.format(install=html.escape(install))
            return BoltResponse(status=400, body=page, headers={"Content-Type": "text/html; charset=utf-8"})
        log.warning("install refused: %s", args.reason)
        return await args.default.failure(args)

    return on_failure
