"""Account bootstrap, event de-duplication, flow versions and escalation claims, on real PostgreSQL."""

import asyncio
import uuid

import pytest

from storage.driver import driver_connection
from storage.models import L1WalkSession
from storage.queries import accounts, escalations, sessions, slack_events, trees
from tests.storage.walks import adhoc_walk, clicked, write_click


async def test_first_workspace_adopts_the_account_the_cli_created(db):
    async with db.begin() as s:
        local = await accounts.cli_account(s)
    async with db.begin() as s:
        adopted = await accounts.account_for_team(s, "T1", name="Acme IT")
    assert adopted.id == local.id and adopted.slack_team_id == "T1"
    async with db.begin() as s:
        second = await accounts.account_for_team(s, "T2")
    assert second.id != local.id


async def test_users_are_created_once_per_account_and_keep_their_role(db):
    async with db.begin() as s:
        account = await accounts.account_for_team(s, "T1")
        first = await accounts.user_for_slack_id(s, account.id, "U1", role="admin")
        again = await accounts.user_for_slack_id(s, account.id, "U1", role="l1")
    assert first.id == again.id and again.role == "admin"


async def test_a_redelivered_event_id_is_claimed_only_once(db):
    async with db.begin() as s:
        assert await slack_events.claim_event(s, "Ev1", "T1") is True
    async with db.begin() as s:
        assert await slack_events.claim_event(s, "Ev1", "T1") is False


async def test_publishing_numbers_versions_and_latest_skips_archived(db):
    async with db.begin() as s:
        account = await accounts.account_for_team(s, "T1")
        for fp in ("a", "b"):
            await trees.publish(s, account.id, slug="vpn", title="VPN", category="vpn", definition={}, fingerprint=fp)
        await trees.publish(
            s, account.id, slug="printer", title="P", category="printer", definition={}, fingerprint="p"
        )
    async with db.begin() as s:
        latest = await trees.latest_published(s, account.id)
        assert [(t.slug, t.version) for t in latest] == [("printer", 1), ("vpn", 2)]
        assert await trees.archive(s, account.id, "vpn") == 2
    async with db.begin() as s:
        assert [t.slug for t in await trees.latest_published(s, account.id)] == ["printer"]


async def _escalated_walk(db):
    """An escalated walk whose handoff card is in CENG, waiting for an engineer."""
    account, _, walk = await adhoc_walk(db, status="escalated")
    async with db.begin() as s:
        await escalations.record_handoff(s, walk.id, account.id, "CENG", "1.1")
    return account, walk


async def test_two_engineers_picking_up_at_once_make_exactly_one_claim(db):
    account, walk = await _escalated_walk(db)
    async with db.begin() as s:
        eng_a = await accounts.user_for_slack_id(s, account.id, "UA", role="engineer")
        eng_b = await accounts.user_for_slack_id(s, account.id, "UB", role="engineer")

    async def pick(user):
        async with db.begin() as s:
            return await escalations.claim(s, account.id, walk.id, user.id)

    a, b = await asyncio.gather(pick(eng_a), pick(eng_b))
    assert sorted([a.won, b.won]) == [False, True]
    winner = eng_a if a.won else eng_b
    assert a.picked_up_by_user_id == b.picked_up_by_user_id == winner.id


async def test_a_claim_from_another_account_finds_nothing(db):
    _, walk = await _escalated_walk(db)
    async with db.begin() as s:
        other = await accounts.account_for_team(s, "T2")
    async with db.begin() as s:
        assert await escalations.claim(s, other.id, walk.id, uuid.uuid4()) is None


async def test_a_click_reads_the_walk_with_the_clickers_account_user_and_current_role(db, db_engine):
    account, tech, walk = await adhoc_walk(db)
    async with driver_connection(db_engine) as conn:
        clicked = await sessions.clicked_walk(conn, "T1", "U1", walk.id)
    assert (clicked.account_id, clicked.user_id, clicked.role) == (account.id, tech.id, "l1")
    assert (clicked.session.id, clicked.session.revision, clicked.session.current_node_id) == (walk.id, 0, "n1")
    async with db.begin() as s:
        await accounts.set_role_by_admin(s, account.id, "U1", "engineer")
    async with driver_connection(db_engine) as conn:
        assert (await sessions.clicked_walk(conn, "T1", "U1", walk.id)).role == "engineer"


