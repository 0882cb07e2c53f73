"""Slack listeners, one module per Slack surface; ``register_all`` wires them onto the Bolt app."""

from slack_bolt.async_app import AsyncApp

from bot.runtime import Runtime
from handlers import actions, commands, events, home, views


def register_all(app: AsyncApp, runtime: Runtime) -> None:
    for module in (commands, actions, views, events, home):
        module.register(app, runtime)
