"""Properties every sample flow in flows/ must have, checked on random walks (hypothesis).

A random walk picks any valid answer at each step (options, "didn't work", links into
other flows) with Backs mixed in. Whatever it does, it must reach a resolve or escalate
node within the node count of the flows it can visit, every step must be undone exactly
by Back, and an action from an old card must be refused without changing anything.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.engine import (
    Back,
    Choose,
    Continue,
    DidntWork,
    Escalate,
    FollowLink,
    Resolve,
    StaleAction,
    SubmitInput,
    WalkContext,
    WalkState,
    apply,
    start_walk,
)
from bot.flows.loader import load_flow_files
from bot.flows.model import Flow
from tests.engine.walks import PRINTER, SPOOLER, at, columns_without_revision

FLOWS_DIR = Path(__file__).resolve().parents[2] / "flows"
MAX_BACKS = 6


def _sample_flows() -> tuple[dict[str, Flow], list[str]]:
    """Every flow in flows/ that could be built, and every loading error (reported by the tests, not at collection)."""
    paths = sorted([*FLOWS_DIR.glob("*.yaml"), *FLOWS_DIR.glob("*.yml")])
    flows, errors = load_flow_files(paths)
    return {f.slug: f for f in flows}, [str(e) for e in errors]


SAMPLES, SAMPLE_ERRORS = _sample_flows()
# The engine's own fixtures ride along, so the properties are exercised even before flows/ is filled.
LIBRARY = {**SAMPLES, PRINTER.slug: PRINTER, SPOOLER.slug: SPOOLER}


def test_every_sample_flow_loads_without_errors():
    assert SAMPLE_ERRORS == []


def _reachable_flows(slug: str) -> list[Flow]:
    seen, todo = [slug], [slug]
    while todo:
        for node in LIBRARY[todo.pop()].nodes.values():
            if node.type == "link" and node.flow in LIBRARY and node.flow not in seen:
                seen.append(node.flow)
                todo.append(node.flow)
    return [LIBRARY[s] for s in seen]


def _context(slug: str) -> WalkContext:
    return WalkContext(flow=LIBRARY[slug], linked={f.slug: f for f in _reachable_flows(slug)[1:]})


def _node_count(slug: str) -> int:
    return sum(len(f.nodes) for f in _reachable_flows(slug))


def _forward_actions(state: WalkState, ctx: WalkContext) -> list:
    """Every valid forward answer to the current step, as (action type, fields)."""
    _, node = ctx.node(state.current_node_id)
    if node.type == "question":
        return [(Choose, {"option_id": o.id}) for o in node.options]
    if node.type == "instruction":
        return [(Continue, {})] + ([(DidntWork, {})] if node.failed_next else [])
    if node.type == "input":
        return [(SubmitInput, {"value": "PRN-0042"})]
    if node.type == "link":
        return [(FollowLink, {})]
    return []


def _act(state: WalkState, action_type, revision: int | None = None, **fields):
    revision = state.revision if revision is None else revision
    return action_type(revision=revision, actor="U_PROP", at=at(state.revision), **fields)


def _assert_stale_changes_nothing(state: WalkState, ctx: WalkContext, options: list) -> None:
    snapshot = state.to_columns()
    for revision in {state.revision - 1, state.revision + 1} - {-1}:
        for action_type, fields in [*options, (Back, {})]:
            with pytest.raises(StaleAction):
                apply(state, _act(state, action_type, revision, **fields), ctx)
    assert state.to_columns() == snapshot


@pytest.mark.parametrize("slug", sorted(LIBRARY))
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_random_walk_ends_in_resolve_or_escalate_and_every_step_backs_out_exactly(slug, data):
    ctx = _context(slug)
    limit = _node_count(slug)
    state = start_walk("flow", ctx).state
    backs = 0
    for _ in range(limit + 2 * MAX_BACKS + 1):
        _, node = ctx.node(state.current_node_id)
        if node.is_terminal:
            break
        options = _forward_actions(state, ctx)
        assert options, f"{slug}: node {state.current_node_id!r} ({node.type}) offers no way forward"
        _assert_stale_changes_nothing(state, ctx, options)
        if state.walked_path and backs < MAX_BACKS and data.draw(st.integers(0, 4), label="back?") == 4:
            backs += 1
            state = apply(state, _act(state, Back), ctx).state
            continue
        action_type, fields = data.draw(st.sampled_from(options), label=f"answer at {state.current_node_id}")
        after = apply(state, _act(state, action_type, **fields), ctx).state
        assert after.revision == state.revision + 1
        undone = apply(after, _act(after, Back), ctx).state
        assert columns_without_revision(undone) == columns_without_revision(state), f"back after {action_type}"
        state = after
    _, node = ctx.node(state.current_node_id)
    path = " -> ".join(s.node_id for s in state.walked_path)
    assert node.is_terminal, f"{slug}: no resolve/escalate after {limit} forward steps: {path}"
    assert len(state.walked_path) <= limit, f"{slug}: {len(state.walked_path)} steps > {limit} nodes: {path}"

    finish = (
        _act(state, Resolve, notes=node.text, helpful=True)
        if node.type == "resolve"
        else _act(state, Escalate, reason=node.text, category=node.category or "flow_dead_end")
    )
    done = apply(state, finish, ctx).state
    assert done.status == ("resolved" if node.type == "resolve" else "escalated")
    _assert_stale_changes_nothing(done, ctx, [(Back, {})])
