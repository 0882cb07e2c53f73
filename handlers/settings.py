"""`/walk settings`: admins choose the categories AI-guided walks may be offered in, and extra floor denies."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.ai.categories import ALL_CATEGORIES
from bot.ai.safety import parse_floor_denies
from bot.rendering import action_ids as ids
from bot.rendering.modals import CATEGORIES, FLOOR_DENIES, settings_modal
from bot.runtime import Runtime
from bot.walks.actors import actor_for
from storage.queries import accounts

NOT_ADMIN = "Only walkbot admins change settings. Ask an admin (WALKBOT_ADMINS) to do it."


async def open_settings(runtime: Runtime, client, respond, actor, trigger_id: str | None) -> None:
    if not actor.is_admin:
        await respond(text=NOT_ADMIN, response_type="ephemeral")
        return
    async with runtime.db.begin() as db:
        denies = await accounts.floor_denies(db, actor.account_id)
    view = settings_modal("", all_categories=ALL_CATEGORIES, enabled=actor.ai_categories, floor_denies=denies)
    await client.views_open(trigger_id=trigger_id, view=view)


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.view(ids.SETTINGS_VIEW)
    async def saved(ack, body, view):
        actor = await actor_for(runtime, body["team"]["id"], body["user"]["id"])
        if not actor.is_admin:
            await ack(response_action="errors", errors={CATEGORIES: NOT_ADMIN})
            return
        values = view["state"]["values"]
        try:
            denies = parse_floor_denies(((values.get(FLOOR_DENIES) or {}).get(FLOOR_DENIES) or {}).get("value") or "")
        except ValueError as exc:
            await ack(response_action="errors", errors={FLOOR_DENIES: f"Nothing saved: {exc}."})
            return
        await ack()
        selected = ((values.get(CATEGORIES) or {}).get(CATEGORIES) or {}).get("selected_options") or []
        keys = [o["value"] for o in selected if o.get("value") in ALL_CATEGORIES]
        async with runtime.db.begin() as db:
            await accounts.set_ai_categories(db, actor.account_id, keys)
            await accounts.set_floor_denies(db, actor.account_id, denies)
