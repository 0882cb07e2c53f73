"""Clicking a walk card: back undoes a step, stale and double clicks change nothing, racing clicks advance once."""

import asyncio

from bot.rendering import action_ids as ids
from tests.slack.steps import button, buttons, click, start_printer_walk, the_walk


async def test_back_undoes_one_step_and_redraws_the_card(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    await click(tech, card, buttons(card.blocks)[0])
    first = (await fake_slack.wait_for("chat.update"))[0]
    assert len((await the_walk(db)).walked_path) == 1
    await click(tech, card, button(first.args["blocks"], ids.BACK))
    second = (await fake_slack.wait_for("chat.update", count=2))[1]
    assert second.args["ts"] == card.ts
    assert "Is it only this user" in str(second.args["blocks"])
    walk = await the_walk(db)
    assert walk.walked_path == [] and walk.current_node_id == "scope"


async def test_a_click_on_an_old_card_is_refused_and_changes_nothing(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    old_option = buttons(card.blocks)[1]  # "Everyone" on the first step's card
    await click(tech, card, buttons(card.blocks)[0])
    await fake_slack.wait_for("chat.update")
    before = await the_walk(db)
    await click(tech, card, old_option)
    reply = (await fake_slack.wait_for_response())[0]
    assert "already answered" in reply["text"] and reply["response_type"] == "ephemeral"
    after = await the_walk(db)
    assert after.revision == before.revision and after.walked_path == before.walked_path
    assert after.current_node_id == "open-queue"


async def test_a_double_click_advances_once_and_tells_the_second_click(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    option = buttons(card.blocks)[0]
    await click(tech, card, option)
    await fake_slack.wait_for("chat.update")
    await click(tech, card, option)
    reply = (await fake_slack.wait_for_response())[0]
    assert "already answered" in reply["text"]
    walk = await the_walk(db)
    assert len(walk.walked_path) == 1 and walk.current_node_id == "open-queue"


async def test_two_concurrent_clicks_on_one_step_advance_it_exactly_once(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    one_user, everyone = buttons(card.blocks)[:2]
    statuses = await asyncio.gather(click(tech, card, one_user), click(tech, card, everyone))
    assert [s for s, _ in statuses] == [200, 200]
    reply = (await fake_slack.wait_for_response())[0]
    assert "already answered" in reply["text"]
    walk = await the_walk(db)
    assert len(walk.walked_path) == 1
    assert walk.current_node_id == ("open-queue" if walk.walked_path[0]["option_id"] == "one-user" else "printer-panel")
    assert len(fake_slack.responses) == 1
