"""A walk card's step click is answered as soon as its signature checks out, before Bolt runs (bot/early_ack.py).

Everything else waits for Bolt as before, a click that is not Slack's is refused, and the click answered
early is still dispatched by Bolt afterwards (and finished before walkbot stops)."""

from __future__ import annotations

import asyncio

import pytest

import handlers
from bot.rendering import action_ids as ids
from tests.harness.app import start_walkbot
from tests.harness.driver import SlackDriver
from tests.slack.conftest import TEAM
from tests.slack.steps import buttons, click, start_printer_walk, the_walk

ANSWER_WITHIN = 5.0  # seconds: only a click stuck behind the closed gate takes this long


@pytest.fixture
async def gated(database_url, fake_slack, connectwise, db, published):
    """walkbot whose Bolt runs nothing past its own checks until ``gate`` is set (it starts open)."""
    gate = asyncio.Event()
    gate.set()

    def register(app, runtime):
        @app.use
        async def wait_for_the_gate(next):
            await gate.wait()
            await next()

        handlers.register_all(app, runtime)

    walkbot = await start_walkbot(database_url, fake_slack, env=connectwise.env(), register_listeners=register)
    async with SlackDriver(walkbot.url, walkbot.signing_secret, TEAM, fake_slack) as tech:
        try:
            yield walkbot, tech, gate
        finally:
            gate.set()
            await walkbot.close()


async def test_a_step_click_is_answered_before_bolt_runs_and_bolt_then_steps_the_walk(gated, fake_slack, db):
    walkbot, tech, gate = gated
    card = await start_printer_walk(tech, fake_slack, db)
    gate.clear()

    status, body = await asyncio.wait_for(click(tech, card, buttons(card.blocks)[0]), ANSWER_WITHIN)

    assert (status, body) == (200, "")
    assert (await the_walk(db)).walked_path == []  # Bolt has not run the listener yet
    gate.set()
    await fake_slack.wait_for("chat.update")
    assert len((await the_walk(db)).walked_path) == 1


async def test_a_command_still_waits_for_bolt(gated, fake_slack, db):
    walkbot, tech, gate = gated
    gate.clear()

    command = asyncio.ensure_future(tech.slash("12345 printer-offline"))
    done, _ = await asyncio.wait({command}, timeout=0.5)
    assert not done
    gate.set()
    assert (await command)[0] == 200


async def test_a_step_click_that_is_not_slacks_is_refused_by_bolt_and_changes_nothing(gated, fake_slack, db):
    walkbot, tech, gate = gated
    card = await start_printer_walk(tech, fake_slack, db)
    gate.clear()  # Bolt checks the signature before any middleware of the app's own

    forged = await asyncio.wait_for(click(tech, card, buttons(card.blocks)[0], bad_signature=True), ANSWER_WITHIN)
    replayed = await asyncio.wait_for(click(tech, card, buttons(card.blocks)[0], timestamp_offset=-600), ANSWER_WITHIN)

    assert (forged[0], replayed[0]) == (401, 401)
    gate.set()
    await asyncio.sleep(0.2)
    assert (await the_walk(db)).revision == 0 and not fake_slack.calls_to("chat.update")


async def test_stopping_finishes_a_click_answered_before_bolt_ran(gated, fake_slack, db):
    walkbot, tech, gate = gated
    card = await start_printer_walk(tech, fake_slack, db)
    gate.clear()
    assert (await click(tech, card, buttons(card.blocks)[0]))[0] == 200

    stopping = asyncio.ensure_future(walkbot.runtime.listener_work.finish(10))
    await asyncio.sleep(0.1)
    assert not stopping.done()  # the answered click is still to be dispatched: stopping waits for it
    gate.set()
    await stopping
    assert len((await the_walk(db)).walked_path) == 1


def test_every_step_button_of_the_card_is_one_the_early_answer_covers():
    for action_id in (f"{ids.CHOOSE}:no_power", ids.CONTINUE, ids.DIDNT_WORK, ids.FOLLOW_LINK, ids.BACK, ids.ABANDON):
        assert ids.WALK_STEP.match(action_id), action_id
    for action_id in (ids.RESOLVE, ids.ESCALATE, ids.TAKE_OVER, ids.ENTER_VALUE, ids.PROPOSE, f"{ids.CHOOSE}x"):
        assert not ids.WALK_STEP.match(action_id), action_id
