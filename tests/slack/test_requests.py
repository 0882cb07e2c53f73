"""What Slack sends that walkbot must refuse or answer with a clear message, and Slack's own failures."""

from sqlalchemy import func, select

from bot.rendering import action_ids as ids
from handlers import UNEXPECTED
from storage.models import L1WalkSession
from tests.harness.app import start_walkbot
from tests.harness.driver import SlackDriver
from tests.slack.conftest import TEAM
from tests.slack.steps import button, buttons, click, start_printer_walk, the_walk


async def count_walks(db) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(L1WalkSession))


async def test_an_invalid_signature_is_refused_and_nothing_is_stored(tech, fake_slack, db):
    status, _ = await tech.slash("12345 printer-offline", bad_signature=True)
    assert status == 401
    assert await count_walks(db) == 0
    assert fake_slack.calls_to("chat.postMessage") == [] and fake_slack.responses == []


async def test_an_expired_timestamp_is_refused(tech, fake_slack, db):
    status, _ = await tech.slash("12345 printer-offline", timestamp_offset=-10 * 60)
    assert status == 401
    assert await count_walks(db) == 0
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_an_unknown_ticket_gets_a_clear_message_and_no_walk(tech, fake_slack, db):
    await tech.slash("99999 printer-offline")
    reply = (await fake_slack.wait_for_response())[0]
    assert "99999" in reply["text"] and reply["response_type"] == "ephemeral"
    assert await count_walks(db) == 0
    assert fake_slack.calls_to("chat.postMessage") == []


async def test_an_unknown_flow_gets_a_clear_message(tech, fake_slack, db):
    await tech.slash("12345 no-such-flow")
    reply = (await fake_slack.wait_for_response())[0]
    assert "no published flow `no-such-flow`" in reply["text"]
    assert await count_walks(db) == 0


async def test_walk_alone_shows_usage(tech, fake_slack, db):
    await tech.slash("")
    reply = (await fake_slack.wait_for_response())[0]
    assert "/walk" in reply["text"] and reply["response_type"] == "ephemeral"
    assert await count_walks(db) == 0


async def test_not_in_channel_asks_to_invite_walkbot_and_leaves_no_walk(tech, fake_slack, db):
    fake_slack.fail("chat.postMessage", "not_in_channel")
    await tech.slash("12345 printer-offline")
    reply = (await fake_slack.wait_for_response())[0]
    assert "invite @walkbot" in reply["text"].lower()
    assert await count_walks(db) == 0


async def test_a_rate_limited_card_update_is_retried(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    fake_slack.rate_limit("chat.update", retry_after=0)
    await click(tech, card, buttons(card.blocks)[0])
    calls = await fake_slack.wait_for("chat.update", count=2)
    assert calls[0].status == 429 and calls[1].ok
    assert "Open print queue" in str(fake_slack.message(card.channel, card.ts)["blocks"])
    assert len((await the_walk(db)).walked_path) == 1
    assert ids.CONTINUE in str(calls[1].args["blocks"])


async def test_an_unexpected_failure_is_told_to_the_technician_not_left_silent(tech, fake_slack, connectwise, db):
    card = await start_printer_walk(tech, fake_slack, db)
    fake_slack.server_error("views.open", times=5)  # Slack keeps failing past the client's retry
    await click(tech, card, button(card.blocks, ids.RESOLVE))
    reply = (await fake_slack.wait_for_response())[-1]
    assert reply["text"] == UNEXPECTED and reply["response_type"] == "ephemeral"


async def test_a_single_workspace_start_logs_no_bolt_warning_and_serves_with_the_one_token(
    database_url, fake_slack, connectwise, db, published, caplog
):
    caplog.set_level("WARNING", logger="slack_bolt")
    running = await start_walkbot(database_url, fake_slack, env=connectwise.env())
    try:
        async with SlackDriver(running.url, running.signing_secret, TEAM, fake_slack) as driver:
            await driver.slash("12345 printer-offline")
            [posted] = await fake_slack.wait_for("chat.postMessage")
    finally:
        await running.close()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("slack_bolt")] == []
    assert posted.token == fake_slack.token
