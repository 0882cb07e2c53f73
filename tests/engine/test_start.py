"""Where each kind of walk begins."""

import pytest

from bot.engine import InvalidAction, WalkContext, start_walk
from tests.engine.walks import PRINTER, printer_context


def test_a_flow_walk_starts_at_the_flows_start_node():
    outcome = start_walk("flow", printer_context())
    assert outcome.state.current_node_id == "ask"
    assert outcome.state.status == "active"
    assert outcome.state.walked_path == ()
    assert outcome.state.revision == 0
    assert outcome.view.node.ref == "ask"
    assert outcome.view.step_number == 1


def test_a_proposal_walk_starts_at_the_drafts_start_node():
    outcome = start_walk("proposal", WalkContext(flow=PRINTER))
    assert outcome.state.session_kind == "proposal"
    assert outcome.state.current_node_id == "ask"


def test_an_adhoc_walk_starts_at_free_step_one():
    outcome = start_walk("adhoc", WalkContext())
    assert outcome.state.current_node_id == "step-1"
    assert outcome.view.node.type == "adhoc"


def test_an_ai_walk_starts_waiting_for_its_first_node():
    outcome = start_walk("ai_build", WalkContext())
    assert outcome.state.current_node_id is None
    assert outcome.state.pending_node is None
    assert outcome.view.awaiting_ai is True
    assert outcome.view.node is None


def test_a_flow_walk_without_a_flow_is_refused():
    with pytest.raises(InvalidAction, match="needs a flow"):
        start_walk("flow", WalkContext())


def test_an_unknown_kind_of_walk_is_refused():
    with pytest.raises(InvalidAction, match="unknown kind of walk 'guided'"):
        start_walk("guided", printer_context())
