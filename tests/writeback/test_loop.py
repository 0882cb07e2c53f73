"""The background outbox loop delivers on its own and survives a pass that fails."""

import asyncio
import contextlib
import logging

from sqlalchemy import select

from bot.config import Settings
from bot.psa.resolver import OnePSA
from bot.runtime import Runtime
from bot.writeback.loop import run_outbox_loop
from storage.database import create_engine, create_session_factory
from storage.models import PsaOutbox
from tests.writeback.conftest import cw_client, finish_walk

SETTINGS = Settings.from_env({"WALKBOT_OUTBOX_POLL_SECONDS": "1", "WALKBOT_OUTBOX_MAX_ATTEMPTS": "3"})


async def stop(task):
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def test_the_loop_delivers_a_queued_note_without_being_asked(db, db_engine, cw, http):
    cw.add_ticket(123, "Printer offline")
    runtime = Runtime(settings=SETTINGS, engine=db_engine, db=db, http=http, psa=OnePSA(cw_client(cw, http)))
    task = asyncio.create_task(run_outbox_loop(runtime))
    try:
        await finish_walk(db)
        for _ in range(50):
            await asyncio.sleep(0.1)
            async with db() as s:
                if await s.scalar(select(PsaOutbox.status)) == "delivered":
                    break
        assert len(cw.posted_notes(123)) == 1
    finally:
        await stop(task)


async def test_a_failing_pass_is_logged_and_the_loop_keeps_going(http, caplog):
    engine = create_engine("postgresql://postgres@127.0.0.1:1/nowhere", pool_size=1)
    runtime = Runtime(settings=SETTINGS, engine=engine, db=create_session_factory(engine), http=http)
    caplog.set_level(logging.ERROR, logger="bot.writeback.loop")
    task = asyncio.create_task(run_outbox_loop(runtime))
    try:
        await asyncio.sleep(1.5)
        assert not task.done()
        failures = [r for r in caplog.records if "outbox delivery pass failed" in r.getMessage()]
        assert len(failures) >= 2
    finally:
        await stop(task)
        await engine.dispose()
