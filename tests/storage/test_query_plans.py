"""Every request-path lookup is served by an index, not a scan of the account's history.

Each test writes a history of past walks into one account (bench/history.py, the data
bench/scale.py times), ANALYZEs it, runs the real query function while recording the SQL it
sends, and asserts the planner's plan for that exact SQL reads the index meant for it.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any

import psycopg
import pytest
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from bench.history import HISTORY_CHANNEL_PREFIX, HISTORY_USER_PREFIX, SPAN_DAYS, seed_history
from storage.database import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.queries import escalations, insights, proposals, sessions, trees
from tests.conftest import create_throwaway_database, drop_database

HISTORY = 30_000  # enough that a scan of the account costs far more than an index probe


@pytest.fixture(scope="module")
def history_url() -> Iterator[str]:
    """A database of its own, seeded once for the module (the run's database is emptied after every test)."""
    url = create_throwaway_database("walkbot_plans")
    try:
        upgrade(url)
        yield url
    finally:
        drop_database(url)


@pytest.fixture(scope="module")
def history(history_url):
    with psycopg.connect(history_url, autocommit=True) as conn:
        account = conn.execute(
            "INSERT INTO accounts (id, slack_team_id, created_at) VALUES (gen_random_uuid(), 'T_PLANS', now()) "
            "RETURNING id"
        ).fetchone()[0]
        seed_history(history_url, account, HISTORY, analyze=False)
        user = conn.execute(
            "SELECT id FROM users WHERE account_id = %s AND slack_user_id = %s", (account, f"{HISTORY_USER_PREFIX}7")
        ).fetchone()[0]
        # Drafts distilled from past walks (one in fifty walks left one).
        conn.execute(
            "INSERT INTO flow_proposals (id, account_id, slug, title, definition, source, l1_session_id, created_at) "
            "SELECT gen_random_uuid(), account_id, 'draft-' || row_number() OVER (), 'Draft', '{}', 'adhoc', id, now() "
            "FROM l1_walk_sessions WHERE account_id = %s AND session_kind = 'adhoc' AND status = 'resolved' "
            "AND abs(hashtext(id::text)) %% 50 = 0",
            (account,),
        )
        conn.execute("ANALYZE")
    return account, user


@pytest.fixture(scope="module")
async def engine(history_url) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(history_url, pool_size=1)
    yield engine
    await engine.dispose()


@pytest.fixture
def db(engine):
    return create_session_factory(engine)


async def plans_of(
    engine: AsyncEngine, db, run: Callable[[AsyncSession], Awaitable[Any]], *, small_tables: bool = False
) -> list[str]:
    """The planner's plan of every statement ``run`` sends, EXPLAINed with the same parameters.

    ``small_tables``: the statement also reads tables this history keeps small (handoffs, drafts),
    which the planner rightly scans whole; with sequential scans priced out, the plan shows
    whether an index exists that serves the lookup once they grow.
    """
    sent: list[tuple[str, Any]] = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        sent.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        async with db() as session:
            await run(session)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    plans = []
    async with engine.connect() as conn:
        if small_tables:
            await conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, parameters in sent:
            if statement.startswith("SET LOCAL "):  # a report's planner settings: plan as it ran
                await conn.exec_driver_sql(statement, parameters)
                continue
            rows = await conn.exec_driver_sql("EXPLAIN " + statement, parameters)
            plans.append("\n".join(r[0] for r in rows))
        await conn.rollback()
        await conn.exec_driver_sql("RESET enable_seqscan")
    return plans


def assert_reads_index(plans: list[str], index: str) -> None:
    assert plans, "the query sent no SQL"
    plan = "\n".join(plans)
    assert index in plan, plan
    assert "Seq Scan on l1_walk_sessions" not in plan, plan


async def test_a_thread_reply_finds_its_walk_by_the_card_index(engine, db, history):
    account, _ = history
    plans = await plans_of(
        engine,
        db,
        lambda s: sessions.lock_session_for_message(s, account, f"{HISTORY_CHANNEL_PREFIX}3", "1500012003.000100"),
    )
    assert_reads_index(plans, "ix_l1_walk_sessions_card")


async def test_an_internal_tickets_last_snapshot_is_found_by_the_ticket_index(engine, db, history):
    account, _ = history
    plans = await plans_of(engine, db, lambda s: sessions.latest_ticket_snapshot(s, account, "INT-40", "internal"))
    assert_reads_index(plans, "ix_l1_walk_sessions_ticket")


async def test_a_technicians_active_walks_are_read_from_the_partial_index(engine, db, history):
    account, user = history
    plans = await plans_of(engine, db, lambda s: sessions.active_sessions_of_user(s, account, user))
    assert_reads_index(plans, "ix_l1_walk_sessions_active_by_user")


async def test_the_idle_sweep_reads_only_active_walks(engine, db, history):
    from datetime import UTC, datetime, timedelta

    plans = await plans_of(engine, db, lambda s: sessions.abandon_idle(s, datetime.now(UTC) - timedelta(days=1)))
    assert_reads_index(plans, "ix_l1_walk_sessions_active_idle")


async def test_the_escalation_queue_reads_the_partial_index_and_the_handoffs_by_key(engine, db, history):
    account, _ = history
    plans = await plans_of(engine, db, lambda s: escalations.escalation_queue(s, account))
    assert_reads_index(plans, "ix_l1_walk_sessions_escalated")
    joined = await plans_of(engine, db, lambda s: escalations.escalation_queue(s, account), small_tables=True)
    assert "pk_escalations" in "\n".join(joined), joined
    assert "pk_users" in "\n".join(joined), joined


async def test_a_walk_is_locked_by_its_primary_key(engine, db, history):
    account, _ = history
    plans = await plans_of(engine, db, lambda s: sessions.lock_session(s, account, uuid.uuid4()))
    assert_reads_index(plans, "pk_l1_walk_sessions")


async def test_a_walks_draft_is_found_by_its_session_index(engine, db, history):
    account, _ = history
    plans = await plans_of(
        engine, db, lambda s: proposals.proposal_for_session(s, account, uuid.uuid4()), small_tables=True
    )
    assert "ix_flow_proposals_l1_session_id" in "\n".join(plans), plans


async def test_candidates_for_new_flows_read_only_the_periods_free_text_walks(engine, db, history):
    from datetime import UTC, datetime, timedelta

    account, _ = history
    now = datetime.now(UTC)
    period = insights.Period(account, now - timedelta(days=30), now)
    plans = await plans_of(engine, db, lambda s: insights.recurring_problems(s, period))
    assert_reads_index(plans, "ix_l1_walk_sessions_free_text_started")


async def test_the_30_day_reports_figures_read_only_the_periods_walks(engine, db, history):
    from datetime import UTC, datetime, timedelta

    account, _ = history
    now = datetime.now(UTC)
    period = insights.Period(account, now - timedelta(days=30), now)
    for figures in (insights.outcome_counts, insights.top_escalation_categories, insights.path_figures):
        plans = await plans_of(engine, db, lambda s, figures=figures: figures(s, period))
        assert_reads_index(plans, "ix_l1_walk_sessions_account_started")


async def test_the_published_flows_are_read_in_one_pass_over_the_accounts_versions(engine, db, history):
    """Intake and the flow library ask for every flow's newest version: one ordered pass over the versions (the
    history publishes each flow three times), not the versions joined to a ranking of themselves."""
    account, _ = history
    plans = await plans_of(engine, db, lambda s: trees.latest_published(s, account), small_tables=True)
    plan = "\n".join(plans)
    assert "uq_trees_account_id_slug_version" in plan, plan
    assert plan.count(" on trees") == 1 and "Join" not in plan and "Nested Loop" not in plan, plan


def test_the_history_is_spread_over_its_span_with_many_flows_versions_and_paths(history_url, history):
    """What the plans above are judged on: a month holds a month's share of the history, as in production."""
    account, _ = history
    with psycopg.connect(history_url) as conn:
        month, flows, versions, paths, statuses = conn.execute(
            "SELECT count(*) FILTER (WHERE s.started_at >= now() - interval '30 days'), count(DISTINCT t.slug), "
            "count(DISTINCT t.id), count(DISTINCT s.walked_path), "
            "jsonb_object_agg(st.status, st.n) FROM l1_walk_sessions s LEFT JOIN trees t ON t.id = s.flow_id "
            "CROSS JOIN (SELECT status, count(*) AS n FROM l1_walk_sessions WHERE account_id = %(a)s GROUP BY status) st "
            "WHERE s.account_id = %(a)s AND st.status = s.status",
            {"a": account},
        ).fetchone()
    assert abs(month - HISTORY * 30 / SPAN_DAYS) <= 2  # evenly over two years: no pile-up in the last month
    assert (flows, versions) == (9, 27) and paths > 300
    assert statuses["escalated"] == HISTORY * 5 // 100
