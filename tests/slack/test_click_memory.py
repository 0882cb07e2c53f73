"""A technician's next click on a card is one statement: the process remembers the walk its last click wrote.

Anything written to the walk in between (a thread note, another process's click) costs a second statement,
never a lost note or a step applied twice (storage/click_memory.py, ``sessions.write_click``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

import psycopg
from sqlalchemy import event

from bot.rendering import action_ids as ids
from tests.slack.steps import button, buttons, click, start_printer_walk, the_walk
from tests.slack.test_thread_notes import add_note

# The click's own statements: its read of the walk with the clicker, and its write (sessions.clicked_walk,
# sessions.write_click). Anything else sent meanwhile (the card's shared revision check, a thread note's
# trailing work on a loaded machine) is left out.
CLICK_STATEMENTS = ("clicker_walk_version", "WITH stepped")


@contextlib.contextmanager
def statements_sent(engine) -> Iterator[list[str]]:
    """The click statements sent on connections checked out meanwhile, seen at the driver (the click's own go
    through psycopg, beside SQLAlchemy)."""
    sent: list[str] = []

    class RecordingCursor(psycopg.AsyncCursor):
        async def execute(self, query, *args, **kwargs):
            if any(mark in str(query) for mark in CLICK_STATEMENTS):
                sent.append(str(query))
            return await super().execute(query, *args, **kwargs)

    def recording(dbapi_connection, _record, _proxy):
        dbapi_connection.driver_connection.cursor_factory = RecordingCursor

    def plain(dbapi_connection, _record):
        dbapi_connection.driver_connection.cursor_factory = psycopg.AsyncCursor

    pool = engine.sync_engine.pool
    event.listen(pool, "checkout", recording)
    event.listen(pool, "checkin", plain)
    try:
        yield sent
    finally:
        event.remove(pool, "checkout", recording)
        event.remove(pool, "checkin", plain)


async def test_the_next_click_on_a_card_is_one_statement_and_the_first_is_two(psa_walkbot, tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    engine = psa_walkbot.runtime.engine

    with statements_sent(engine) as first:
        await click(tech, card, buttons(card.blocks)[0])
        drawn = (await fake_slack.wait_for("chat.update"))[-1]
    with statements_sent(engine) as second:
        await click(tech, card, buttons(drawn.args["blocks"])[0])
        await fake_slack.wait_for("chat.update", count=2)

    assert len(first) == 2 and "clicker_walk_version" in first[0] and first[1].startswith("WITH stepped")
    assert len(second) == 1 and second[0].startswith("WITH stepped")
    assert len((await the_walk(db)).walked_path) == 2


async def test_a_thread_note_after_a_click_is_kept_by_the_next_click_which_still_advances(
    psa_walkbot, tech, fake_slack, db
):
    card = await start_printer_walk(tech, fake_slack, db)
    await click(tech, card, buttons(card.blocks)[0])
    drawn = (await fake_slack.wait_for("chat.update"))[-1]
    await add_note(tech, fake_slack, card, "User says only her PC can't print")

    with statements_sent(psa_walkbot.runtime.engine) as sent:
        await click(tech, card, button(drawn.args["blocks"], ids.BACK))
        await fake_slack.wait_for("chat.update", count=2)

    walk = await the_walk(db)
    assert walk.walked_path == [] and walk.current_node_id == "scope"
    assert [n["text"] for n in walk.walk_notes] == ["User says only her PC can't print"]
    assert len(sent) == 2  # the remembered walk's write found the note and read the walk afresh; then the write
    assert not fake_slack.responses  # not refused as stale
