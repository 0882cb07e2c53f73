"""A step click rewrites no index entry (storage.queries.sessions: LAST_STEP_RESOLUTION, INDEXED_STATE).

Every click rewrites its walk's row. PostgreSQL keeps the new version on the same page without new index
entries (a HOT update) only when no indexed column changed and the page has room: last_step_at moves at
most once a minute while the status stays, no index holds any other column a step changes, and the table
leaves room on its pages (migration 0014)."""

import asyncio
import re
from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from storage.database import create_engine
from storage.queries import sessions
from tests.storage.walks import adhoc_walk, clicked, write_click


async def _stored_last_step_at(engine, walk) -> datetime:
    async with engine.connect() as conn:
        return await conn.scalar(text("SELECT last_step_at FROM l1_walk_sessions WHERE id = :id"), {"id": walk.id})


async def _set_last_step_at(engine, walk, at: datetime) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text("UPDATE l1_walk_sessions SET last_step_at = :at WHERE id = :id"), {"at": at, "id": walk.id}
        )


async def test_a_step_within_a_minute_of_the_last_keeps_last_step_at_and_the_copy_in_memory_agrees(db, db_engine):
    walk = (await adhoc_walk(db))[2]
    before = await _stored_last_step_at(db_engine, walk)

    first = await write_click(db_engine, await clicked(db_engine, walk), {"current_node_id": "n2", "revision": 1})
    second = await write_click(db_engine, first.now, {"current_node_id": "n3", "revision": 2})

    assert first.written and second.written
    assert await _stored_last_step_at(db_engine, walk) == before
    assert second.now.session.last_step_at == before  # the next click steps from what is stored


async def test_a_step_a_minute_after_the_last_moves_last_step_at_to_its_time(db, db_engine):
    walk = (await adhoc_walk(db))[2]
    await _set_last_step_at(db_engine, walk, datetime.now(UTC) - sessions.LAST_STEP_RESOLUTION - timedelta(seconds=1))
    clicked_at = datetime.now(UTC)

    written = await write_click(db_engine, await clicked(db_engine, walk), {"current_node_id": "n2", "revision": 1})

    stored = await _stored_last_step_at(db_engine, walk)
    assert written.written and clicked_at <= stored <= datetime.now(UTC)
    assert written.now.session.last_step_at == stored


async def test_a_status_change_writes_its_exact_time_even_within_the_minute(db, db_engine):
    walk = (await adhoc_walk(db))[2]
    before = await _stored_last_step_at(db_engine, walk)
    await asyncio.sleep(0.01)

    written = await write_click(db_engine, await clicked(db_engine, walk), {"status": "abandoned", "revision": 1})

    stored = await _stored_last_step_at(db_engine, walk)
    assert written.written and stored > before  # when the walk ended: its PSA note and the queue read this
    assert written.now.session.last_step_at == stored


def test_next_last_step_at_moves_after_the_resolution_or_on_a_status_change_only():
    now = datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
    recent, old = now - timedelta(seconds=59), now - timedelta(seconds=60)
    assert sessions.next_last_step_at(recent, now, {"current_node_id", "revision"}) == recent
    assert sessions.next_last_step_at(old, now, {"current_node_id", "revision"}) == now
    assert sessions.next_last_step_at(recent, now, {"status", "revision"}) == now
    assert sessions.next_last_step_at(None, now, {"revision"}) == now


async def test_no_index_holds_engine_state_but_the_status_and_the_kind(db_engine):
    async with db_engine.connect() as conn:
        definitions = (
            await conn.scalars(
                text("SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = 'l1_walk_sessions'::regclass")
            )
        ).all()
    indexed = {word for definition in definitions for word in re.findall(r"\w+", definition)}

    assert indexed & set(sessions.STATE_COLUMNS) == sessions.INDEXED_STATE
    assert "last_step_at" in indexed  # why it moves only once a minute


async def test_the_walk_table_leaves_room_on_its_pages_for_updates(db_engine):
    async with db_engine.connect() as conn:
        options = await conn.scalar(text("SELECT reloptions FROM pg_class WHERE oid = 'l1_walk_sessions'::regclass"))
    assert "fillfactor=90" in options


async def test_steps_within_a_minute_are_hot_updates(db, database_url):
    """PostgreSQL's own count: the clicks' updates added no index entries. A backend reports its counts when
    it exits, so the clicks run on an engine of their own that is closed before reading."""
    walk = (await adhoc_walk(db))[2]
    engine = create_engine(database_url, pool_size=1)
    reader = create_engine(database_url, pool_size=1)
    counts = text("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relid = 'l1_walk_sessions'::regclass")
    try:
        async with reader.connect() as conn:
            updates_before, hot_before = (await conn.execute(counts)).one()
        read = await clicked(engine, walk)
        for revision in range(1, 6):
            read = (await write_click(engine, read, {"current_node_id": f"n{revision}", "revision": revision})).now
        await engine.dispose()
        for _ in range(100):
            async with reader.connect() as conn:
                await conn.execute(text("SELECT pg_stat_clear_snapshot()"))
                updates, hot = (await conn.execute(counts)).one()
            if updates - updates_before >= 5:
                break
            await asyncio.sleep(0.05)
    finally:
        await engine.dispose()
        await reader.dispose()

    assert (updates - updates_before, hot - hot_before) == (5, 5)
