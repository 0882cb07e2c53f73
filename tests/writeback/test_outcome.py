"""A resolved or escalated walk queues exactly one note, committed together with the outcome."""

import pytest
from sqlalchemy import func, select

from bot.psa.client import marker
from bot.psa.models import NoteWrite, TimeEntryWrite
from bot.psa.writeback_settings import WritebackSettings
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
    assert note.resolution is False and note.internal is True
    assert (note.author_name, note.author_slack_id) == ("Jane", "U1")
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
    assert status.payload == {
        "status": "Completed",
        "author_slack_id": "U1",
        "resolution": "Resolved with walkbot (see internal note).",
    }
    assert status.idempotency_key == f"{walk_id}:resolved:status"


async def test_resolution_text_is_queued_for_connectwise_only_when_the_account_allows_it(db):
    await finish_walk(db, writeback=WritebackSettings(status_on_resolve="Completed"))
    assert [r.kind for r in await rows(db)] == ["note", "status"]
    assert (await rows(db))[1].payload["resolution"] == "Resolved with walkbot (see internal note)."


async def test_with_resolution_text_on_the_technicians_words_go_to_the_resolution_section(db):
    walk_id = await finish_walk(db, writeback=WritebackSettings(status_on_resolve="Completed", resolution_text=True))
    note, resolution, status = await rows(db)
    assert resolution.kind == "resolution" and resolution.idempotency_key == f"{walk_id}:resolved:resolution"
    text = NoteWrite(**resolution.payload)
    assert (text.text, text.resolution, text.internal) == ("Cleared the jam", True, False)
    assert status.payload["resolution"] == "Cleared the jam"


async def test_autotask_and_halo_get_no_resolution_note_even_when_allowed(db):
    await finish_walk(db, psa_kind="autotask", writeback=WritebackSettings(resolution_text=True))
    assert [r.kind for r in await rows(db)] == ["note"]


async def test_escalating_moves_the_ticket_to_the_configured_status(db):
    walk_id = await finish_walk(db, status="escalated", writeback=WritebackSettings(status_on_escalate="Escalated"))
    note, status = await rows(db)
    assert status.payload == {"status": "Escalated", "author_slack_id": "U1"}
    assert status.idempotency_key == f"{walk_id}:escalated:status"


async def test_time_is_queued_only_when_the_account_logs_time(db):
    await finish_walk(db, "1")
    walk_id = await finish_walk(
        db, "2", writeback=WritebackSettings(time_entries=True, time_billable=True, work_type="Remote Support")
    )
    entries = [r for r in await rows(db) if r.kind == "time_entry"]
    assert [e.ticket_id for e in entries] == ["2"]
    entry = TimeEntryWrite(**entries[0].payload)
    assert entry.billable and entry.work_type == "Remote Support" and 11.9 < entry.hours * 60 < 12.1
    assert entry.notes.endswith(marker(f"{walk_id}:resolved:time"))


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
