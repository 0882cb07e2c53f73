"""Escalating a walk: the modal, the handoff card for engineers, racing pick-ups, and refusals."""

import asyncio

from sqlalchemy import select

from bot.rendering import action_ids as ids
from storage.models import Escalation, User
from tests.harness.driver import plain_text_input, static_select
from tests.slack.steps import button, buttons, click, start_printer_walk, the_walk

REASON = "Printer shows a fuser error 50.1"


async def escalate(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    await click(tech, card, buttons(card.blocks)[0])
    update = (await fake_slack.wait_for("chat.update"))[0]
    await click(tech, card, button(update.args["blocks"], ids.ESCALATE))
    modal = (await fake_slack.wait_for("views.open"))[0]
    assert modal.args["view"]["callback_id"] == ids.ESCALATE_VIEW
    status, _ = await tech.submit_view(
        ids.ESCALATE_VIEW,
        values={
            "category": {"category": static_select("hardware_fault")},
            "reason": {"reason": plain_text_input(REASON)},
        },
    )
    assert status == 200
    handoff = (await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == "C_ENGINEERS"))[0]
    return card, handoff


async def test_escalate_posts_a_handoff_card_with_the_steps_and_reason(tech, fake_slack, db):
    card, handoff = await escalate(tech, fake_slack, db)
    text = str(handoff.args["blocks"])
    assert REASON in text and "Only this user" in text and "Printer offline on floor 2" in text
    assert button(handoff.args["blocks"], ids.PICK_UP)
    walk = await the_walk(db)
    assert walk.status == "escalated"
    assert walk.escalation_reason == REASON and walk.escalation_reason_category == "hardware_fault"
    await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == card.ts)
    async with db() as session:
        row = await session.scalar(select(Escalation))
    assert row.handoff_channel_id == "C_ENGINEERS" and row.handoff_message_ts == handoff.response["ts"]


async def test_racing_pick_ups_claim_the_escalation_once(tech, fake_slack, db):
    card, handoff = await escalate(tech, fake_slack, db)
    await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("thread_ts") == card.ts)
    pick = button(handoff.args["blocks"], ids.PICK_UP)
    ts = handoff.response["ts"]
    await asyncio.gather(
        *(
            tech.click(ids.PICK_UP, pick["value"], user_id=u, channel_id="C_ENGINEERS", message_ts=ts)
            for u in ("U_ENG1", "U_ENG2")
        )
    )
    loser_reply = (await fake_slack.wait_for_response())[0]
    assert loser_reply["text"].startswith("Already picked up by <@U_ENG")
    updated = (await fake_slack.wait_for("chat.update", where=lambda c: c.args["ts"] == ts))[0]
    picked = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: "picked up this escalation" in c.args["text"]
    )
    assert len(picked) == 1 and picked[0].args["thread_ts"] == card.ts
    async with db() as session:
        row = await session.scalar(select(Escalation))
        winner = await session.get(User, row.picked_up_by_user_id)
    assert winner.slack_user_id in ("U_ENG1", "U_ENG2")
    loser = "U_ENG2" if winner.slack_user_id == "U_ENG1" else "U_ENG1"
    assert f"<@{winner.slack_user_id}>" in loser_reply["text"] and loser not in loser_reply["text"]
    assert f"<@{winner.slack_user_id}>" in picked[0].args["text"]
    assert f"Picked up by {winner.display_name} at" in str(updated.args["blocks"])  # by name (users.info)
    assert winner.display_name == winner.slack_user_id.lower()
    assert [c.args["ts"] for c in fake_slack.calls_to("chat.update")].count(ts) == 1  # the handoff card, once


async def test_a_non_engineer_cannot_pick_up(tech, fake_slack, db):
    card, handoff = await escalate(tech, fake_slack, db)
    pick = button(handoff.args["blocks"], ids.PICK_UP)
    await tech.click(
        ids.PICK_UP, pick["value"], user_id="U_TECH", channel_id="C_ENGINEERS", message_ts=handoff.response["ts"]
    )
    reply = (await fake_slack.wait_for_response())[0]
    assert "Only engineers pick up escalations" in reply["text"]
    async with db() as session:
        row = await session.scalar(select(Escalation))
    assert row.picked_up_by_user_id is None
