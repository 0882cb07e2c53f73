"""The App Home tab: the user's active walks and, for engineers, the open escalation queue."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.rendering.lists import home_view
from bot.runtime import Runtime
from bot.slack_messages import permalink
from bot.walks.actors import actor_for
from bot.walks.queues import active_walk_items, escalation_queue_items


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.event("app_home_opened")
    async def home_opened(body, event, client):
        if event.get("tab", "home") != "home":
            return
        actor = await actor_for(runtime, body["team_id"], event["user"])
        async with runtime.db.begin() as db:
            walks = await active_walk_items(db, actor)
            queue = (
                await escalation_queue_items(db, actor, permalink=lambda c, ts: permalink(client, c, ts))
                if actor.is_engineer
                else None
            )
        await client.views_publish(user_id=actor.slack_user_id, view=home_view(walks, queue))
