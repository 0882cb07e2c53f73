"""Acceptance, end to end over signed HTTP: another technician's Resolve is refused; an engineer made so from
the CLI (no restart) takes the walk over and finishes it; two worker processes against a slow PSA write one
note per walk, and the note names both the technician and who finished it."""

from __future__ import annotations

import asyncio
import os

from bot.rendering import action_ids as ids
from tests.commands.cli import walkbot
from tests.slack.steps import Card, button, eventually, start_printer_walk
from tests.slack.test_ownership import press, resolve_as
from tests.writeback.test_two_workers import run_worker


async def test_who_may_touch_a_walk_roles_without_restart_and_one_note_per_walk(
    psa_walkbot, tech, fake_slack, connectwise, db, database_url, tmp_path
):
    connectwise.add_ticket(12346, "Printer jams on floor 3", type="Printer")
    fake_slack.set_user("U_TECH", real_name="Tina Technician", display_name="Tina")
    fake_slack.set_user("U_LEAD", real_name="Lee Lead", display_name="Lee")
    card = await start_printer_walk(tech, fake_slack, db)

    # Another technician's Resolve is refused, and changes nothing.
    refused = await press(tech, card, ids.RESOLVE, "U_OTHER")
    assert refused["text"].startswith("This is <@U_TECH>'s walk")

    # U_LEAD is an L1 technician: no take-over. Made an engineer from the CLI, the next click may.
    assert (await press(tech, card, ids.TAKE_OVER, "U_LEAD"))["text"].startswith("Only engineers")
    changed = walkbot(database_url, "users", "role", "U_LEAD", "engineer", cwd=tmp_path)
    assert changed.returncode == 0, changed.stderr
    await tech.click(
        ids.TAKE_OVER,
        button(card.blocks, ids.TAKE_OVER)["value"],
        channel_id=card.channel,
        message_ts=card.ts,
        user_id="U_LEAD",
    )
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "took over" in c.args.get("text", ""))
    await resolve_as(tech, card, "U_LEAD", notes="Reseated the tray")
    await eventually(db, lambda rows: rows[0].status == "resolved")

    # A second walk, finished by its own technician.
    await tech.slash("12346 printer-offline")
    posted = (await fake_slack.wait_for("chat.postMessage", where=lambda c: "#12346" in str(c.args.get("blocks"))))[0]
    second = Card(posted.response["channel"], posted.response["ts"], posted.args["blocks"])
    await eventually(db, lambda rows: any(r.message_ts == second.ts for r in rows))
    await resolve_as(tech, second, "U_TECH", notes="Cleared the jam")
    await eventually(db, lambda rows: len(rows) == 2 and {r.status for r in rows} == {"resolved"})

    # Two worker processes at once, a slow PSA: one note per walk.
    connectwise.delay = 0.4
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALKBOT_")} | connectwise.env()
    first, second_worker = await asyncio.gather(run_worker(database_url, env, 2), run_worker(database_url, env, 2))

    [note] = connectwise.posted_notes(12345)
    [other] = connectwise.posted_notes(12346)
    assert "Technician: Tina ·" in other["text"] and "Finished by" not in other["text"]
    assert len(connectwise.requests_to("POST", "/notes")) == 2
    assert "Technician: Tina ·" in note["text"] and "Finished by: Lee (took over from Tina)" in note["text"]
    assert "U_TECH" not in note["text"] and "U_LEAD" not in note["text"]
    assert first["parked"] == second_worker["parked"] == 0
