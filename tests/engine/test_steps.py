"""Each forward step: where the walk goes and what walked_path records."""

from bot.engine import Choose, Continue, DidntWork, FollowLink, RecordStep, SubmitInput, WalkContext
from tests.engine.walks import ACTOR, at, do, started


def test_choosing_an_option_moves_to_its_next_node_and_records_the_answer():
    state = started()
    outcome = do(state, Choose, option_id="online")
    assert outcome.state.current_node_id == "restart"
    assert tuple(s.to_dict() for s in outcome.state.walked_path) == (
        {
            "node_id": "ask",
            "node_type": "question",
            "text": "Does the printer show as online in Settings > Printers?",
            "option_id": "online",
            "option_label": "Online",
            "actor": ACTOR,
            "at": at(1).isoformat(),
        },
    )


def test_every_step_bumps_the_revision_by_one():
    state = started()
    one = do(state, Choose, option_id="online").state
    two = do(one, Continue).state
    assert (state.revision, one.revision, two.revision) == (0, 1, 2)


def test_continue_on_an_instruction_with_a_failed_path_is_recorded_as_it_worked():
    state = do(started(), Choose, option_id="online").state
    outcome = do(state, Continue)
    assert outcome.state.current_node_id == "fixed"
    last = outcome.state.walked_path[-1]
    assert (last.node_id, last.node_type, last.option_id, last.option_label) == (
        "restart",
        "instruction",
        "done",
        "It worked",
    )


def test_continue_on_an_instruction_without_a_failed_path_is_recorded_as_done():
    state = do(do(started(), Choose, option_id="offline").state, SubmitInput, value="prn-02").state
    outcome = do(state, Continue)
    assert outcome.state.current_node_id == "fixed"
    assert outcome.state.walked_path[-1].option_label == "Done"


def test_didnt_work_follows_the_failed_path():
    state = do(started(), Choose, option_id="online").state
    outcome = do(state, DidntWork)
    assert outcome.state.current_node_id == "esc"
    last = outcome.state.walked_path[-1]
    assert (last.option_id, last.option_label) == ("failed", "Didn't work")


def test_submitted_input_moves_on_and_becomes_an_input_note_on_that_step():
    state = do(started(), Choose, option_id="offline").state
    outcome = do(state, SubmitInput, value="  prn-02.corp.local ")
    assert outcome.state.current_node_id == "ping"
    last = outcome.state.walked_path[-1]
    assert (last.node_id, last.option_id, last.value) == ("host", "value", "prn-02.corp.local")
    (note,) = outcome.state.walk_notes
    assert note.node_id == "host"
    assert note.text == "Printer hostname: prn-02.corp.local"
    assert note.source == "input"
    assert note.author == ACTOR
    assert note.source_id == last.note_source_id


def test_following_a_link_continues_at_the_linked_flows_start():
    state = do(started(), Choose, option_id="other").state
    outcome = do(state, FollowLink)
    assert outcome.state.current_node_id == "spooler-test:clear"
    last = outcome.state.walked_path[-1]
    assert (last.node_id, last.node_type, last.flow) == ("to-spooler", "link", "spooler-test")
    assert last.option_label == "Continued in Spooler test"
    assert outcome.view.flow_slug == "spooler-test"
    assert outcome.view.node.text == "Clear the spool folder and start the spooler again."


def test_steps_in_a_linked_flow_stay_in_that_flow():
    state = do(do(started(), Choose, option_id="other").state, FollowLink).state
    outcome = do(state, Continue)
    assert outcome.state.current_node_id == "spooler-test:done"
    assert outcome.state.walked_path[-1].node_id == "spooler-test:clear"
    assert outcome.view.node.type == "resolve"


def test_recording_a_free_step_in_an_adhoc_walk_appends_it_and_moves_to_the_next_step():
    state = started("adhoc", WalkContext())
    outcome = do(state, RecordStep, WalkContext(), text=" Checked DNS ", result="resolves fine")
    assert outcome.state.current_node_id == "step-2"
    assert tuple(s.to_dict() for s in outcome.state.walked_path) == (
        {
            "node_id": "step-1",
            "node_type": "adhoc",
            "text": "Checked DNS",
            "option_id": None,
            "option_label": "resolves fine",
            "actor": ACTOR,
            "at": at(1).isoformat(),
        },
    )
    assert outcome.view.step_number == 2
