"""Runs the real walkbot (handlers, Bolt, aiohttp server) on a random local port against a fake Slack.

Only configuration differs from production: SLACK_API_URL points at the fake, and the database
is the test run's throwaway one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.async_app import AsyncApp

from bot.config import Settings
from bot.runtime import Runtime, build_runtime
from tests.harness.fake_slack import FakeSlack

SIGNING_SECRET = "walkbot-test-signing-secret"


@dataclass
class RunningWalkbot:
    url: str  # http://127.0.0.1:<port>, no trailing slash; Slack's endpoint is url + "/slack/events"
    runtime: Runtime
    bolt: AsyncApp
    settings: Settings
    runner: web.AppRunner

    @property
    def signing_secret(self) -> str:
        return self.settings.slack.signing_secret or ""

    async def close(self) -> None:
        await self.runner.cleanup()
        await self.runtime.close()


def walkbot_env(fake: FakeSlack, env: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment a test walkbot runs with; ``env`` overrides or adds variables."""
    return {
        "SLACK_BOT_TOKEN": fake.token,
        "SLACK_SIGNING_SECRET": SIGNING_SECRET,
        "SLACK_API_URL": fake.base_url,
        "ESCALATION_CHANNEL": "C_ENGINEERS",
        "WALKBOT_ADMINS": "U_ADMIN",
        "WALKBOT_ENGINEERS": "U_ENG1,U_ENG2",
        **(env or {}),
    }


async def serve(web_app: web.Application) -> tuple[web.AppRunner, str]:
    """Serve an aiohttp app on 127.0.0.1:<random port>; returns the runner and the base URL."""
    runner = web.AppRunner(web_app, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}"


async def start_walkbot(
    database_url: str,
    fake: FakeSlack,
    *,
    env: Mapping[str, str] | None = None,
    register_listeners: Callable[[AsyncApp, Runtime], Any] | None = None,
) -> RunningWalkbot:
    """Start walkbot with every listener from ``handlers`` (or ``register_listeners``); ``await .close()`` it."""
    from bot.app import create_app
    from bot.server import create_web_app

    if register_listeners is None:
        import handlers  # imported here: the harness must load before handlers/ exists

        register_listeners = handlers.register_all
    settings = Settings.from_env(walkbot_env(fake, env))
    runtime = await build_runtime(settings, database_url=database_url)
    try:
        bolt = create_app(runtime, register_listeners)
        runner, url = await serve(create_web_app(runtime, bolt, background=None))
    except BaseException:
        await runtime.close()
        raise
    return RunningWalkbot(url=url, runtime=runtime, bolt=bolt, settings=settings, runner=runner)
