"""A resolved or escalated walk queues exactly one note, committed together with the outcome."""

import pytest
from sqlalchemy import func, select

from bot.psa.client import marker
from bot.psa.models import NoteWrite
from bot.writeback.outcome import enqueue_outcome
from storage.models import L1WalkSession, PsaOutbox
from storage.queries import outbox
from tests.writeback.conftest import finish_walk


async def rows(db):
    async with db() as s:
        return list(await s.scalars(select(PsaOutbox).order_by(PsaOutbox.id)))


async def test_resolving_queues_one_note_that_tells_the_walk_and_ends_with_its_marker(db):
    walk_id = await finish_walk(db)
    (row,) = await rows(db)
    assert (row.psa_kind, row.ticket_id, row.kind, row.status) == ("connectwise", "123", "note", "pending")
    assert row.idempotency_key == f"{walk_id}:resolved"
    note = NoteWrite(**row.payload)
    assert note.resolution is True and note.internal is True
    assert "1. Is the printer online? → No" in note.text and "Resolution: Cleared the jam" in note.text
    assert note.text.endswith(marker(f"{walk_id}:resolved"))
    assert note.title == "walkbot: Printer offline — resolved"


async def test_an_escalated_walk_queues_an_internal_note_with_the_reason_and_no_status_change(db):
    await finish_walk(db, status="escalated", status_on_resolve="Completed")
    (row,) = await rows(db)
    note = NoteWrite(**row.payload)
    assert "Escalated: tray sensor broken" in note.text and note.resolution is False


async def test_a_configured_status_on_resolve_queues_a_status_write_after_the_note(db):
    walk_id = await finish_walk(db, status_on_resolve="Completed")
    note, status = await rows(db)
    assert (note.kind, status.kind) == ("note", "status")
    assert status.payload == {"status": "Completed"} and status.idempotency_key == f"{walk_id}:resolved:status"


@pytest.mark.parametrize("where", [{"ticket_kind": "internal"}, {"psa_kind": "none"}, {"status": "abandoned"}])
async def test_internal_tickets_walks_without_a_psa_and_abandoned_walks_write_nothing(db, where):
    await finish_walk(db, **where)
    assert await rows(db) == []


async def test_the_same_outcome_enqueued_twice_is_one_write(db):
    walk_id = await finish_walk(db)
    async with db.begin() as s:
        walk = await s.get(L1WalkSession, walk_id)
        await enqueue_outcome(s, walk, psa_kind="connectwise", flow_title="Printer offline", technician="Jane")
    assert len(await rows(db)) == 1


async def test_an_outcome_rolled_back_leaves_no_note_behind(db):
    walk_id = await finish_walk(db, status="escalated")
    with pytest.raises(RuntimeError):
        async with db.begin() as s:
            walk = await s.get(L1WalkSession, walk_id)
            walk.status = "resolved"
            await enqueue_outcome(s, walk, psa_kind="connectwise", flow_title=None, technician="Jane")
            raise RuntimeError("the click failed before commit")
    async with db() as s:
        assert (await s.get(L1WalkSession, walk_id)).status == "escalated"
        assert await s.scalar(select(func.count()).select_from(PsaOutbox)) == 1
        assert [w.idempotency_key for w in await outbox.writes_of_session(s, walk_id)] == [f"{walk_id}:escalated"]
