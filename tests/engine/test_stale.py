"""An action for a step that is no longer current is refused as stale and changes nothing."""

import pytest

from bot.engine import Back, Choose, Continue, Escalate, Resolve, StaleAction, apply
from tests.engine.walks import ACTOR, at, do, printer_context, started


def test_a_double_click_on_an_option_is_stale_the_second_time():
    state = started()
    click = Choose(revision=state.revision, actor=ACTOR, at=at(1), option_id="online")
    after = apply(state, click, printer_context()).state
    with pytest.raises(StaleAction, match="already answered"):
        apply(after, click, printer_context())
    assert after.current_node_id == "restart"
    assert len(after.walked_path) == 1


def test_an_old_card_cannot_answer_the_current_step():
    state = do(do(started(), Choose, option_id="online").state, Continue).state
    old = Choose(revision=0, actor=ACTOR, at=at(5), option_id="offline")
    snapshot = state.to_columns()
    with pytest.raises(StaleAction):
        apply(state, old, printer_context())
    assert state.to_columns() == snapshot


def test_an_action_from_the_future_is_stale_too():
    with pytest.raises(StaleAction):
        apply(started(), Back(revision=7, actor=ACTOR, at=at()), printer_context())


def test_a_double_click_on_resolve_is_stale_not_an_error():
    state = started()
    resolve = Resolve(revision=0, actor=ACTOR, at=at(1), notes="fixed", helpful=True)
    resolved = apply(state, resolve, printer_context()).state
    with pytest.raises(StaleAction):
        apply(resolved, resolve, printer_context())
    assert resolved.resolution_notes == "fixed"


def test_escalating_from_an_old_card_after_resolution_is_stale():
    resolved = do(started(), Resolve, notes="fixed", helpful=False).state
    with pytest.raises(StaleAction):
        apply(resolved, Escalate(revision=0, actor=ACTOR, at=at(), reason="x", category="other"), printer_context())
    assert resolved.status == "resolved"
