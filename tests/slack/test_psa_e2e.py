"""PSA write-back end to end: /walk on a ConnectWise ticket, resolve or escalate, and the note the ticket receives."""

from __future__ import annotations

import asyncio

from sqlalchemy import select, update

from bot.rendering import action_ids as ids
from bot.walks.parked_writes import announce_parked
from bot.writeback.worker import RetryPolicy, deliver_due
from storage.models.psa_outbox import PsaOutbox
from storage.models.walk_session import L1WalkSession
from storage.queries.outbox import retry
from tests.harness.driver import plain_text_input, radio_buttons, static_select


def buttons(blocks):
    return [e for b in blocks if b.get("type") == "actions" for e in b["elements"]]


def button(blocks, action_id):
    return next(b for b in buttons(blocks) if b["action_id"] == action_id)


async def deliver(walkbot):
    return await deliver_due(walkbot.runtime.db, walkbot.runtime.psa)


async def walk_one_step(tech, fake_slack, text="12345 printer-offline"):
    """Start a walk, answer its first question; returns (channel, ts, first option label, updated blocks)."""
    status, _ = await tech.slash(text)
    assert status == 200
    card = (await fake_slack.wait_for("chat.postMessage"))[0]
    channel, ts = card.response["channel"], card.response["ts"]
    first = buttons(card.args["blocks"])[0]
    await tech.click(first["action_id"], first["value"], channel_id=channel, message_ts=ts)
    update_call = (await fake_slack.wait_for("chat.update"))[0]
    return channel, ts, first["text"]["text"], update_call.args["blocks"]


async def resolve(tech, fake_slack, channel, ts, blocks, notes="Power-cycled it"):
    on_card = lambda call: call.args.get("ts") == ts  # noqa: E731 - the intake card is updated too
    before = len([c for c in fake_slack.calls_to("chat.update") if on_card(c)])
    await tech.click(ids.RESOLVE, button(blocks, ids.RESOLVE)["value"], channel_id=channel, message_ts=ts)
    modal = (await fake_slack.wait_for("views.open"))[-1]
    await tech.submit_view(
        ids.RESOLVE_VIEW,
        values={"notes": {"notes": plain_text_input(notes)}, "helpful": {"helpful": radio_buttons("yes")}},
        private_metadata=modal.args["view"]["private_metadata"],
    )
    await fake_slack.wait_for("chat.update", count=before + 1, where=on_card)


async def session_row(db):
    """The walk's row; the card is posted inside the transaction that creates it, so wait for the commit."""
    for _ in range(100):
        async with db() as session:
            row = await session.scalar(select(L1WalkSession))
        if row is not None:
            return row
        await asyncio.sleep(0.02)
    raise AssertionError("no walk session was stored")


async def outbox_rows(db):
    async with db() as session:
        return list(await session.scalars(select(PsaOutbox).order_by(PsaOutbox.id)))


async def test_walk_on_a_ticket_shows_its_summary_company_and_the_printer_flow_first(tech, fake_slack):
    status, _ = await tech.slash("12345")
    assert status == 200
    card = (await fake_slack.wait_for("chat.postMessage"))[0]
    text = str(card.args["blocks"])
    assert "Printer offline on floor 2" in text and "Acme Dental" in text
    flows = [b for b in buttons(card.args["blocks"]) if b["action_id"].startswith(ids.START_FLOW)]
    assert flows and flows[0]["action_id"] == f"{ids.START_FLOW}:printer-offline"
    assert any(b["action_id"] == ids.START_ADHOC for b in buttons(card.args["blocks"]))


async def test_resolve_writes_exactly_one_note_with_the_steps_and_resolution(
    tech, fake_slack, connectwise, psa_walkbot, db
):
    channel, ts, answer, blocks = await walk_one_step(tech, fake_slack)
    await resolve(tech, fake_slack, channel, ts, blocks, notes="Power-cycled it")
    assert connectwise.posted_notes(12345) == []  # the click never waits on the PSA
    report = await deliver(psa_walkbot)
    assert len(report.delivered) == 1
    notes = connectwise.posted_notes(12345)
    assert len(notes) == 1
    assert answer in notes[0]["text"] and "Power-cycled it" in notes[0]["text"]
    assert "Is it only this user who can't print" in notes[0]["text"]
    assert (await deliver(psa_walkbot)).delivered == []
    assert len(connectwise.posted_notes(12345)) == 1


