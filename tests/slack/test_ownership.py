"""Only a walk's technician (or who took it over) may act on it; engineers and admins may take it over."""

from __future__ import annotations

from sqlalchemy import select

from bot.rendering import action_ids as ids
from storage.models import SessionEvent, User
from tests.harness.driver import plain_text_input, radio_buttons
from tests.slack.steps import Card, button, buttons, eventually, start_printer_walk, the_walk
from tests.slack.test_psa_e2e import deliver


async def press(driver, card: Card, action_id: str, user_id: str):
    pressed = button(card.blocks, action_id) if action_id != ids.CHOOSE else buttons(card.blocks)[0]
    seen = len(driver.fake.responses)
    await driver.click(
        pressed["action_id"], pressed["value"], channel_id=card.channel, message_ts=card.ts, user_id=user_id
    )
    return (await driver.fake.wait_for_response(count=seen + 1))[-1]


async def resolve_as(driver, card: Card, user_id: str, notes: str = "Replaced the toner") -> None:
    opened = len(driver.fake.calls_to("views.open"))
    await driver.click(
        ids.RESOLVE,
        button(card.blocks, ids.RESOLVE)["value"],
        channel_id=card.channel,
        message_ts=card.ts,
        user_id=user_id,
    )
    modal = (await driver.fake.wait_for("views.open", count=opened + 1))[-1]
    await driver.submit_view(
        ids.RESOLVE_VIEW,
        values={"notes": {"notes": plain_text_input(notes)}, "helpful": {"helpful": radio_buttons("yes")}},
        private_metadata=modal.args["view"]["private_metadata"],
        user_id=user_id,
    )


async def events(db, session_id) -> list[SessionEvent]:
    async with db() as session:
        return list(await session.scalars(select(SessionEvent).where(SessionEvent.session_id == session_id)))


async def test_another_technicians_answer_is_refused_and_changes_nothing(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    before = await the_walk(db)

    reply = await press(tech, card, ids.CHOOSE, "U_OTHER")

    after = await the_walk(db)
    assert reply["text"].startswith("This is <@U_TECH>'s walk") and reply["response_type"] == "ephemeral"
    assert (after.revision, after.walked_path) == (before.revision, [])
    assert fake_slack.calls_to("chat.update") == []


async def test_another_technicians_resolve_and_abandon_are_refused(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)

    resolve_reply = await press(tech, card, ids.RESOLVE, "U_OTHER")
    abandon_reply = await press(tech, card, ids.ABANDON, "U_OTHER")
    # A forged submission of the resolve modal (its metadata copied) is refused too.
    metadata = f"{card.blocks and button(card.blocks, ids.RESOLVE)['value'].rsplit('|', 1)[0]}|{card.channel}"
    await tech.submit_view(
        ids.RESOLVE_VIEW,
        values={"notes": {"notes": plain_text_input("not mine")}, "helpful": {"helpful": radio_buttons("yes")}},
        private_metadata=metadata,
        user_id="U_OTHER",
    )
    ephemeral = await fake_slack.wait_for("chat.postEphemeral")

    assert "This is <@U_TECH>'s walk" in resolve_reply["text"]
    assert "This is <@U_TECH>'s walk" in abandon_reply["text"]
    assert "This is <@U_TECH>'s walk" in ephemeral[0].args["text"] and ephemeral[0].args["user"] == "U_OTHER"
    assert fake_slack.calls_to("views.open") == []
    assert (await the_walk(db)).status == "active"


async def test_an_engineer_takes_over_and_finishes_and_the_note_names_both(
    psa_walkbot, tech, fake_slack, connectwise, db
):
    fake_slack.set_user("U_TECH", real_name="Tina Technician", display_name="Tina")
    fake_slack.set_user("U_ENG1", real_name="Eli Engineer", display_name="Eli")
    card = await start_printer_walk(tech, fake_slack, db)

    refused = await press(tech, card, ids.CHOOSE, "U_ENG1")
    assert "Take over" in refused["text"]
    await tech.click(
        ids.TAKE_OVER,
        button(card.blocks, ids.TAKE_OVER)["value"],
        channel_id=card.channel,
        message_ts=card.ts,
        user_id="U_ENG1",
    )
    told = await fake_slack.wait_for("chat.postMessage", where=lambda c: "took over" in c.args.get("text", ""))
    walk = await the_walk(db)
    assert walk.acting_as == "l1_coverage"
    assert told[0].args["text"] == ":handshake: <@U_ENG1> took over this walk from <@U_TECH>."
    [event] = [e for e in await events(db, walk.id) if e.kind == "taken_over"]
    assert (event.detail["slack_user_id"], event.detail["from"]) == ("U_ENG1", "U_TECH")

    technician_now = await press(tech, card, ids.CHOOSE, "U_TECH")  # the technician handed it over
    assert technician_now["text"].startswith("This is <@U_ENG1>'s walk")

    await resolve_as(tech, card, "U_ENG1")
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "Resolved." in c.args.get("text", ""))
    await deliver(psa_walkbot)

    walk = await the_walk(db)
    async with db() as session:
        ender = await session.get(User, walk.ended_by_user_id)
    [note] = connectwise.posted_notes(12345)
    assert walk.status == "resolved" and ender.slack_user_id == "U_ENG1"
    assert "Technician: Tina ·" in note["text"]
    assert "Finished by: Eli (took over from Tina)" in note["text"]


