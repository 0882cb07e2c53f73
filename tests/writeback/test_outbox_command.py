"""`walkbot outbox list / retry / deliver`, run as real processes against the test database and a fake PSA."""

import asyncio

import pytest
from sqlalchemy import select

from storage.models import PsaOutbox
from tests.commands.cli import walkbot_async as walkbot
from tests.writeback.conftest import finish_walk


async def statuses(db):
    async with db() as s:
        return list(await s.scalars(select(PsaOutbox.status).order_by(PsaOutbox.id)))


@pytest.mark.slow
async def test_a_parked_write_is_listed_with_its_error_and_retry_sends_it(db, database_url, cw):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db)
    await cw.go_down()
    env = cw.env(WALKBOT_OUTBOX_MAX_ATTEMPTS="1")
    code, out, _ = await walkbot(database_url, "outbox", "deliver", env=env)
    assert code == 1 and "delivered 0, will retry 0, parked 1" in out
    code, out, _ = await walkbot(database_url, "outbox", "list", "--status", "parked")
    assert code == 0 and "parked" in out and "ticket 123" in out and "ConnectWise is unreachable" in out

    await cw.come_back()
    code, out, _ = await walkbot(database_url, "outbox", "retry")
    assert code == 0 and "re-queued 1 parked write(s)" in out
    assert await statuses(db) == ["pending"]
    code, out, _ = await walkbot(database_url, "outbox", "deliver", env=env)
    assert code == 0 and "delivered 1" in out
    assert await statuses(db) == ["delivered"] and len(cw.posted_notes(123)) == 1
    code, out, _ = await walkbot(database_url, "outbox", "retry", "999")
    assert code == 1 and "nothing parked to retry" in out


@pytest.mark.slow
async def test_two_worker_processes_never_deliver_the_same_row_twice(db, database_url, cw):
    for number in range(1, 25):
        cw.add_ticket(number, f"Ticket {number}")
        await finish_walk(db, str(number))
    cw.hold_posts = 2  # each process's first note waits for the other's: they provably run at once
    cw.delay = 0.01
    first, second = await asyncio.gather(
        walkbot(database_url, "outbox", "deliver", env=cw.env()),
        walkbot(database_url, "outbox", "deliver", env=cw.env()),
    )
    counts = []
    for code, out, err in (first, second):
        assert code == 0, err
        counts.append(int(out.split("delivered ")[1].split(",")[0]))
    assert sum(counts) == 24 and min(counts) > 0
    assert [len(cw.posted_notes(n)) for n in range(1, 25)] == [1] * 24
    assert await statuses(db) == ["delivered"] * 24
