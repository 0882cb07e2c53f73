"""`/walk settings`: admins choose the categories AI-guided walks may be offered in, extra floor denies, the
engineers' channel, people's roles, and the PSA connection."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.ai.categories import ALL_CATEGORIES
from bot.ai.safety import parse_floor_denies
from bot.install.psa_settings import psa_section, try_account_connection
from bot.rendering import action_ids as ids
from bot.rendering.channel_setting import engineer_channel_blocks
from bot.rendering.modals import (
    CATEGORIES,
    FLOOR_DENIES,
    chosen_categories,
    chosen_channel,
    floor_denies_text,
    settings_modal,
)
from bot.rendering.psa_settings import connection_result_block, psa_section_blocks
from bot.rendering.role_setting import chosen_role_change, role_blocks
from bot.runtime import Runtime
from bot.walks.actors import floor_denies_of, save_settings
from bot.walks.roles import ROLE_LABELS, RoleRefused, change_role_in_slack, role_holders

NOT_ADMIN = "Only walkbot admins change settings. Ask an admin (WALKBOT_ADMINS) to do it."


async def open_settings(runtime: Runtime, client, respond, actor, trigger_id: str | None) -> None:
    if not actor.is_admin:
        await respond(text=NOT_ADMIN, response_type="ephemeral")
        return
    denies = await floor_denies_of(runtime, actor)
    view = settings_modal("", all_categories=ALL_CATEGORIES, enabled=actor.ai_categories, floor_denies=denies)
    section = await psa_section(runtime, actor)
    view.blocks.extend(engineer_channel_blocks(actor.engineer_channel_id))
    view.blocks.extend(role_blocks(await role_holders(runtime.db, actor), ROLE_LABELS))
    view.blocks.extend(
        psa_section_blocks(section.vendor, section.shown, section.link, section.why_no_link, section.link_minutes)
    )
    await client.views_open(trigger_id=trigger_id, view=view)


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.action(ids.PSA_LINK)
    async def link_opened(ack):
        await ack()  # a URL button: Slack opens the page in the browser and tells us; nothing to do

    @app.action(ids.PSA_TEST)
    async def test_connection_clicked(ack, body, client, actor):
        await ack()
        if not actor.is_admin:
            worked, message = False, NOT_ADMIN
        else:
            worked, message = await try_account_connection(runtime, actor)
        view = body["view"]
        blocks = [b for b in view["blocks"] if b.get("block_id") != ids.PSA_TEST_RESULT]
        blocks.append(connection_result_block(worked, message).to_dict())
        await client.views_update(
            view_id=view["id"],
            hash=view.get("hash"),
            view={
                "type": "modal",
                "callback_id": view["callback_id"],
                "title": view["title"],
                "submit": view.get("submit"),
                "close": view.get("close"),
                "private_metadata": view.get("private_metadata", ""),
                "blocks": blocks,
            },
        )

    @app.view(ids.SETTINGS_VIEW)
    async def saved(ack, view, client, actor):
        if not actor.is_admin:
            await ack(response_action="errors", errors={CATEGORIES: NOT_ADMIN})
            return
        try:
            denies = parse_floor_denies(floor_denies_text(view))
        except ValueError as exc:
            await ack(response_action="errors", errors={FLOOR_DENIES: f"Nothing saved: {exc}."})
            return
        channel = chosen_channel(view)
        refused = await runtime.channels.refusal(client, channel) if channel else None
        if refused:
            await ack(response_action="errors", errors={ids.ENGINEER_CHANNEL: refused})
            return
        person, role = chosen_role_change(view)
        if person or role:
            if not (person and role):
                missing = ids.ROLE if person else ids.ROLE_USER
                await ack(response_action="errors", errors={missing: "Choose both a person and a role, or neither."})
                return
            try:  # users.info, then one short transaction, inside Slack's 3 seconds: a refusal is shown on the field
                await change_role_in_slack(runtime.db, client, actor, person, role)
            except RoleRefused as exc:
                await ack(response_action="errors", errors={ids.ROLE_USER: str(exc)})
                return
        await ack()
        await save_settings(runtime, actor, chosen_categories(view), denies, channel)
