"""The click benchmark's floor and walkbot runs, small, so the benchmark keeps working (counts only, no timings)."""

from __future__ import annotations

import argparse

import pytest
from sqlalchemy import select

from bench.clicks import (
    Click,
    measure,
    percentile,
    setup_floor_cards,
    setup_walkbot_walks,
    start_floor,
    start_walkbot_on_connectwise,
    walk_card_click,
)
from bot.rendering import action_ids
from storage.models import L1WalkSession
from tests.conftest import create_throwaway_database, drop_database
from tests.fakes.psa_connectwise import FakeConnectWise


@pytest.fixture
def floor_database_url():
    """The floor app creates its own table, so it gets a database of its own (the run's must match the models)."""
    url = create_throwaway_database("walkbot_floor")
    try:
        yield url
    finally:
        drop_database(url)


async def test_the_floor_run_updates_every_card_once_per_click_with_one_statement_each(floor_database_url, fake_slack):
    args = argparse.Namespace(walks=3, concurrency=2, clicks=7)

    stats = await measure(
        "floor",
        lambda: start_floor(floor_database_url, fake_slack),
        lambda target, _driver, n: setup_floor_cards(target, n),
        fake_slack,
        args,
    )

    assert (stats.clicks, stats.non_200, stats.missed_updates) == (7, 0, 0)
    assert len(stats.update) == 7
    assert stats.statements == 7
    assert sorted(m["text"] for m in fake_slack.messages.values()) == [
        "clicked 2 times",
        "clicked 2 times",
        "clicked 3 times",
    ]


async def test_the_walkbot_run_steps_every_walk_once_per_click_without_errors(database_url, fake_slack, db):
    args = argparse.Namespace(walks=2, concurrency=2, clicks=6)
    connectwise = FakeConnectWise()
    await connectwise.start()
    try:
        stats = await measure(
            "walkbot",
            lambda: start_walkbot_on_connectwise(database_url, fake_slack, connectwise),
            lambda target, driver, n: setup_walkbot_walks(target, driver, connectwise, n),
            fake_slack,
            args,
        )
    finally:
        await connectwise.stop()

    assert (stats.clicks, stats.non_200, stats.missed_updates, stats.replies, stats.logged_errors) == (6, 0, 0, 0, 0)
    assert len(stats.update) == 6
    # A walk's first click reads the walk with the clicker (one SELECT) and writes it (one conditional UPDATE);
    # its next clicks only write (the process remembers the walk it wrote); each adds a share of the read of
    # stored revisions that follows the landed card updates (one statement for many, at most one per update).
    assert stats.clicks + args.walks <= stats.statements <= 2 * stats.clicks + args.walks
    assert stats.database is not None and stats.database.wal_bytes > 0  # the clicks' writes, read apart
    async with db() as session:
        walks = (await session.scalars(select(L1WalkSession))).all()
    assert sorted(w.ticket_id for w in walks) == ["50000", "50001"]
    assert all(w.status == "active" for w in walks)
    assert sum(w.revision for w in walks) == 6  # every click was a step, none stale


def test_a_walk_card_is_clicked_on_its_first_option_and_backed_out_of_when_it_has_none():
    option = {"type": "button", "action_id": f"{action_ids.CHOOSE}:no_power", "value": "s|1|no_power"}
    back = {"type": "button", "action_id": action_ids.BACK, "value": "s|2|"}
    card = {"blocks": [{"type": "actions", "block_id": "nav", "elements": [back, option]}]}

    assert walk_card_click(card) == Click(f"{action_ids.CHOOSE}:no_power", "s|1|no_power", "nav")
    assert walk_card_click({"blocks": [{"type": "actions", "block_id": "nav", "elements": [back]}]}).value == "s|2|"
    assert walk_card_click(None) is None


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]

    assert (percentile(values, 50), percentile(values, 99), percentile([], 50)) == (50.0, 99.0, 0.0)
