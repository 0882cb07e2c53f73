"""The handoff card shows engineers everything, fits Slack's limits, and changes once picked up."""

import json
from datetime import UTC, datetime

from slack_sdk.models.blocks import Block

from bot.rendering import action_ids as ids
from bot.rendering.handoff import HandoffCard, HandoffStep, handoff_blocks


def card(**overrides):
    values = dict(
        session_id="5a1c",
        ticket_label="ConnectWise #12345 · Printer offline",
        ticket_url="https://cw.example/ticket/12345",
        company="Acme <Dental>",
        technician="Jane Tech",
        flow_title="Printer offline (v2)",
        steps=[
            HandoffStep("Is the printer online?", "No", ["user says it jammed"]),
            HandoffStep("Power-cycle it", "Didn't work"),
        ],
        loose_notes=["called the user back"],
        reason="Tray sensor seems broken",
        category_label="Hardware fault",
        thread_link="https://slack.example/archives/C1/p1",
    )
    values.update(overrides)
    return HandoffCard(**values)


def as_json(blocks):
    return json.dumps([b.to_dict() for b in blocks])


def test_the_card_carries_ticket_company_technician_flow_steps_notes_reason_and_thread():
    text = as_json(handoff_blocks(card()))
    for expected in (
        "12345",
        "Acme &lt;Dental&gt;",
        "*Technician:* Jane Tech",
        "Printer offline (v2)",
        "Is the printer online? \\u2192 *No*",
        "user says it jammed",
        "called the user back",
        "Tray sensor seems broken",
        "Hardware fault",
        "Open the walk thread",
    ):
        assert expected in text, expected


def test_an_open_card_has_a_pick_up_button_carrying_the_session():
    buttons = [e for b in handoff_blocks(card()) if b.type == "actions" for e in b.elements]
    assert [(b.action_id, b.value) for b in buttons] == [(ids.PICK_UP, "5a1c")]


def test_a_picked_up_card_names_the_engineer_and_has_no_button():
    blocks = handoff_blocks(card(picked_up_by="Eli Engineer", picked_up_at=datetime(2026, 11, 25, 10, 5, tzinfo=UTC)))
    text = as_json(blocks)
    assert "Picked up by Eli Engineer at 10:05 UTC" in text
    assert not [b for b in blocks if b.type == "actions"]


def test_a_very_long_walk_still_fits_in_one_message():
    steps = [HandoffStep("Check " + "x" * 500, "Done", ["n" * 400]) for _ in range(60)]
    blocks = handoff_blocks(card(steps=steps, reason="r" * 5000))
    assert len(blocks) <= 50
    for block in blocks:
        Block.parse(block.to_dict()).validate_json()  # raises on any field over Slack's limits
    assert "and more steps" in as_json(blocks)


def test_the_card_names_people_by_display_name_never_by_bare_slack_id():
    text = as_json(handoff_blocks(card(escalated_by="Eli Engineer")))
    assert "<@" not in text
    assert "*Escalated by:* Eli Engineer (took over)" in text
