"""The click benchmark's floor run, small, so the scaffold keeps working (counts only, no timings)."""

from __future__ import annotations

import argparse

from bench.clicks import measure, percentile, setup_floor_cards, start_floor, walk_card_click
from bot.rendering import action_ids


async def test_the_floor_run_updates_every_card_once_per_click_with_one_statement_each(database_url, fake_slack):
    args = argparse.Namespace(walks=3, concurrency=2, clicks=7)

    stats = await measure(
        "floor",
        lambda: start_floor(database_url, fake_slack),
        lambda running, _driver, n: setup_floor_cards(running, n),
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


def test_a_walk_card_is_clicked_on_its_first_option_and_backed_out_of_when_it_has_none():
    option = {"type": "button", "action_id": action_ids.CHOOSE, "value": "s|1|a"}
    back = {"type": "button", "action_id": action_ids.BACK, "value": "s|2|"}
    card = {"blocks": [{"type": "actions", "block_id": "nav", "elements": [back, option]}]}

    assert walk_card_click(card).action_id == action_ids.CHOOSE
    assert walk_card_click({"blocks": [{"type": "actions", "block_id": "nav", "elements": [back]}]}).value == "s|2|"
    assert walk_card_click(None) is None


def test_percentiles_are_nearest_rank():
    values = [float(v) for v in range(1, 101)]

    assert (percentile(values, 50), percentile(values, 99), percentile([], 50)) == (50.0, 99.0, 0.0)
