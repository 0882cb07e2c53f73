"""AI walks: the shell serves one generated node at a time; the engine keeps it so Back never pays for it twice."""

import pytest

from bot.engine import AddNote, Back, Choose, Continue, DidntWork, InvalidAction, ServeNode, WalkContext, apply
from tests.engine.walks import at, columns_without_revision, do, started

CTX = WalkContext()
QUESTION = {
    "id": "ai-1",
    "type": "question",
    "text": "Is the VPN client showing an error code?",
    "options": [{"id": "yes", "label": "Yes", "next": "?"}, {"id": "no", "label": "No", "next": "?"}],
    "ai": {"action_class": "diagnose", "rationale": "narrow it down", "confidence": 0.8},
}
INSTRUCTION = {"id": "ai-2", "type": "instruction", "text": "Reconnect to the office Wi-Fi.", "ai": {}}


def _served(node=QUESTION, state=None):
    return do(state or started("ai_build", CTX), ServeNode, CTX, node=node).state


def test_serving_a_node_makes_it_pending_and_shows_it():
    outcome = do(started("ai_build", CTX), ServeNode, CTX, node=QUESTION)
    assert outcome.state.pending_node == QUESTION
    assert outcome.state.current_node_id == "ai-1"
    assert outcome.view.awaiting_ai is False
    assert outcome.view.node.text == "Is the VPN client showing an error code?"
    assert outcome.view.node.ai == QUESTION["ai"]
    assert [b.argument for b in outcome.view.node.buttons] == ["yes", "no"]


def test_answering_moves_the_node_into_walked_path_and_waits_for_the_next():
    outcome = do(_served(), Choose, CTX, option_id="yes")
    assert outcome.state.pending_node is None
    assert outcome.state.current_node_id is None
    last = outcome.state.walked_path[-1]
    assert (last.node_id, last.node_type, last.option_id, last.option_label) == (
        "ai-1",
        "question",
        "yes",
        "Yes",
    )
    assert last.node == QUESTION
    assert outcome.view.awaiting_ai is True


def test_an_ai_instruction_always_offers_didnt_work():
    served = do(started("ai_build", CTX), ServeNode, CTX, node=INSTRUCTION)
    assert [b.intent for b in served.view.node.buttons] == ["continue", "didnt_work"]
    outcome = do(served.state, DidntWork, CTX)
    assert outcome.state.walked_path[-1].option_label == "Didn't work"
    assert outcome.state.walked_path[-1].node == INSTRUCTION


def test_back_serves_the_answered_node_again_without_a_new_call():
    served = _served()
    answered = do(served, Choose, CTX, option_id="no").state
    undone = do(answered, Back, CTX)
    assert columns_without_revision(undone.state) == columns_without_revision(served)
    assert undone.view.node.ref == "ai-1"
    assert undone.view.awaiting_ai is False


def test_serving_while_a_node_is_pending_is_refused():
    state = _served()
    with pytest.raises(InvalidAction, match="already waiting for an answer"):
        do(state, ServeNode, CTX, node=INSTRUCTION)


def test_serving_a_malformed_node_is_refused_and_changes_nothing():
    state = started("ai_build", CTX)
    with pytest.raises(InvalidAction, match="malformed"):
        do(state, ServeNode, CTX, node={"text": "no id or type"})


def test_answering_before_a_node_is_served_is_refused():
    with pytest.raises(InvalidAction, match="not ready yet"):
        do(started("ai_build", CTX), Continue, CTX)


def test_serving_on_a_flow_walk_is_refused():
    with pytest.raises(InvalidAction, match="Only AI-guided walks"):
        do(started(), ServeNode, node=QUESTION)


def test_a_note_while_waiting_attaches_to_the_last_answered_node():
    answered = do(_served(), Choose, CTX, option_id="yes").state
    outcome = apply(answered, AddNote(text="code 809", author="U", source="thread", source_id="1", at=at()), CTX)
    assert outcome.state.walk_notes[0].node_id == "ai-1"
