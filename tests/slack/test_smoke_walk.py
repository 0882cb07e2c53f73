"""A technician walks a ConnectWise ticket through the printer flow to resolution, over signed HTTP."""

from sqlalchemy import select

from bot.rendering import action_ids as ids
from storage.models import L1WalkSession


def buttons(blocks):
    return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]


async def test_walk_printer_flow_to_resolution(tech, fake_slack, connectwise, db):
    status, _ = await tech.slash("12345 printer-offline")
    assert status == 200
    card = (await fake_slack.wait_for("chat.postMessage"))[0]
    assert "Printer offline on floor 2" in str(card.args["blocks"])
    channel, ts = card.response["channel"], card.response["ts"]
    first = buttons(card.args["blocks"])[0]
    await tech.click(first["action_id"], first["value"], channel_id=channel, message_ts=ts)
    update = (await fake_slack.wait_for("chat.update"))[0]
    assert update.args["ts"] == ts
    async with db() as session:
        row = await session.scalar(select(L1WalkSession))
        assert len(row.walked_path) == 1
        assert row.walked_path[0]["option_label"] == first["text"]["text"]
    resolve = next(b for b in buttons(update.args["blocks"]) if b["action_id"] == ids.RESOLVE)
    await tech.click(ids.RESOLVE, resolve["value"], channel_id=channel, message_ts=ts)
    modal = (await fake_slack.wait_for("views.open"))[0]
    from tests.harness.driver import plain_text_input, radio_buttons

    await tech.submit_view(
        ids.RESOLVE_VIEW,
        values={"notes": {"notes": plain_text_input("Power-cycled it")}, "helpful": {"helpful": radio_buttons("yes")}},
        private_metadata=modal.args["view"]["private_metadata"],
    )
    await fake_slack.wait_for("chat.update", count=2)
    async with db() as session:
        row = await session.scalar(select(L1WalkSession))
        assert row.status == "resolved" and row.resolution_notes == "Power-cycled it" and row.helpful is True
