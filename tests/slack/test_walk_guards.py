"""Walks end when left idle, and no other workspace can touch them."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.walks.expiry import abandon_idle_walks
from storage.models import Account, L1WalkSession
from tests.harness.driver import SlackDriver
from tests.slack.steps import buttons, click, start_printer_walk, the_walk


def same_client(walkbot):
    """One workspace: every account's walks are redrawn with the app's own client."""

    async def client_for(_account_id):
        return walkbot.bolt.client

    return client_for


async def test_idle_walks_are_abandoned_and_their_card_updated(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    async with db.begin() as session:
        await session.execute(update(L1WalkSession).values(last_step_at=datetime.now(UTC) - timedelta(days=2)))
    assert await abandon_idle_walks(psa_walkbot.runtime, same_client(psa_walkbot)) == 1
    assert (await the_walk(db)).status == "abandoned"
    updated = fake_slack.last("chat.update")
    assert updated.args["ts"] == card.ts and "abandoned after" in updated.args["text"]
    assert "/walk 12345" in updated.args["text"]
    assert await abandon_idle_walks(psa_walkbot.runtime, same_client(psa_walkbot)) == 0


async def test_a_recent_walk_is_not_abandoned(psa_walkbot, tech, fake_slack, db):
    await start_printer_walk(tech, fake_slack, db)
    assert await abandon_idle_walks(psa_walkbot.runtime, same_client(psa_walkbot)) == 0
    assert (await the_walk(db)).status == "active"
    assert fake_slack.calls_to("chat.update") == []


async def test_a_click_from_another_workspace_cannot_touch_the_walk(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    before = await the_walk(db)
    async with SlackDriver(psa_walkbot.url, psa_walkbot.signing_secret, "T_OTHER", fake_slack) as outsider:
        option = buttons(card.blocks)[0]
        status, _ = await outsider.click(
            option["action_id"], option["value"], channel_id=card.channel, message_ts=card.ts
        )
    assert status == 200
    reply = (await fake_slack.wait_for_response())[0]
    assert reply["text"].startswith("walkbot here belongs to another workspace")
    async with db() as session:  # the payload's team got no account of its own either
        assert await session.scalar(select(Account).where(Account.slack_team_id == "T_OTHER")) is None
    after = await the_walk(db)
    assert after.revision == before.revision and after.walked_path == [] and after.status == "active"
    assert fake_slack.calls_to("chat.update") == []
    await click(tech, card, option)  # the owner still can
    await fake_slack.wait_for("chat.update")
