"""An uninstalled workspace's background work stops: its PSA writes wait (kept, not sent) and its idle walks are
left alone; reinstalled, its writes go out."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update

from bot.psa.resolver import OnePSA
from bot.writeback.worker import deliver_due
from storage.models import Account, L1WalkSession, PsaOutbox
from storage.queries import accounts, sessions
from tests.writeback.conftest import cw_client, finish_walk, make_due


async def test_writes_of_an_inactive_account_wait_until_it_is_installed_again(db, cw, http):
    cw.add_ticket(123, "Printer offline")
    await finish_walk(db)
    async with db.begin() as s:
        assert await accounts.deactivate_team(s, "T1")
    await make_due(db)
    report = await deliver_due(db, OnePSA(cw_client(cw, http)))
    assert report.delivered == [] and cw.posted_notes(123) == []
    async with db() as s:
        assert (await s.scalar(select(PsaOutbox.status))) == "pending"
    async with db.begin() as s:
        await s.execute(update(Account).values(active=True, deactivated_at=None))
    assert len((await deliver_due(db, OnePSA(cw_client(cw, http)))).delivered) == 1
    assert len(cw.posted_notes(123)) == 1


async def test_idle_walks_of_an_inactive_account_are_not_touched(db):
    walk_id = await finish_walk(db, status="resolved")
    async with db.begin() as s:
        await s.execute(
            update(L1WalkSession).values(status="active", last_step_at=datetime.now(UTC) - timedelta(days=2))
        )
        assert await accounts.deactivate_team(s, "T1")
    async with db.begin() as s:
        assert await sessions.abandon_idle(s, datetime.now(UTC) - timedelta(hours=1)) == []
        assert (await s.get(L1WalkSession, walk_id)).status == "active"
