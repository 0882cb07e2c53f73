"""The Bolt app factory: one AsyncApp with a Web API client that retries where Slack says so."""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt.async_app import AsyncApp
from slack_bolt.listener.async_listener_start_handler import AsyncListenerStartHandler
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.install.oauth import bot_token_of_account, build_authorize, build_oauth_flow
from bot.listener_work import ListenerWork
from bot.runtime import Runtime

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


# slack_sdk builds each request's and each response's DEBUG line (the whole message, formatted) whenever its
# logger's *own* level is unset, and only then does logging drop it: about 50 µs of CPU per walk card update.
# The client's logger gets a level of its own, the one it would inherit, and never below INFO (secrets).
_WEB_API_LOGGER = "slack_sdk.web.async_base_client"


def _web_api_logger() -> logging.Logger:
    logger = logging.getLogger(_WEB_API_LOGGER)
    if logger.level == logging.NOTSET:
        logger.setLevel(max(logging.INFO, logger.getEffectiveLevel()))
    return logger


def create_web_client(runtime: Runtime, token: str | None = None) -> AsyncWebClient:
    """One client per process on the runtime's HTTP session: Web API calls reuse kept-alive connections
    (without a session, slack_sdk opens a new one, and a new TCP connection, for every call). Installed by
    OAuth it has no token of its own: Bolt gives each request its team's, background work asks for one."""
    slack = runtime.settings.slack
    if token is None and not slack.oauth_enabled:
        token = slack.bot_token
    return AsyncWebClient(
        token=token,
        base_url=slack.api_url or DEFAULT_SLACK_API_URL,
        session=runtime.http,
        timeout=10,
        logger=_web_api_logger(),
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),  # honours Retry-After
            AsyncServerErrorRetryHandler(max_retry_count=1),
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
        ],
    )


async def slack_client_for_account(runtime: Runtime, default: AsyncWebClient, account_id) -> AsyncWebClient | None:
    """The Web API client for work outside a Slack request (background loops): the one bot token in
    single-workspace mode; installed by OAuth, the account's team's token, or None if it has none."""
    if runtime.installations is None:
        return default
    token = await bot_token_of_account(runtime, account_id)
    return create_web_client(runtime, token=token) if token is not None else None


class _TrackListenerWork(AsyncListenerStartHandler):
    """Bolt calls this first thing in each listener's own task (the one it starts after acknowledging)."""

    def __init__(self, work: ListenerWork) -> None:
        self.work = work

    async def handle(self, request: AsyncBoltRequest, response: BoltResponse | None) -> None:
        self.work.track_current_task()


def _not_installed_message(runtime: Runtime) -> str:
    where = f" from {runtime.settings.public_url}/slack/install" if runtime.settings.public_url else ""
    return f":warning: walkbot is no longer installed in this workspace. A Slack admin can add it again{where}."


def create_app(runtime: Runtime, register_listeners: Callable[[AsyncApp, Runtime], None]) -> AsyncApp:
    """Listeners are passed in (from ``handlers``) so ``bot`` never imports the Slack layer above it."""
    slack = runtime.settings.slack
    slack.require_http()
    oauth = slack.oauth_enabled
    client = create_web_client(runtime)
    app = AsyncApp(
        # No ``token=``: the client carries the one bot token (single workspace) or none (OAuth), and Bolt warns
        # at every start that a token given beside a client is unused.
        signing_secret=slack.signing_secret,
        client=client,
        # Installed by OAuth: tokens per team from the installation store (bot/install/oauth.py).
        oauth_flow=build_oauth_flow(runtime, client) if oauth else None,
        installation_store=runtime.installations if oauth else None,
        # Bolt's authorize from that store, with auth.test's answer per token cached (not asked on every request).
        authorize=build_authorize(runtime, client) if oauth else None,
        user_facing_authorize_error_message=_not_installed_message(runtime),
        # Bolt answers Slack as soon as a listener calls ack(); the rest of the listener
        # (database, PSA, Web API) runs after the response, inside Slack's 3 seconds or not.
        process_before_response=False,
    )
    # Bolt takes no start handler as an argument; its runner's are public attributes (``app.error`` sets one too).
    app.listener_runner.listener_start_handler = _TrackListenerWork(runtime.listener_work)
    register_listeners(app, runtime)
    return app
