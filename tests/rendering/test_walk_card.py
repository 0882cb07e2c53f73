"""The walk card: a button per answer stamped with the step's revision, secondary actions, and limits kept."""

import uuid
from datetime import UTC, datetime

from bot.engine import Choose, WalkContext, apply, start_walk
from bot.engine.view import StepView
from bot.flows.model import Flow
from bot.rendering import action_ids as ids
from bot.rendering.walk_card import AI_NOTICE, TicketHeader, WalkCard, walk_card_blocks

SESSION = str(uuid.uuid4())
FLOW = Flow.from_dict(
    {
        "slug": "p",
        "title": "P",
        "start": "q",
        "nodes": [
            {
                "id": "q",
                "type": "question",
                "text": "Is the printer on? " + "x" * 4000,
                "options": [{"id": "on", "label": "On", "next": "r"}, {"id": "off", "label": "Off " * 40, "next": "r"}],
            },
            {"id": "r", "type": "resolve", "text": "Printed a test page."},
        ],
    }
)


def card(view: StepView, **extra) -> list[dict]:
    base = {"session_id": SESSION, "ticket": TicketHeader("ConnectWise #1 · Printer"), "technician_id": "U1"}
    return walk_card_blocks(WalkCard(walking="P (v1)", view=view, **{**base, **extra}))


def elements(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_each_option_is_a_button_carrying_the_session_revision_and_option():
    blocks = card(start_walk("flow", WalkContext(flow=FLOW)).view)
    options = [e for e in elements(blocks) if e["action_id"].startswith(ids.CHOOSE)]
    assert [e["value"] for e in options] == [f"{SESSION}|0|on", f"{SESSION}|0|off"]
    assert len({e["action_id"] for e in options}) == 2  # Slack refuses duplicate action ids in a block


def test_long_texts_are_clipped_to_slack_limits_instead_of_rejected():
    blocks = card(start_walk("flow", WalkContext(flow=FLOW)).view)
    step = next(b for b in blocks if b.get("block_id") == "step")
    assert len(step["text"]["text"]) == 3000 and step["text"]["text"].endswith("…")
    assert all(len(e["text"]["text"]) <= 75 for e in elements(blocks))


def test_first_step_offers_resolve_escalate_abandon_but_no_back():
    secondary = [e["action_id"] for e in elements(card(start_walk("flow", WalkContext(flow=FLOW)).view))]
    assert {ids.RESOLVE, ids.ESCALATE, ids.ABANDON} <= set(secondary) and ids.BACK not in secondary


def test_after_a_step_back_is_offered_and_the_recap_shows_the_answer():
    ctx = WalkContext(flow=FLOW)
    moved = apply(
        start_walk("flow", ctx).state, Choose(revision=0, actor="U1", at=datetime.now(UTC), option_id="on"), ctx
    )
    blocks = card(moved.view, recent_steps=(("Is the printer on?", "On"),))
    assert ids.BACK in [e["action_id"] for e in elements(blocks)]
    assert all(e["value"].startswith(f"{SESSION}|1|") for e in elements(blocks))
    assert "1. Is the printer on? → *On*" in str(blocks)


def test_ai_steps_carry_the_standing_notice():
    ai_node = {
        "id": "ai-1-abc",
        "type": "instruction",
        "text": "Restart Outlook.",
        "next": "",
        "failed_next": "",
        "ai": {},
    }
    state = start_walk("ai_build", WalkContext()).state.evolve(pending_node=ai_node, current_node_id="ai-1-abc")
    from bot.engine import view_of

    blocks = card(view_of(state, WalkContext()))
    assert AI_NOTICE in str(blocks)
    assert [e["action_id"] for e in elements(blocks)][:2] == [ids.CONTINUE, ids.DIDNT_WORK]


def test_a_resolved_ad_hoc_walk_offers_to_become_a_flow():
    ctx = WalkContext()
    from bot.engine import Resolve

    done = apply(
        start_walk("adhoc", ctx).state,
        Resolve(revision=0, actor="U1", at=datetime.now(UTC), notes="ok", helpful=True),
        ctx,
    )
    blocks = card(done.view, can_propose=True, ended_by="U1")
    assert "Resolved" in str(blocks) and [e["action_id"] for e in elements(blocks)] == [ids.PROPOSE]


def test_two_walks_at_one_step_get_the_same_card_each_with_its_own_button_references():
    view = start_walk("flow", WalkContext(flow=FLOW)).view
    other = str(uuid.uuid4())
    mine, theirs = card(view), card(view, session_id=other)
    assert {e["value"].split("|")[0] for e in elements(mine)} == {SESSION}
    assert {e["value"].split("|")[0] for e in elements(theirs)} == {other}
    for element in elements(mine) + elements(theirs):
        element["value"] = element["value"].split("|", 1)[1]
    assert mine == theirs


def test_a_card_handed_out_is_its_own_copy():
    view = start_walk("flow", WalkContext(flow=FLOW)).view
    first = card(view)
    first[0]["text"]["text"] = "changed"
    elements(first)[0]["value"] = "changed"
    assert card(view) != first
