"""No reply is silently dropped: early replies wait for the card, replies with files or sent to the channel are
kept with their files listed, and a reply to an ended walk is not marked as a note: its author is told."""

from __future__ import annotations

import asyncio

from sqlalchemy import update

from storage.models import L1WalkSession
from tests.harness.fake_slack import BOT_USER_ID
from tests.slack.steps import eventually, resolve_walk, start_printer_walk, the_walk
from tests.slack.test_psa_e2e import deliver

from .test_thread_notes import reply


async def test_a_reply_that_arrives_before_the_cards_ts_is_recorded_is_kept(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    async with db.begin() as s:  # the moment between posting the card and recording its ts
        await s.execute(update(L1WalkSession).values(message_ts=None))

    await tech.event(reply(tech, card, "early bird", parent_user_id=BOT_USER_ID))
    await asyncio.sleep(1.0)
    async with db.begin() as s:
        await s.execute(update(L1WalkSession).values(message_ts=card.ts))

    rows = await eventually(db, lambda rows: rows[0].walk_notes)
    assert [n["text"] for n in rows[0].walk_notes] == ["early bird"]


async def test_a_reply_with_files_keeps_its_text_and_lists_the_files_by_name_and_link(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    fake_slack.add_file("F_HIDDEN", name="error-log.txt", permalink="https://walkbot-test.slack.com/files/F_HIDDEN")
    files = [
        {"id": "F_SHOT", "name": "screen.png", "permalink": "https://walkbot-test.slack.com/files/F_SHOT"},
        {"id": "F_HIDDEN", "mode": "hidden_by_limit", "file_access": "check_file_info"},
    ]

    await tech.event(reply(tech, card, "see attached", subtype="file_share", files=files, upload=False))
    rows = await eventually(db, lambda rows: rows[0].walk_notes)

    text = rows[0].walk_notes[0]["text"]
    assert text.startswith("see attached\nFiles: ")
    assert "screen.png <https://walkbot-test.slack.com/files/F_SHOT>" in text
    assert "error-log.txt <https://walkbot-test.slack.com/files/F_HIDDEN>" in text
    assert [c.args["file"] for c in fake_slack.calls_to("files.info")] == ["F_HIDDEN"]


async def test_a_reply_also_sent_to_the_channel_is_kept(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)

    await tech.event(reply(tech, card, "heads up, all printers", subtype="thread_broadcast", root={"ts": card.ts}))
    rows = await eventually(db, lambda rows: rows[0].walk_notes)

    assert rows[0].walk_notes[0]["text"] == "heads up, all printers"


async def test_a_reply_after_the_walk_ended_is_not_marked_and_its_author_is_told(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    await resolve_walk(tech, fake_slack, db, card)

    late = reply(tech, card, "one more thing")
    await tech.event(late)
    told = await fake_slack.wait_for("chat.postEphemeral")

    assert told[0].args["user"] == "U_TECH" and told[0].args["thread_ts"] == card.ts
    assert "already resolved, so your reply was not added" in told[0].args["text"]
    assert not [c for c in fake_slack.calls_to("reactions.add") if c.args["timestamp"] == late["ts"]]
    assert (await the_walk(db)).walk_notes == []


async def resolve_with_a_note(tech, fake_slack, db, card, text):
    event = reply(tech, card, text)
    await tech.event(event)
    await fake_slack.wait_for("reactions.add", where=lambda c: c.args["timestamp"] == event["ts"])
    await resolve_walk(tech, fake_slack, db, card)
    return event


async def test_an_edit_after_the_walk_ended_keeps_the_note_as_written_to_the_ticket_and_tells_its_author(
    psa_walkbot, tech, fake_slack, connectwise, db
):
    card = await start_printer_walk(tech, fake_slack, db)
    event = await resolve_with_a_note(tech, fake_slack, db, card, "toner light blinks")

    edited = {
        "type": "message",
        "subtype": "message_changed",
        "channel": card.channel,
        "hidden": True,
        "ts": tech.ts(),
        "message": {**event, "text": "actually it was the fuser", "edited": {"user": "U_TECH", "ts": tech.ts()}},
        "previous_message": event,
    }
    await tech.event(edited)
    told = await fake_slack.wait_for("chat.postEphemeral")
    await deliver(psa_walkbot)

    assert told[0].args["user"] == "U_TECH" and told[0].args["thread_ts"] == card.ts
    assert "so your edit was not applied: ticket 12345 keeps the note as it was written" in told[0].args["text"]
    assert [n["text"] for n in (await the_walk(db)).walk_notes] == ["toner light blinks"]
    [note] = connectwise.posted_notes(12345)
    assert "toner light blinks" in note["text"] and "fuser" not in note["text"]


async def test_a_deletion_after_the_walk_ended_keeps_the_note_and_tells_its_author(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    event = await resolve_with_a_note(tech, fake_slack, db, card, "toner light blinks")

    deleted = {
        "type": "message",
        "subtype": "message_deleted",
        "channel": card.channel,
        "hidden": True,
        "ts": tech.ts(),
        "deleted_ts": event["ts"],
        "previous_message": event,
    }
    await tech.event(deleted)
    told = await fake_slack.wait_for("chat.postEphemeral")

    assert told[0].args["user"] == "U_TECH"
    assert "so your deletion was not applied: ticket 12345 keeps the note" in told[0].args["text"]
    assert [n["text"] for n in (await the_walk(db)).walk_notes] == ["toner light blinks"]


async def test_a_colleagues_reply_is_not_added_to_someone_elses_walk_and_they_are_told(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)

    theirs = reply(tech, card, "have you tried turning it off", user="U_OTHER")
    await tech.event(theirs)
    told = await fake_slack.wait_for("chat.postEphemeral")

    assert told[0].args["user"] == "U_OTHER" and told[0].args["thread_ts"] == card.ts
    assert told[0].args["text"].startswith("This is <@U_TECH>'s walk, so your reply was not added")
    assert not [c for c in fake_slack.calls_to("reactions.add") if c.args["timestamp"] == theirs["ts"]]
    assert (await the_walk(db)).walk_notes == []
