"""The App Home tab: the user's active walks; for engineers, the open escalation queue; for admins, Insights."""

from __future__ import annotations

from datetime import UTC, datetime

from slack_bolt.async_app import AsyncApp

from bot.rendering.insights import insights_home_blocks, insights_pending_blocks
from bot.rendering.lists import home_view
from bot.reports.weekly import home_insights, recent_home_insights
from bot.runtime import Runtime
from bot.walks.actors import actor_for
from bot.walks.queues import home_items


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.event("app_home_opened")
    async def home_opened(event, client, context):
        if event.get("tab", "home") != "home":
            return
        actor = await actor_for(runtime, context.team_id, event["user"])
        walks, queue = await home_items(runtime, client, actor)
        if not actor.is_admin:
            await client.views_publish(user_id=actor.slack_user_id, view=home_view(walks, queue))
            return
        home = await recent_home_insights(runtime, actor, datetime.now(UTC))
        if home is None:
            # The lists are shown at once; this week's Insights follow when counted (a busy week takes a while).
            pending = home_view(walks, queue, insights_pending_blocks())
            await client.views_publish(user_id=actor.slack_user_id, view=pending)
            home = await home_insights(runtime, actor, datetime.now(UTC))
        insights = insights_home_blocks(home) if home is not None else []
        await client.views_publish(user_id=actor.slack_user_id, view=home_view(walks, queue, insights))