async def test_a_click_reads_every_column_of_the_walk_as_the_orm_does(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    async with db.begin() as s:
        stored = await sessions.get_session(s, walk.account_id, walk.id)
        stored.walked_path = [{"node_id": "n1", "answer": "yes", "at": "2026-12-01T06:00:00+00:00"}]
        stored.pending_node = {"type": "question", "options": [{"id": "a"}]}
        stored.ticket_snapshot = {"summary": "Printer offline", "company": "Acme"}
    async with db() as s:
        expected = await sessions.get_session(s, walk.account_id, walk.id)
    async with driver_connection(db_engine) as conn:
        read = (await sessions.clicked_walk(conn, "T1", "U1", walk.id)).session
    columns = [c.key for c in L1WalkSession.__table__.c]
    assert {c: getattr(read, c) for c in columns} == {c: getattr(expected, c) for c in columns}


async def test_a_click_finds_nothing_for_a_stranger_another_workspace_or_a_missing_walk(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    await adhoc_walk(db, team="T2")
    async with driver_connection(db_engine) as conn:
        assert await sessions.clicked_walk(conn, "T1", "U_NEW", walk.id) is None  # first contact: no user row yet
        assert await sessions.clicked_walk(conn, "T2", "U1", walk.id) is None  # T2's U1 can't reach T1's walk
        assert await sessions.clicked_walk(conn, "T1", "U1", uuid.uuid4()) is None


async def test_two_clicks_read_at_one_version_write_once_and_the_loser_gets_the_walk_as_it_is_now(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    first, second = await clicked(db_engine, walk), await clicked(db_engine, walk)

    won = await write_click(db_engine, first, {"current_node_id": "n2", "revision": 1})
    lost = await write_click(db_engine, second, {"current_node_id": "n3", "revision": 1})

    async with db() as s:
        stored = await sessions.get_session(s, walk.account_id, walk.id)
    assert (stored.current_node_id, stored.revision) == ("n2", 1)
    assert won.written and (won.now.session.current_node_id, won.now.session.revision) == ("n2", 1)
    assert won.now.walk_version != first.walk_version  # the copy in hand is at the version it wrote
    assert (first.session.current_node_id, second.session.current_node_id) == ("n2", "n1")
    assert not lost.written and (lost.now.session.current_node_id, lost.now.session.revision) == ("n2", 1)
    assert lost.now.walk_version == won.now.walk_version  # read by the same statement, after the winner


async def test_a_click_written_from_the_walk_it_wrote_needs_no_read_in_between(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    first = await write_click(db_engine, await clicked(db_engine, walk), {"current_node_id": "n2", "revision": 1})

    again = await write_click(db_engine, first.now, {"current_node_id": "n3", "revision": 2})

    assert again.written
    assert (await clicked(db_engine, walk)).walk_version == again.now.walk_version


async def test_a_clicks_write_stores_json_as_the_orm_does(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    path = [{"node_id": "n1", "answer": "It worked", "note": None}]
    written = {"walked_path": path, "pending_node": None, "revision": 1}
    assert (await write_click(db_engine, await clicked(db_engine, walk), written)).written
    async with db_engine.connect() as conn:
        row = (
            await conn.exec_driver_sql(
                "SELECT walked_path, jsonb_typeof(pending_node), revision FROM l1_walk_sessions WHERE id = %(id)s",
                {"id": walk.id},
            )
        ).one()
    # pending_node None is JSON null, as the ORM's JSONB column writes it (none_as_null is off)
    assert tuple(row) == (path, "null", 1)


async def test_a_take_over_between_a_clicks_read_and_its_write_refuses_the_write(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    read = await clicked(db_engine, walk)
    async with db.begin() as s:  # a take-over changes the holder, not the revision
        (await sessions.lock_session(s, walk.account_id, walk.id)).acting_as = "l1_coverage"

    result = await write_click(db_engine, read, {"current_node_id": "n2", "revision": 1})

    assert not result.written and result.now.session.acting_as == "l1_coverage"
    async with db() as s:
        assert (await sessions.get_session(s, walk.account_id, walk.id)).current_node_id == "n1"


async def test_a_thread_note_between_a_clicks_read_and_its_write_is_never_written_over(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    read = await clicked(db_engine, walk)
    note = {"source_id": "thread:1.2", "text": "User says the light is amber", "node_id": "n1"}
    async with db.begin() as s:  # a note changes the walk's notes, not its revision
        (await sessions.lock_session(s, walk.account_id, walk.id)).walk_notes = [note]

    result = await write_click(db_engine, read, {"walk_notes": [], "current_node_id": "n2", "revision": 1})

    assert not result.written and result.now.session.walk_notes == [note]
    async with db() as s:
        assert (await sessions.get_session(s, walk.account_id, walk.id)).walk_notes == [note]


async def test_a_role_change_between_a_clicks_read_and_its_write_refuses_the_write(db, db_engine):
    account, _, walk = await adhoc_walk(db)
    read = await clicked(db_engine, walk)
    async with db.begin() as s:
        await accounts.set_role_by_admin(s, account.id, "U1", "engineer")

    result = await write_click(db_engine, read, {"current_node_id": "n2", "revision": 1})

    assert not result.written and result.now.role == "engineer"


async def test_a_click_on_a_walk_that_is_gone_finds_nothing_to_write_or_read(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    read = await clicked(db_engine, walk)
    async with db.begin() as s:
        await sessions.delete_unstarted(s, walk.account_id, walk.id)

    result = await write_click(db_engine, read, {"current_node_id": "n2", "revision": 1})

    assert result == sessions.ClickWritten(False, None)


async def test_only_engine_state_is_written_by_a_click(db, db_engine):
    _, _, walk = await adhoc_walk(db)
    read = await clicked(db_engine, walk)
    with pytest.raises(KeyError):
        await write_click(db_engine, read, {"created_by_user_id": uuid.uuid4()})
