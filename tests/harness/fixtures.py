"""Fixtures for end-to-end tests over HTTP, registered for the whole suite by tests/conftest.py.

How to write an end-to-end test (handlers/ must exist)::

    from tests.harness.driver import plain_text_input, radio_buttons

    async def test_a_click_moves_the_card_to_the_next_step(walkbot, slack, fake_slack, db):
        status, _ = await slack.slash("12345 printer-offline")          # signed, like Slack sends it
        assert status == 200                                             # the ack
        card = (await fake_slack.wait_for("chat.postMessage"))[0]       # listeners run after the ack
        await slack.click("walk_option", "0", message_ts=card.response["ts"], channel_id=card.response["channel"])
        update = (await fake_slack.wait_for("chat.update"))[0]
        assert "Is the printer on?" in str(update.args["blocks"])        # blocks arrive decoded
        async with db() as session: ...                                  # then assert the rows

Or by hand, e.g. with extra environment::

    walkbot = await start_walkbot(database_url, fake_slack, env={"WALKBOT_IDLE_ABANDON_MINUTES": "1"})
    driver = SlackDriver(walkbot.url, walkbot.signing_secret, fake=fake_slack)
    try: ...
    finally:
        await driver.close(); await walkbot.close()

Fixtures: ``fake_slack`` (a started FakeSlack per test), ``walkbot`` (walkbot served against it and the
run's database; depends on ``db`` so tables are emptied after the test), ``slack`` (a SlackDriver
for ``walkbot``). Failure injection: ``fake_slack.fail("chat.postMessage", "not_in_channel")``,
``fake_slack.rate_limit("chat.update", retry_after=0)``, ``fake_slack.server_error("views.open")``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.harness.app import RunningWalkbot, start_walkbot
from tests.harness.driver import SlackDriver
from tests.harness.fake_slack import FakeSlack


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlack]:
    async with FakeSlack() as fake:
        yield fake


@pytest.fixture
async def walkbot(database_url: str, fake_slack: FakeSlack, db) -> AsyncIterator[RunningWalkbot]:
    running = await start_walkbot(database_url, fake_slack)
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
async def slack(walkbot: RunningWalkbot, fake_slack: FakeSlack) -> AsyncIterator[SlackDriver]:
    async with SlackDriver(walkbot.url, walkbot.signing_secret, fake_slack.team_id, fake_slack) as driver:
        yield driver
