"""Stopping walkbot: the work Slack's acknowledged requests started finishes before the database and the HTTP
session close, so nothing is left half done and nothing touches the database after walkbot stopped."""

from __future__ import annotations

import asyncio
import os
import signal

from sqlalchemy import select

from storage.models import L1WalkSession
from tests.harness.app import SIGNING_SECRET, start_walkbot, walkbot_env
from tests.harness.driver import SlackDriver
from tests.harness.serve_process import ROOT, start_serve
from tests.slack.conftest import TEAM


async def test_stopping_lets_a_walk_being_started_post_its_card_and_record_it(
    database_url, fake_slack, connectwise, db, published
):
    walkbot = await start_walkbot(database_url, fake_slack, env=connectwise.env())
    # Slack rate-limits the card once: the listener waits a second, then posts it and records its ts.
    fake_slack.rate_limit("chat.postMessage", retry_after=1)
    async with SlackDriver(walkbot.url, walkbot.signing_secret, TEAM, fake_slack) as tech:
        status, _ = await tech.slash("12345 printer-offline")
        assert status == 200
        await fake_slack.wait_for("chat.postMessage")  # the refused first attempt
    await walkbot.close()

    posted = fake_slack.calls_to("chat.postMessage")
    assert [call.ok for call in posted] == [False, True]
    async with db() as session:
        walk = await session.scalar(select(L1WalkSession))
    assert walk is not None and walk.message_ts == posted[1].response["ts"]


async def test_sigterm_lets_walkbot_serve_finish_a_card_it_was_posting_then_exit_cleanly(
    database_url, fake_slack, connectwise, db, published
):
    # A container platform stops a process with SIGTERM: the work behind an acknowledged command still finishes.
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALKBOT_")}
    env |= walkbot_env(fake_slack, connectwise.env()) | {"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)}
    process, url = await start_serve(env)
    fake_slack.rate_limit("chat.postMessage", retry_after=1)
    try:
        async with SlackDriver(url, SIGNING_SECRET, TEAM, fake_slack) as tech:
            status, _ = await tech.slash("12345 printer-offline")
            assert status == 200
            await fake_slack.wait_for("chat.postMessage")  # the refused first attempt: the retry is pending
        process.send_signal(signal.SIGTERM)
        returncode = await asyncio.wait_for(process.wait(), timeout=30)
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    log = (await process.stderr.read()).decode()

    assert returncode == 0, log
    assert "stopped" in log.splitlines()[-1]
    posted = fake_slack.calls_to("chat.postMessage")
    assert [call.ok for call in posted] == [False, True]
    async with db() as session:
        walk = await session.scalar(select(L1WalkSession))
    assert walk is not None and walk.message_ts == posted[1].response["ts"]
