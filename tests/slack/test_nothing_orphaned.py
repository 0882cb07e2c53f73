"""Starting a walk leaves nothing behind when the card can't be posted, and never starts the same walk twice."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select, update

from bot.walks.expiry import prune_slack_events_once
from storage.models import L1WalkSession, SlackEvent
from storage.queries import slack_events
from tests.slack.steps import buttons, eventually, start_printer_walk


async def walk_count(db) -> int:
    async with db() as s:
        return await s.scalar(select(func.count()).select_from(L1WalkSession))


async def test_a_transport_failure_posting_the_card_rolls_the_start_back_and_frees_the_intake_choice(
    tech, fake_slack, db
):
    await tech.slash("12345")
    intake = (await fake_slack.wait_for("chat.postMessage"))[0]
    flow = next(b for b in buttons(intake.args["blocks"]) if b["action_id"].startswith("intake_start_flow"))
    where = {"channel_id": intake.response["channel"], "message_ts": intake.response["ts"]}
    fake_slack.drop_connection("chat.postMessage", times=2)  # the try and its one retry

    await tech.click(flow["action_id"], flow["value"], **where)
    told = (await fake_slack.wait_for_response())[0]
    gone = await walk_count(db)
    await tech.click(flow["action_id"], flow["value"], **where)  # the choice can be used again
    await eventually(db, lambda rows: len(rows) == 1 and rows[0].message_ts)

    assert told["text"].startswith("The walk card could not be posted") and "Try `/walk` again" in told["text"]
    assert gone == 0


async def test_a_replayed_walk_command_offers_the_walk_already_going(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)

    await asyncio.gather(tech.slash("12345 printer-offline"), tech.slash("12345 printer-offline"))
    replies = await fake_slack.wait_for_response(count=2)
    await tech.slash("12345 adhoc")  # another kind of walk on the same ticket is a new walk
    await eventually(db, lambda rows: len(rows) == 2)

    assert all(r["text"].startswith("You already have this walk going") for r in replies)
    assert all(f"p{card.ts.replace('.', '')}" in r["text"] for r in replies)  # a link to the existing card


async def test_old_event_ids_are_pruned_but_intake_claims_are_kept_for_a_month(psa_walkbot, db):
    async with db.begin() as s:
        for event_id in ("Ev_OLD", "Ev_NEW", "intake:C1:1.0", "intake:C1:2.0"):
            await slack_events.claim_event(s, event_id, "T0001")
        aged = {"Ev_OLD": 2, "intake:C1:1.0": 2, "intake:C1:2.0": 40}
        for event_id, days in aged.items():
            await s.execute(
                update(SlackEvent)
                .where(SlackEvent.event_id == event_id)
                .values(received_at=datetime.now(UTC) - timedelta(days=days))
            )

    forgotten = await prune_slack_events_once(psa_walkbot.runtime)

    async with db() as s:
        kept = set(await s.scalars(select(SlackEvent.event_id)))
    assert forgotten == 2 and kept == {"Ev_NEW", "intake:C1:1.0"}