async def test_resolve_while_the_psa_is_down_delivers_the_note_once_it_is_back(
    tech, fake_slack, connectwise, psa_walkbot, db
):
    channel, ts, _, blocks = await walk_one_step(tech, fake_slack)
    await connectwise.go_down()
    await resolve(tech, fake_slack, channel, ts, blocks)
    assert (await session_row(db)).status == "resolved"
    report = await deliver(psa_walkbot)
    assert report.delivered == [] and len(report.retrying) == 1
    [row] = await outbox_rows(db)
    assert row.status == "pending"

    await connectwise.come_back()
    async with db.begin() as session:  # the backoff has passed
        await session.execute(update(PsaOutbox).values(next_attempt_at=PsaOutbox.created_at))
    assert len((await deliver(psa_walkbot)).delivered) == 1
    assert len(connectwise.posted_notes(12345)) == 1
    assert (await deliver(psa_walkbot)).delivered == []
    assert len(connectwise.posted_notes(12345)) == 1
    [row] = await outbox_rows(db)
    assert row.status == "delivered"


async def test_escalate_writes_one_note_with_the_reason(tech, fake_slack, connectwise, psa_walkbot, db):
    channel, ts, _, blocks = await walk_one_step(tech, fake_slack)
    before = len(fake_slack.calls_to("chat.update"))
    await tech.click(ids.ESCALATE, button(blocks, ids.ESCALATE)["value"], channel_id=channel, message_ts=ts)
    modal = (await fake_slack.wait_for("views.open"))[-1]
    await tech.submit_view(
        ids.ESCALATE_VIEW,
        values={
            "reason": {"reason": plain_text_input("Printer shows a fuser error")},
            "category": {"category": static_select("hardware_fault")},
        },
        private_metadata=modal.args["view"]["private_metadata"],
    )
    await fake_slack.wait_for("chat.update", count=before + 1)
    assert (await session_row(db)).status == "escalated"
    assert len((await deliver(psa_walkbot)).delivered) == 1
    notes = connectwise.posted_notes(12345)
    assert len(notes) == 1 and "Printer shows a fuser error" in notes[0]["text"]


async def test_an_internal_ticket_writes_nothing_to_the_psa(tech, fake_slack, connectwise, psa_walkbot, db):
    await tech.slash("internal printer jams on floor 3")
    intake = (await fake_slack.wait_for("chat.postMessage"))[0]
    adhoc = button(intake.args["blocks"], ids.START_ADHOC)
    await tech.click(
        ids.START_ADHOC, adhoc["value"], channel_id=intake.response["channel"], message_ts=intake.response["ts"]
    )
    card = (await fake_slack.wait_for("chat.postMessage", count=2))[1]
    row = await session_row(db)
    assert row.ticket_kind == "internal" and row.session_kind == "adhoc"
    await resolve(tech, fake_slack, card.response["channel"], card.response["ts"], card.args["blocks"])
    assert (await session_row(db)).status == "resolved"
    assert await outbox_rows(db) == []
    assert (await deliver(psa_walkbot)).delivered == []
    assert connectwise.requests_to("POST", "/notes") == []


async def test_a_write_parked_after_an_outage_is_announced_in_the_walk_thread_and_retried(
    tech, fake_slack, connectwise, psa_walkbot, db
):
    channel, ts, _, blocks = await walk_one_step(tech, fake_slack)
    await connectwise.go_down()
    await resolve(tech, fake_slack, channel, ts, blocks)
    runtime = psa_walkbot.runtime

    async def on_parked(write, error):
        await announce_parked(runtime, psa_walkbot.bolt.client, write, error)

    report = await deliver_due(runtime.db, runtime.psa, RetryPolicy(max_attempts=1), on_parked=on_parked)
    assert len(report.parked) == 1
    thread = [c.args["text"] for c in fake_slack.calls_to("chat.postMessage") if c.args.get("thread_ts") == ts]
    parked = [text for text in thread if "could not be written to ticket #12345" in text]
    assert len(parked) == 1  # the resolution's own thread note may land before or after it
    assert "walkbot outbox retry" in parked[0]

    await connectwise.come_back()
    async with db.begin() as session:
        assert await retry(session) == 1
    assert len((await deliver(psa_walkbot)).delivered) == 1
    assert len(connectwise.posted_notes(12345)) == 1
