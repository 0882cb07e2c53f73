"""Transitions that make no sense are refused with a sentence a technician can act on."""

import pytest

from bot.engine import (
    Back,
    Choose,
    Continue,
    DidntWork,
    Escalate,
    FollowLink,
    InvalidAction,
    RecordStep,
    Resolve,
    SubmitInput,
    WalkContext,
)
from bot.engine.walk import apply
from tests.engine.walks import PRINTER, do, started


def _refused(state, action_type, message, ctx=None, **fields):
    snapshot = state.to_columns()
    with pytest.raises(InvalidAction) as refused:
        do(state, action_type, ctx, **fields)
    assert str(refused.value) == message
    assert state.to_columns() == snapshot


def test_choosing_on_a_resolved_walk_is_refused():
    resolved = do(started(), Resolve, notes="fixed", helpful=True).state
    _refused(resolved, Choose, "This walk is already resolved; start a new one with /walk TICKET.", option_id="online")


def test_choosing_an_option_the_question_does_not_have_is_refused():
    _refused(started(), Choose, "This question has no answer 'maybe'.", option_id="maybe")


def test_choosing_on_an_instruction_is_refused():
    state = do(started(), Choose, option_id="online").state
    _refused(state, Choose, "This step is not a question.", option_id="online")


def test_didnt_work_on_an_instruction_without_a_failed_path_is_refused():
    state = do(do(started(), Choose, option_id="offline").state, SubmitInput, value="prn-02").state
    _refused(state, DidntWork, 'This step has no "didn\'t work" path.')


def test_continue_on_a_question_is_refused():
    _refused(started(), Continue, "Only an instruction step can be marked done.")


def test_a_blank_input_value_is_refused():
    state = do(started(), Choose, option_id="offline").state
    _refused(state, SubmitInput, "Enter the Printer hostname first.", value="   ")


def test_input_on_a_question_is_refused():
    _refused(started(), SubmitInput, "This step does not ask for a value.", value="x")


def test_following_a_link_on_a_question_is_refused():
    _refused(started(), FollowLink, "This step does not link to another flow.")


def test_following_a_link_to_an_unpublished_flow_is_refused():
    ctx = WalkContext(flow=PRINTER)  # spooler-test not published
    state = do(started(ctx=ctx), Choose, ctx, option_id="other").state
    _refused(state, FollowLink, "The flow 'spooler-test' is not published; escalate or resolve instead.", ctx)


def test_back_at_the_start_is_refused():
    _refused(started(), Back, "This is the first step; there is nothing to go back to.")


def test_resolving_with_blank_notes_is_refused():
    _refused(started(), Resolve, "Resolution notes are required: say what fixed it.", notes="  ", helpful=True)


def test_escalating_with_an_unknown_category_is_refused():
    _refused(
        started(), Escalate, "Unknown escalation category 'printer_on_fire'.", reason="x", category="printer_on_fire"
    )


def test_escalating_without_a_reason_is_refused():
    _refused(
        started(),
        Escalate,
        "Say why you are escalating, for the engineer who picks it up.",
        reason=" ",
        category="other",
    )


def test_recording_a_free_step_on_a_flow_walk_is_refused():
    _refused(started(), RecordStep, "Free steps are recorded in ad-hoc walks only.", text="checked", result="ok")


def test_recording_a_free_step_without_saying_what_was_checked_is_refused():
    ctx = WalkContext()
    _refused(started("adhoc", ctx), RecordStep, "Say what you checked or did.", ctx, text=" ", result="ok")


def test_choosing_in_an_adhoc_walk_is_refused():
    ctx = WalkContext()
    _refused(
        started("adhoc", ctx),
        Choose,
        "This walk has no flow step to answer; record a step instead.",
        ctx,
        option_id="x",
    )


def test_a_step_whose_node_left_the_flow_is_refused_not_crashed():
    state = started().evolve(current_node_id="spooler-test:gone")
    _refused(
        state, Continue, "Step 'spooler-test:gone' is no longer in a published flow; resolve or escalate this walk."
    )


def test_a_note_action_type_is_not_a_step_action():
    class Wave:  # not an engine action at all
        revision = 0

    with pytest.raises(InvalidAction, match="Wave is not a walk action"):
        apply(started(), Wave(), WalkContext(flow=PRINTER))
