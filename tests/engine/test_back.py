"""Back undoes the last step exactly: every column as before, except revision, which only grows."""

import pytest

from bot.engine import Back, Choose, Continue, DidntWork, FollowLink, RecordStep, SubmitInput, WalkContext
from tests.engine.walks import columns_without_revision, do, note, started


def _walk(*steps):
    state = started()
    for action_type, fields in steps:
        state = do(state, action_type, **fields).state
    return state


@pytest.mark.parametrize(
    "steps",
    [
        [(Choose, {"option_id": "online"})],
        [(Choose, {"option_id": "online"}), (Continue, {})],
        [(Choose, {"option_id": "online"}), (DidntWork, {})],
        [(Choose, {"option_id": "offline"}), (SubmitInput, {"value": "prn-02"})],
        [(Choose, {"option_id": "other"}), (FollowLink, {})],
        [(Choose, {"option_id": "other"}), (FollowLink, {}), (Continue, {})],
    ],
    ids=["choose", "continue", "didnt-work", "input", "link", "step-in-linked-flow"],
)
def test_back_restores_the_state_before_the_last_step(steps):
    before = _walk(*steps[:-1])
    after = do(before, steps[-1][0], **steps[-1][1]).state
    undone = do(after, Back)
    assert columns_without_revision(undone.state) == columns_without_revision(before)
    assert undone.state.revision == after.revision + 1
    assert undone.view.node.ref == before.current_node_id


def test_back_removes_the_note_an_input_step_added():
    before = _walk((Choose, {"option_id": "offline"}))
    after = do(before, SubmitInput, value="prn-02").state
    assert len(after.walk_notes) == 1
    assert do(after, Back).state.walk_notes == ()


def test_back_keeps_notes_written_by_hand_on_earlier_steps():
    state = note(started(), "user on floor 2", "1.1").state
    state = do(state, Choose, option_id="online").state
    assert [n.text for n in do(state, Back).state.walk_notes] == ["user on floor 2"]


def test_back_in_an_adhoc_walk_removes_the_last_free_step():
    ctx = WalkContext()
    before = do(started("adhoc", ctx), RecordStep, ctx, text="Checked DNS", result="fine").state
    after = do(before, RecordStep, ctx, text="Flushed cache", result="no change").state
    undone = do(after, Back, ctx).state
    assert columns_without_revision(undone) == columns_without_revision(before)
    assert undone.current_node_id == "step-2"


def test_back_twice_returns_to_the_start():
    state = _walk((Choose, {"option_id": "online"}), (Continue, {}))
    state = do(do(state, Back).state, Back).state
    assert columns_without_revision(state) == columns_without_revision(started())
    assert state.revision == 4