async def test_a_technician_cannot_take_over_a_colleagues_walk(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)

    reply = await press(tech, card, ids.TAKE_OVER, "U_OTHER")

    assert reply["text"].startswith("Only engineers and walkbot admins can take over")
    assert (await the_walk(db)).acting_as != "l1_coverage"


async def test_a_colleague_may_take_over_the_walk_of_a_technician_who_left(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    await tech.user_change(fake_slack.set_user("U_TECH", deleted=True))
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "deactivated" in c.args.get("text", ""))

    refused = await press(tech, card, ids.CHOOSE, "U_OTHER")
    await tech.click(
        ids.TAKE_OVER,
        button(card.blocks, ids.TAKE_OVER)["value"],
        channel_id=card.channel,
        message_ts=card.ts,
        user_id="U_OTHER",
    )
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "took over" in c.args.get("text", ""))
    option = buttons(card.blocks)[0]
    await tech.click(
        option["action_id"], option["value"], channel_id=card.channel, message_ts=card.ts, user_id="U_OTHER"
    )

    assert "left the workspace" in refused["text"]
    rows = await eventually(db, lambda rows: bool(rows[0].walked_path))  # the colleague's answer moved the walk
    assert rows[0].acting_as == "l1_coverage"


async def test_another_technician_cannot_repost_someone_elses_walk_card(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    seen = len(fake_slack.responses)

    ref = button(card.blocks, ids.RESOLVE)["value"]
    await tech.click(ids.REPOST, ref, channel_id="C_ELSEWHERE", message_ts=card.ts, user_id="U_OTHER")
    reply = (await fake_slack.wait_for_response(count=seen + 1))[-1]

    assert reply["text"].startswith("This is <@U_TECH>'s walk")
    assert (await the_walk(db)).message_ts == card.ts
    assert len(fake_slack.calls_to("chat.postMessage")) == 1


def context_text(blocks) -> str:
    return " ".join(e.get("text", "") for b in blocks if b.get("type") == "context" for e in b["elements"])


async def test_the_card_names_who_took_the_walk_over_as_soon_as_they_did(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    on_card = lambda c: c.args.get("ts") == card.ts  # noqa: E731

    await tech.click(
        ids.TAKE_OVER,
        button(card.blocks, ids.TAKE_OVER)["value"],
        channel_id=card.channel,
        message_ts=card.ts,
        user_id="U_ENG1",
    )
    [redrawn] = await fake_slack.wait_for("chat.update", where=on_card)
    facts = context_text(redrawn.args["blocks"])
    assert "technician <@U_TECH>" in facts and "taken over by <@U_ENG1>" in facts
    # The engineer's next answer redraws the card still naming them.
    option = buttons(redrawn.args["blocks"])[0]
    await tech.click(
        option["action_id"], option["value"], channel_id=card.channel, message_ts=card.ts, user_id="U_ENG1"
    )
    after = (await fake_slack.wait_for("chat.update", count=2, where=on_card))[-1]
    assert "taken over by <@U_ENG1>" in context_text(after.args["blocks"])


async def test_another_technicians_back_is_refused_and_changes_nothing(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    option = buttons(card.blocks)[0]
    await tech.click(option["action_id"], option["value"], channel_id=card.channel, message_ts=card.ts)
    [moved] = await fake_slack.wait_for("chat.update", where=lambda c: c.args.get("ts") == card.ts)
    before = await the_walk(db)

    reply = await press(tech, Card(card.channel, card.ts, moved.args["blocks"]), ids.BACK, "U_OTHER")

    after = await the_walk(db)
    assert reply["text"].startswith("This is <@U_TECH>'s walk") and reply["response_type"] == "ephemeral"
    assert (after.revision, len(after.walked_path)) == (before.revision, 1)
