"""The App Home tab: the user's active walks and, for engineers, the open escalation queue."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.rendering.lists import home_view
from bot.runtime import Runtime
from bot.walks.actors import actor_for
from bot.walks.queues import home_items


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.event("app_home_opened")
    async def home_opened(body, event, client):
        if event.get("tab", "home") != "home":
            return
        actor = await actor_for(runtime, body["team_id"], event["user"])
        walks, queue = await home_items(runtime, client, actor)
        await client.views_publish(user_id=actor.slack_user_id, view=home_view(walks, queue))
