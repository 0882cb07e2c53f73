"""No database connection waits on the network: a hanging PSA or Claude never starves the pool.

walkbot runs with a two-connection pool and no overflow. While many requests wait on a PSA or
Claude that hangs, no pooled connection is checked out and /healthz still answers; when the
services answer, every request completes on those two connections. The AI step's marker keeps
one paid call per node without holding the walk's row lock, and expires if its holder dies.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator

import aiohttp
import pytest
from sqlalchemy import select, text

from bot.rendering import action_ids as ids
from bot.walks.ai_steps import node_marker, serve_next_node
from storage.models.walk_session import L1WalkSession
from tests.fakes.anthropic import FakeAnthropic
from tests.harness.app import start_walkbot
from tests.harness.driver import SlackDriver
from tests.slack.conftest import TEAM
from tests.slack.test_ai_e2e import BROWSER_TICKET, button, node

IN_FLIGHT = 12  # intake requests waiting on the PSA at once, six times the pool
HANG = 3.0  # seconds the PSA / Claude take to answer


@pytest.fixture
async def anthropic_fake() -> AsyncIterator[FakeAnthropic]:
    async with FakeAnthropic() as fake:
        yield fake


@pytest.fixture
async def small_pool_walkbot(database_url, fake_slack, connectwise, anthropic_fake, db, published):
    for i in range(IN_FLIGHT):
        connectwise.add_ticket(5000 + i, f"Printer offline {i}", description="The printer shows offline.")
    connectwise.add_ticket(BROWSER_TICKET, "Chrome shows an old intranet page", description="Old page.")
    env = {
        **connectwise.env(),
        "ANTHROPIC_API_KEY": anthropic_fake.api_key,
        "ANTHROPIC_BASE_URL": anthropic_fake.base_url,
        "WALKBOT_AI_TIMEOUT_SECONDS": "20",
        "WALKBOT_DB_POOL_SIZE": "2",
        "WALKBOT_DB_MAX_OVERFLOW": "0",
    }
    running = await start_walkbot(database_url, fake_slack, env=env)
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
async def tech(small_pool_walkbot, fake_slack) -> AsyncIterator[SlackDriver]:
    async with SlackDriver(small_pool_walkbot.url, small_pool_walkbot.signing_secret, TEAM, fake_slack) as driver:
        yield driver


async def until(condition, what: str, seconds: float = 10.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"never happened: {what}")


async def healthz(url: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(f"{url}/healthz") as response:
        return response.status, await response.json()


async def test_intake_requests_waiting_on_a_hanging_psa_hold_no_connection(
    small_pool_walkbot, tech, fake_slack, connectwise
):
    pool = small_pool_walkbot.runtime.engine.pool
    assert pool.size() == 2 and pool._max_overflow == 0  # noqa: SLF001 - the setting under test
    connectwise.delay = HANG
    for i in range(IN_FLIGHT):
        status, _ = await tech.slash(str(5000 + i))
        assert status == 200
    await until(lambda: len(connectwise.requests_to("GET", "/service/tickets/")) >= IN_FLIGHT, "every lookup sent")
    assert pool.checkedout() == 0
    status, body = await asyncio.wait_for(healthz(small_pool_walkbot.url), timeout=HANG / 2)
    assert (status, body) == (200, {"ok": True, "database": "ok"})
    assert fake_slack.calls_to("chat.postMessage") == []  # the lookups really are still hanging
    intake_cards = await fake_slack.wait_for("chat.postMessage", count=IN_FLIGHT, timeout=30)
    posted = " ".join(str(c.args["blocks"]) for c in intake_cards)
    assert all(f"#{5000 + i}" in posted for i in range(IN_FLIGHT))
    assert fake_slack.responses == []  # nobody was told of a failure


async def ai_walk_waiting_for_its_first_node(tech, fake_slack, anthropic_fake, db) -> L1WalkSession:
    """An AI walk whose first node failed (Claude 500): no node, the card offers Retry."""
    anthropic_fake.reply_tool_use({"category": "browser"})
    await tech.slash(str(BROWSER_TICKET))
    card = (await fake_slack.wait_for("chat.postMessage"))[0]
    anthropic_fake.fail_server_error()
    ai = button(card.args["blocks"], ids.START_AI)
    await tech.click(ids.START_AI, ai["value"], channel_id=card.response["channel"], message_ts=card.response["ts"])
    await fake_slack.wait_for("chat.update", where=lambda c: ids.AI_RETRY in str(c.args.get("blocks")))
    async with db() as session:
        walk = await session.scalar(select(L1WalkSession))
    assert walk.pending_node is None and len(anthropic_fake.requests) == 2
    return walk


async def test_a_hanging_claude_call_holds_no_connection_and_no_row_lock(
    small_pool_walkbot, tech, fake_slack, anthropic_fake, db
):
    walk = await ai_walk_waiting_for_its_first_node(tech, fake_slack, anthropic_fake, db)
    anthropic_fake.reply_tool_use(node(), delay=HANG)
    runtime, client = small_pool_walkbot.runtime, small_pool_walkbot.bolt.client
    serving = asyncio.create_task(serve_next_node(runtime, client, walk.account_id, walk.id))
    await until(lambda: len(anthropic_fake.requests) == 3, "the node call sent")
    # A card's revision check may hold a connection for one short read after an update lands; a connection
    # held through the call would stay out for all of HANG.
    await until(lambda: runtime.engine.pool.checkedout() == 0, "no connection out during the call", HANG / 2)
    assert not serving.done()
    assert (await asyncio.wait_for(healthz(small_pool_walkbot.url), timeout=HANG / 2))[0] == 200
    async with db.begin() as session:  # the row is not locked: NOWAIT would fail if it were
        await session.execute(text("SELECT id FROM l1_walk_sessions WHERE id = :id FOR UPDATE NOWAIT"), {"id": walk.id})
    await serving
    async with db() as session:
        served = await session.get(L1WalkSession, walk.id)
    assert served.pending_node is not None and served.pending_node["text"] == node()["text"]


async def test_two_requests_for_the_same_step_pay_for_one_call(
    small_pool_walkbot, tech, fake_slack, anthropic_fake, db
):
    walk = await ai_walk_waiting_for_its_first_node(tech, fake_slack, anthropic_fake, db)
    anthropic_fake.reply_tool_use(node(), delay=0.5)
    anthropic_fake.reply_tool_use(node(text="A second, paid-for question"))
    runtime, client = small_pool_walkbot.runtime, small_pool_walkbot.bolt.client
    await asyncio.gather(*(serve_next_node(runtime, client, walk.account_id, walk.id) for _ in range(3)))
    assert len(anthropic_fake.requests) == 3  # intake classification, the failed call, one node call
    async with db() as session:
        served = await session.get(L1WalkSession, walk.id)
    assert served.pending_node["text"] == node()["text"]


async def test_a_marker_left_by_a_dead_process_expires(small_pool_walkbot, tech, fake_slack, anthropic_fake, db):
    walk = await ai_walk_waiting_for_its_first_node(tech, fake_slack, anthropic_fake, db)
    runtime, client = small_pool_walkbot.runtime, small_pool_walkbot.bolt.client
    anthropic_fake.reply_tool_use(node())
    claim = text(
        "INSERT INTO slack_events (event_id, team_id, received_at) VALUES (:key, 'ai', now() - CAST(:age AS interval))"
    )
    # A process claimed the step a moment ago and is still calling Claude: this request leaves it to it.
    async with db.begin() as session:
        await session.execute(claim, {"key": node_marker(walk), "age": "1 second"})
    await serve_next_node(runtime, client, walk.account_id, walk.id)
    assert len(anthropic_fake.requests) == 2
    # That process died: once the marker is older than Claude's timeout plus the expiry, the step is built.
    async with db.begin() as session:
        await session.execute(text("DELETE FROM slack_events WHERE event_id = :key"), {"key": node_marker(walk)})
        await session.execute(claim, {"key": node_marker(walk), "age": "10 minutes"})
    await serve_next_node(runtime, client, walk.account_id, walk.id)
    assert len(anthropic_fake.requests) == 3
    async with db() as session:
        served = await session.get(L1WalkSession, walk.id)
    assert served.pending_node is not None


def test_node_markers_differ_per_step():
    walk = L1WalkSession(id=uuid.uuid4(), revision=3, walked_path=[{}, {}])
    moved = L1WalkSession(id=walk.id, revision=4, walked_path=[{}, {}, {}])
    assert node_marker(walk) != node_marker(moved)
