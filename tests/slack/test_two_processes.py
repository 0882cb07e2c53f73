"""Two ``walkbot serve`` processes on one database behind a load balancer: clicks split between them,
idle expiry and the PSA outbox each done exactly once."""

from __future__ import annotations

import asyncio
import os

from sqlalchemy import select

from bot.rendering import action_ids as ids
from storage.models import L1WalkSession
from tests.harness.app import SIGNING_SECRET, walkbot_env
from tests.harness.driver import SlackDriver, plain_text_input, radio_buttons
from tests.harness.idle_walk import idle_walk
from tests.harness.serve_process import ROOT, start_serve
from tests.slack.steps import button, buttons

from .conftest import TEAM

TICKETS = (12345, 12346, 12347, 12348)


async def test_two_serve_processes_share_clicks_idle_expiry_and_the_outbox(
    database_url, fake_slack, connectwise, published, db
):
    for ticket in TICKETS[1:]:
        connectwise.add_ticket(ticket, f"Printer offline {ticket}", type="Printer")
    _, idle_ts = await idle_walk(db, fake_slack, team=TEAM, token=fake_slack.token)
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALKBOT_")}
    env |= walkbot_env(fake_slack, connectwise.env()) | {"DATABASE_URL": database_url}
    env |= {"WALKBOT_OUTBOX_POLL_SECONDS": "1", "PYTHONPATH": str(ROOT)}
    servers = [await start_serve(env), await start_serve(env)]
    drivers = [SlackDriver(url, SIGNING_SECRET, TEAM, fake_slack) for _, url in servers]
    try:
        cards = []
        for n, ticket in enumerate(TICKETS):  # each command to one process, alternating
            await drivers[n % 2].slash(f"{ticket} printer-offline", user_id=f"U_TECH{n}")
            posted = await fake_slack.wait_for(
                "chat.postMessage", where=lambda c, t=ticket: f"#{t}" in str(c.args.get("blocks"))
            )
            cards.append(posted[0])
        for n, card in enumerate(cards):  # the answer through the other process
            channel, ts = card.response["channel"], card.response["ts"]
            first = buttons(card.args["blocks"])[0]
            await drivers[(n + 1) % 2].click(
                first["action_id"], first["value"], channel_id=channel, message_ts=ts, user_id=f"U_TECH{n}"
            )
            updated = await fake_slack.wait_for("chat.update", where=lambda c, ts=ts: c.args.get("ts") == ts)
            await drivers[n % 2].click(
                ids.RESOLVE,
                button(updated[-1].args["blocks"], ids.RESOLVE)["value"],
                channel_id=channel,
                message_ts=ts,
                user_id=f"U_TECH{n}",
            )
            modal = (await fake_slack.wait_for("views.open", count=n + 1))[-1]
            await drivers[(n + 1) % 2].submit_view(
                ids.RESOLVE_VIEW,
                values={"notes": {"notes": plain_text_input("Fixed")}, "helpful": {"helpful": radio_buttons("yes")}},
                private_metadata=modal.args["view"]["private_metadata"],
                user_id=f"U_TECH{n}",
            )
        for _ in range(300):  # both processes' outbox loops run; wait for every note
            if all(connectwise.posted_notes(t) for t in TICKETS):
                break
            await asyncio.sleep(0.1)
        await asyncio.sleep(2)  # two more poll rounds of both workers: nothing is posted twice
    finally:
        for driver in drivers:
            await driver.close()
        for process, _ in servers:
            process.terminate()
            await process.wait()

    async with db() as s:
        walks = list(await s.scalars(select(L1WalkSession).order_by(L1WalkSession.ticket_id)))
    assert {t: len(connectwise.posted_notes(t)) for t in TICKETS} == dict.fromkeys(TICKETS, 1)
    assert [w.status for w in walks if w.ticket_id != "999"] == ["resolved"] * len(TICKETS)
    assert [w.status for w in walks if w.ticket_id == "999"] == ["abandoned"]
    idle_updates = [c for c in fake_slack.calls_to("chat.update") if c.args.get("ts") == idle_ts]
    assert len(idle_updates) == 1 and "abandoned after" in idle_updates[0].args["text"]
