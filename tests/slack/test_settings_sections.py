"""`/walk settings` sections added for installs: the engineers' channel (a conversations select that leaves out
Slack Connect channels) and the PSA connection (credentials never shown, only masked)."""

import asyncio
import json

from sqlalchemy import select

from bot.rendering import action_ids as ids
from storage.models import Account


def conversation(channel: str) -> dict:
    return {"type": "conversations_select", "selected_conversation": channel}


async def test_the_engineers_channel_is_picked_from_internal_channels_only(tech, fake_slack, db):
    await tech.slash("settings", user_id="U_ADMIN")
    view = (await fake_slack.wait_for("views.open"))[0].args["view"]
    [picker] = [b for b in view["blocks"] if b.get("block_id") == ids.ENGINEER_CHANNEL]
    assert picker["element"]["type"] == "conversations_select"
    assert picker["element"]["filter"]["exclude_external_shared_channels"] is True
    status, _ = await tech.submit_view(
        ids.SETTINGS_VIEW,
        values={ids.ENGINEER_CHANNEL: {ids.ENGINEER_CHANNEL: conversation("C_NEW_ENG")}},
        user_id="U_ADMIN",
    )
    assert status == 200
    for _ in range(200):
        async with db() as session:
            account = await session.scalar(select(Account))
        if account.engineer_channel_id == "C_NEW_ENG":
            break
        await asyncio.sleep(0.02)
    assert (account.engineer_channel_id, account.engineer_channel_source) == ("C_NEW_ENG", "admin")


async def test_a_channel_shared_since_is_refused_on_save_with_the_reason(tech, fake_slack, db):
    fake_slack.set_channel("C_SHARED", is_ext_shared=True)
    await tech.slash("settings", user_id="U_ADMIN")
    await fake_slack.wait_for("views.open")
    status, body = await tech.submit_view(
        ids.SETTINGS_VIEW,
        values={ids.ENGINEER_CHANNEL: {ids.ENGINEER_CHANNEL: conversation("C_SHARED")}},
        user_id="U_ADMIN",
    )
    assert status == 200
    answer = json.loads(body)
    assert answer["response_action"] == "errors"
    assert "shared with another organisation" in answer["errors"][ids.ENGINEER_CHANNEL]
    async with db() as session:
        assert (await session.scalar(select(Account))).engineer_channel_id != "C_SHARED"


async def test_without_a_secret_key_the_psa_section_says_what_to_set(tech, fake_slack, db):
    await tech.slash("settings", user_id="U_ADMIN")
    view = json.dumps((await fake_slack.wait_for("views.open"))[0].args["view"])
    assert "PSA connection" in view and "Set WALKBOT_SECRET_KEY" in view
