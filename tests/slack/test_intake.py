"""The intake card starts one walk: a double click (or a colleague's click) doesn't walk the ticket twice."""

import asyncio

from sqlalchemy import func, select

from storage.models import L1WalkSession
from tests.slack.steps import buttons, eventually


async def test_a_double_click_on_an_intake_choice_starts_one_walk_and_the_card_says_who_started_it(
    tech, fake_slack, db
):
    await tech.slash("12345")
    intake = (await fake_slack.wait_for("chat.postMessage"))[0]
    flow = next(b for b in buttons(intake.args["blocks"]) if b["action_id"].startswith("intake_start_flow"))
    where = {"channel_id": intake.response["channel"], "message_ts": intake.response["ts"]}
    await asyncio.gather(
        tech.click(flow["action_id"], flow["value"], **where),
        tech.click(flow["action_id"], flow["value"], user_id="U_OTHER", **where),
    )
    await eventually(db, lambda rows: len(rows) == 1 and rows[0].message_ts)
    reply = (await fake_slack.wait_for_response())[0]
    assert "already started from this card" in reply["text"]
    started = await fake_slack.wait_for("chat.update", where=lambda c: c.args["ts"] == intake.response["ts"])
    assert "started a walk of ConnectWise #12345" in str(started[0].args["blocks"])
    async with db() as session:
        assert await session.scalar(select(func.count()).select_from(L1WalkSession)) == 1
    assert len(fake_slack.calls_to("chat.postMessage")) == 2  # the intake card and one walk card
