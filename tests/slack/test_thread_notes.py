"""Replies in a walk card's thread become notes on the current step; edits, deletions and redeliveries follow."""

from tests.slack.steps import start_printer_walk, the_walk


def reply(tech, card, text, ts=None, **extra):
    ts = ts or tech.ts()
    return {
        "type": "message",
        "channel": card.channel,
        "user": "U_TECH",
        "text": text,
        "ts": ts,
        "thread_ts": card.ts,
        "event_ts": ts,
        "channel_type": "channel",
        **extra,
    }


async def add_note(tech, fake_slack, card, text):
    event = reply(tech, card, text)
    status, _ = await tech.event(event)
    assert status == 200
    await fake_slack.wait_for("reactions.add", where=lambda c: c.args["timestamp"] == event["ts"])
    return event


async def test_a_thread_reply_is_stored_on_the_current_step_and_marked(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    event = await add_note(tech, fake_slack, card, "User says the toner light blinks")
    react = fake_slack.last("reactions.add")
    assert react.args["channel"] == card.channel and react.args["name"] == "memo"
    notes = (await the_walk(db)).walk_notes
    assert len(notes) == 1
    assert notes[0]["text"] == "User says the toner light blinks"
    assert notes[0]["node_id"] == "scope" and notes[0]["source_id"] == event["ts"]


async def test_an_edited_reply_updates_its_note(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    event = await add_note(tech, fake_slack, card, "toner light blinks")
    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": card.channel,
        "hidden": True,
        "ts": tech.ts(),
        "message": {**event, "text": "toner light is solid orange", "edited": {"user": "U_TECH", "ts": tech.ts()}},
        "previous_message": event,
    }
    status, _ = await tech.event(edited)
    assert status == 200
    await _until(db, lambda w: w.walk_notes and w.walk_notes[0]["text"] == "toner light is solid orange")
    assert len((await the_walk(db)).walk_notes) == 1
    assert len(fake_slack.calls_to("reactions.add")) == 1


async def test_a_deleted_reply_removes_its_note(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    keep = await add_note(tech, fake_slack, card, "keep me")
    gone = await add_note(tech, fake_slack, card, "delete me")
    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": card.channel,
        "hidden": True,
        "ts": tech.ts(),
        "deleted_ts": gone["ts"],
        "previous_message": gone,
    }
    status, _ = await tech.event(deleted)
    assert status == 200
    await _until(db, lambda w: len(w.walk_notes) == 1)
    assert [n["source_id"] for n in (await the_walk(db)).walk_notes] == [keep["ts"]]


async def test_a_redelivered_event_adds_nothing(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    event = reply(tech, card, "only once")
    await tech.event(event, event_id="Ev0REDELIVER")
    await fake_slack.wait_for("reactions.add")
    await tech.event(event, event_id="Ev0REDELIVER")
    marker = await add_note(tech, fake_slack, card, "after the redelivery")  # handled after the redelivery
    notes = (await the_walk(db)).walk_notes
    assert [n["text"] for n in notes] == ["only once", marker["text"]]
    assert len(fake_slack.calls_to("reactions.add")) == 2


async def test_bot_messages_in_the_thread_are_ignored(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    bot = reply(tech, card, "a bot talking", bot_id="B_OTHER", subtype="bot_message")
    await tech.event(bot)
    walkbot_own = reply(tech, card, "walkbot talking", bot_id="B0WALKBOT")
    await tech.event(walkbot_own)
    marker = await add_note(tech, fake_slack, card, "a person")
    assert [n["text"] for n in (await the_walk(db)).walk_notes] == [marker["text"]]
    assert len(fake_slack.calls_to("reactions.add")) == 1


async def _until(db, done, tries: int = 100):
    import asyncio

    for _ in range(tries):
        if done(await the_walk(db)):
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"walk never reached the expected state: {(await the_walk(db)).walk_notes}")
