"""Events: thread replies become notes on the current step; profile changes are cached; uninstalls stop a
workspace."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.install.lifecycle import tokens_revoked, workspace_uninstalled
from bot.runtime import Runtime
from bot.walks.notes import capture_thread_reply, thread_change
from bot.walks.people import user_changed


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.event("message")
    async def thread_message(body, event, client, context):
        change = thread_change(event, context.get("bot_user_id"))
        if change is None:
            return
        await capture_thread_reply(runtime, client, body["team_id"], body.get("event_id"), change)

    @app.event("user_change")
    async def profile_changed(body, event, client):
        await user_changed(runtime, client, body["team_id"], event.get("user") or {})

    # The team comes from Bolt's context (the event's ``authorizations``), never from the payload's first team id.
    @app.event("app_uninstalled")
    async def app_uninstalled(context):
        await workspace_uninstalled(runtime, context.team_id, context.enterprise_id)

    @app.event("tokens_revoked")
    async def revoked(event, context):
        await tokens_revoked(runtime, context.team_id, event.get("tokens") or {}, context.enterprise_id)
