"""Events: thread replies become notes on the current step; profile changes are cached; uninstalls stop a
workspace."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.install.lifecycle import tokens_revoked, workspace_uninstalled
from bot.runtime import Runtime
from bot.walks.notes import capture_thread_reply, thread_change
from bot.walks.people import user_changed


def register(app: AsyncApp, runtime: Runtime) -> None:
    # The workspace is Bolt's context.team_id, taken from the event's ``authorizations`` (the installation the
    # event was delivered for), never the envelope's first team_id: in a Slack Connect channel that is the
    # other organisation's.
    @app.event("message")
    async def thread_message(body, event, client, context):
        change = thread_change(event, context.get("bot_user_id"))
        if change is None:
            return
        await capture_thread_reply(runtime, client, context.team_id, body.get("event_id"), change)

    @app.event("user_change")
    async def profile_changed(event, client, context):
        await user_changed(runtime, client, context.team_id, event.get("user") or {})

    @app.event("app_uninstalled")
    async def app_uninstalled(context):
        await workspace_uninstalled(runtime, context.team_id, context.enterprise_id)

    @app.event("tokens_revoked")
    async def revoked(event, context):
        await tokens_revoked(runtime, context.team_id, event.get("tokens") or {}, context.enterprise_id)

    @app.event("channel_shared")
    @app.event("channel_unshared")
    async def sharing_changed(event):
        """A channel was shared with (or unshared from) another organisation: its cached answer is stale."""
        runtime.channels.forget(str(event.get("channel") or ""))
