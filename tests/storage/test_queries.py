"""Account bootstrap, event de-duplication, flow versions and escalation claims, on real PostgreSQL."""

import asyncio
import uuid

from storage.queries import accounts, escalations, sessions, slack_events, trees


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


async def test_two_engineers_picking_up_at_once_make_exactly_one_claim(db):
    async with db.begin() as s:
        account = await accounts.account_for_team(s, "T1")
        tech = await accounts.user_for_slack_id(s, account.id, "U1")
        eng_a = await accounts.user_for_slack_id(s, account.id, "UA", role="engineer")
        eng_b = await accounts.user_for_slack_id(s, account.id, "UB", role="engineer")
        walk = await sessions.create_session(
            s,
            account_id=account.id,
            created_by_user_id=tech.id,
            ticket_id="1",
            ticket_kind="psa",
            session_kind="adhoc",
            status="escalated",
        )
        await escalations.record_handoff(s, walk.id, account.id, "CENG", "1.1")

    async def pick(user):
        async with db.begin() as s:
            return await escalations.claim(s, account.id, walk.id, user.id)

    a, b = await asyncio.gather(pick(eng_a), pick(eng_b))
    assert sorted([a.won, b.won]) == [False, True]
    winner = eng_a if a.won else eng_b
    assert a.picked_up_by_user_id == b.picked_up_by_user_id == winner.id


async def test_a_claim_from_another_account_finds_nothing(db):
    async with db.begin() as s:
        account = await accounts.account_for_team(s, "T1")
        other = await accounts.account_for_team(s, "T2")
        tech = await accounts.user_for_slack_id(s, account.id, "U1")
        walk = await sessions.create_session(
            s,
            account_id=account.id,
            created_by_user_id=tech.id,
            ticket_id="1",
            ticket_kind="psa",
            session_kind="adhoc",
            status="escalated",
        )
        await escalations.record_handoff(s, walk.id, account.id, "CENG", "1.1")
    async with db.begin() as s:
        assert await escalations.claim(s, other.id, walk.id, uuid.uuid4()) is None
