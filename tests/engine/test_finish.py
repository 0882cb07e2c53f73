"""Resolve, escalate and abandon: the walk ends and records why."""

import pytest

from bot.engine import Abandon, Back, Choose, Escalate, InvalidAction, Resolve
from tests.engine.walks import at, do, started


def test_resolving_records_notes_helpful_and_time():
    state = do(started(), Choose, option_id="online").state
    outcome = do(state, Resolve, notes="  Restarted the spooler ", helpful=True)
    assert outcome.state.status == "resolved"
    assert outcome.state.resolution_notes == "Restarted the spooler"
    assert outcome.state.helpful is True
    assert outcome.state.resolved_at == at(2)
    assert outcome.view.node is None
    assert outcome.view.outcome == "Restarted the spooler"
    assert outcome.view.can_back is False


def test_escalating_records_reason_and_category():
    outcome = do(started(), Escalate, reason="Paper feed is broken", category="hardware_fault")
    assert outcome.state.status == "escalated"
    assert outcome.state.escalation_reason == "Paper feed is broken"
    assert outcome.state.escalation_reason_category == "hardware_fault"
    assert outcome.view.outcome == "Paper feed is broken"


def test_abandoning_ends_the_walk_without_an_outcome():
    outcome = do(started(), Abandon)
    assert outcome.state.status == "abandoned"
    assert outcome.view.node is None
    assert outcome.view.outcome is None


def test_a_finished_walk_cannot_go_back():
    state = do(do(started(), Choose, option_id="online").state, Resolve, notes="fixed", helpful=None).state
    with pytest.raises(InvalidAction, match="already resolved"):
        do(state, Back)
