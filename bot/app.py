"""The Bolt app factory: one AsyncApp with a Web API client that retries where Slack says so."""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt.async_app import AsyncApp
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
    AsyncServerErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime

DEFAULT_SLACK_API_URL = "https://slack.com/api/"


def create_web_client(runtime: Runtime) -> AsyncWebClient:
    """One client per process on the runtime's HTTP session: Web API calls reuse kept-alive connections
    (without a session, slack_sdk opens a new one, and a new TCP connection, for every call)."""
    slack = runtime.settings.slack
    return AsyncWebClient(
        token=slack.bot_token,
        base_url=slack.api_url or DEFAULT_SLACK_API_URL,
        session=runtime.http,
        timeout=10,
        retry_handlers=[
            AsyncRateLimitErrorRetryHandler(max_retry_count=2),  # honours Retry-After
            AsyncServerErrorRetryHandler(max_retry_count=1),
            AsyncConnectionErrorRetryHandler(max_retry_count=1),
        ],
    )


def create_app(runtime: Runtime, register_listeners: Callable[[AsyncApp, Runtime], None]) -> AsyncApp:
    """Listeners are passed in (from ``handlers``) so ``bot`` never imports the Slack layer above it."""
    slack = runtime.settings.slack
    slack.require_http()
    app = AsyncApp(
        token=slack.bot_token,
        signing_secret=slack.signing_secret,
        client=create_web_client(runtime),
        # Bolt answers Slack as soon as a listener calls ack(); the rest of the listener
        # (database, PSA, Web API) runs after the response, inside Slack's 3 seconds or not.
        process_before_response=False,
    )
    register_listeners(app, runtime)
    return app
