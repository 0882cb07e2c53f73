"""An ad-hoc walk: the technician records their own steps in a modal, then resolves."""

from bot.rendering import action_ids as ids
from tests.harness.driver import plain_text_input, radio_buttons
from tests.slack.steps import button, click, start_printer_walk, the_walk


async def test_record_a_step_then_resolve_an_adhoc_walk(tech, fake_slack, connectwise, db):
    card = await start_printer_walk(tech, fake_slack, db, "12345 adhoc")
    assert (await the_walk(db)).session_kind == "adhoc"
    await click(tech, card, button(card.blocks, ids.ADD_STEP))
    modal = (await fake_slack.wait_for("views.open"))[0]
    assert modal.args["view"]["callback_id"] == ids.ADHOC_STEP_VIEW
    await tech.submit_view(
        ids.ADHOC_STEP_VIEW,
        values={
            "step_text": {"step_text": plain_text_input("Restarted the print spooler")},
            "step_result": {"step_result": plain_text_input("Queue cleared")},
        },
    )
    update = (await fake_slack.wait_for("chat.update"))[0]
    assert "step 2" in str(update.args["blocks"]) and "step 1" not in str(update.args["blocks"])
    walk = await the_walk(db)
    assert len(walk.walked_path) == 1 and walk.walked_path[0]["text"] == "Restarted the print spooler"
    assert "Queue cleared" in str(walk.walked_path[0])
    await click(tech, card, button(update.args["blocks"], ids.RESOLVE))
    await fake_slack.wait_for("views.open", count=2)
    await tech.submit_view(
        ids.RESOLVE_VIEW,
        values={
            "notes": {"notes": plain_text_input("Spooler restart fixed it")},
            "helpful": {"helpful": radio_buttons("yes")},
        },
    )
    await fake_slack.wait_for("chat.update", count=2)
    walk = await the_walk(db)
    assert walk.status == "resolved" and walk.resolution_notes == "Spooler restart fixed it"
