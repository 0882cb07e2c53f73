"""``apply(state, action, ctx)``: the one place a walk's state changes.

Every rule about what may happen next lives here; everything returns a new state or
raises a ``WalkError`` and leaves the old one untouched (states are immutable).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any

from bot.engine.actions import (
    Abandon,
    Action,
    AddNote,
    Back,
    Choose,
    Continue,
    DeleteNote,
    DidntWork,
    EditNote,
    Escalate,
    FollowLink,
    RecordStep,
    Resolve,
    ServeNode,
    SubmitInput,
)
from bot.engine.errors import InvalidAction, StaleAction
from bot.engine.kinds import SessionKind, WalkStatus
from bot.engine.state import Note, Step, WalkContext, WalkState
from bot.engine.view import INSTRUCTION_DONE, INSTRUCTION_FAILED, INSTRUCTION_WORKED, StepView, view_of
from bot.flows.categories import ESCALATION_CATEGORIES
from bot.flows.model import Node

NoteAction = AddNote | EditNote | DeleteNote


@dataclass(frozen=True)
class Outcome:
    state: WalkState
    view: StepView
    changed: bool = True  # False for a redelivered note: nothing to store, nothing to redraw


def start_walk(session_kind: SessionKind | str, ctx: WalkContext) -> Outcome:
    """The state of a walk that has just begun: at the flow's start, or waiting for its first AI node."""
    try:
        session_kind = SessionKind(session_kind)
    except ValueError:
        raise InvalidAction(f"unknown kind of walk {session_kind!r}") from None
    if session_kind in (SessionKind.FLOW, SessionKind.PROPOSAL):
        if ctx.flow is None:
            raise InvalidAction("a flow walk needs a flow")
        state = WalkState(session_kind=session_kind, current_node_id=ctx.flow.start)
    elif session_kind == SessionKind.ADHOC:
        state = WalkState(session_kind=session_kind, current_node_id="step-1")
    else:
        state = WalkState(session_kind=session_kind)
    return Outcome(state, view_of(state, ctx))


def apply(state: WalkState, action: Action | NoteAction, ctx: WalkContext) -> Outcome:
    if isinstance(action, AddNote | EditNote | DeleteNote):
        new_state = _apply_note(state, action)
        return Outcome(new_state, view_of(new_state, ctx), changed=new_state is not state)
    # Staleness first: a double click on the button that finished the walk is harmless, not an error.
    if action.revision != state.revision:
        raise StaleAction("This step was already answered; use the latest card.")
    if state.status != WalkStatus.ACTIVE:
        raise InvalidAction(f"This walk is already {state.status}; start a new one with /walk TICKET.")
    handler = _STEP_HANDLERS.get(type(action))
    if handler is None:
        raise InvalidAction(f"{type(action).__name__} is not a walk action")
    new_state = handler(state, action, ctx)
    if new_state.revision == state.revision and new_state is not state and not isinstance(action, ServeNode):
        new_state = new_state.evolve(revision=state.revision + 1)
    return Outcome(new_state, view_of(new_state, ctx))


# ── step actions ──


def _current(state: WalkState, ctx: WalkContext) -> tuple[str, Node, dict[str, Any] | None]:
    """The node being answered: (reference, node, ai metadata or None)."""
    if state.session_kind == SessionKind.AI_BUILD:
        if state.pending_node is None:
            raise InvalidAction("The next AI step is not ready yet; refresh the card.")
        node = Node.from_dict(state.pending_node)
        return node.id, node, state.pending_node
    if state.session_kind == SessionKind.ADHOC or state.current_node_id is None:
        raise InvalidAction("This walk has no flow step to answer; record a step instead.")
    try:
        return state.current_node_id, ctx.node(state.current_node_id)[1], None
    except KeyError:
        raise InvalidAction(
            f"Step {state.current_node_id!r} is no longer in a published flow; resolve or escalate this walk."
        ) from None


def _step(ref: str, node: Node, action: Action, *, option_id: str, option_label: str, **extra: Any) -> Step:
    return Step(
        node_id=ref,
        node_type=node.type,
        text=node.text,
        option_id=option_id,
        option_label=option_label,
        actor=action.actor,
        at=_iso(action.at),
        **extra,
    )


def _advance(
    state: WalkState, ctx: WalkContext, entry: Step, ai_node: dict[str, Any] | None, next_id: str | None
) -> WalkState:
    if ai_node is not None:
        entry = replace(entry, node=ai_node)  # kept so Back can serve the same node again, without a new paid call
        return state.evolve(walked_path=(*state.walked_path, entry), pending_node=None, current_node_id=None)
    path = (*state.walked_path, entry)
    if not next_id:
        raise InvalidAction("This step has nowhere to go; resolve or escalate.")
    flow, _ = ctx.node(entry.node_id)
    return state.evolve(walked_path=path, current_node_id=ctx.ref(flow, next_id))


def _choose(state: WalkState, action: Choose, ctx: WalkContext) -> WalkState:
    ref, node, ai = _current(state, ctx)
    if node.type != "question":
        raise InvalidAction("This step is not a question.")
    option = node.option(action.option_id)
    if option is None:
        raise InvalidAction(f"This question has no answer {action.option_id!r}.")
    entry = _step(ref, node, action, option_id=option.id, option_label=option.label)
    return _advance(state, ctx, entry, ai, option.next)


def _continue(state: WalkState, action: Continue, ctx: WalkContext) -> WalkState:
    ref, node, ai = _current(state, ctx)
    if node.type != "instruction":
        raise InvalidAction("Only an instruction step can be marked done.")
    label = INSTRUCTION_WORKED if (node.failed_next or ai is not None) else INSTRUCTION_DONE
    entry = _step(ref, node, action, option_id="done", option_label=label)
    return _advance(state, ctx, entry, ai, node.next)


def _didnt_work(state: WalkState, action: DidntWork, ctx: WalkContext) -> WalkState:
    ref, node, ai = _current(state, ctx)
    if node.type != "instruction" or (ai is None and not node.failed_next):
        raise InvalidAction('This step has no "didn\'t work" path.')
    entry = _step(ref, node, action, option_id="failed", option_label=INSTRUCTION_FAILED)
    return _advance(state, ctx, entry, ai, node.failed_next)


def _submit_input(state: WalkState, action: SubmitInput, ctx: WalkContext) -> WalkState:
    ref, node, ai = _current(state, ctx)
    if node.type != "input":
        raise InvalidAction("This step does not ask for a value.")
    value = action.value.strip()
    if not value:
        raise InvalidAction(f"Enter the {node.input_label or 'value'} first.")
    source_id = f"input:{state.revision}:{ref}"
    entry = _step(ref, node, action, option_id="value", option_label=value, value=value, note_source_id=source_id)
    note = _note(ref, f"{node.input_label or 'Value'}: {value}", action.actor, "input", source_id, action.at)
    advanced = _advance(state, ctx, entry, ai, node.next)
    return advanced.evolve(walk_notes=(*state.walk_notes, note))


def _follow_link(state: WalkState, action: FollowLink, ctx: WalkContext) -> WalkState:
    ref, node, _ = _current(state, ctx)
    if node.type != "link" or not node.flow:
        raise InvalidAction("This step does not link to another flow.")
    target = ctx.flow if ctx.flow is not None and ctx.flow.slug == node.flow else ctx.linked.get(node.flow)
    if target is None:
        raise InvalidAction(f"The flow {node.flow!r} is not published; escalate or resolve instead.")
    extra = {"flow": node.flow}
    if node.flow in ctx.linked_versions:
        extra["flow_version"] = ctx.linked_versions[node.flow]
    entry = _step(ref, node, action, option_id="link", option_label=f"Continued in {target.title}", **extra)
    path = (*state.walked_path, entry)
    return state.evolve(walked_path=path, current_node_id=ctx.ref(target, target.start))


def _record_step(state: WalkState, action: RecordStep, ctx: WalkContext) -> WalkState:
    if state.session_kind != SessionKind.ADHOC:
        raise InvalidAction("Free steps are recorded in ad-hoc walks only.")
    text, result = action.text.strip(), action.result.strip()
    if not text:
        raise InvalidAction("Say what you checked or did.")
    entry = Step(
        node_id=state.current_node_id or f"step-{state.step_number}",
        node_type="adhoc",
        text=text,
        option_id=None,
        option_label=result,
        actor=action.actor,
        at=_iso(action.at),
    )
    return state.evolve(walked_path=(*state.walked_path, entry), current_node_id=f"step-{state.step_number + 1}")


def _back(state: WalkState, action: Back, ctx: WalkContext) -> WalkState:
    if not state.walked_path:
        raise InvalidAction("This is the first step; there is nothing to go back to.")
    last = state.walked_path[-1]
    notes = state.walk_notes
    if last.note_source_id:
        notes = tuple(n for n in notes if n.source_id != last.note_source_id)
    return state.evolve(
        walked_path=state.walked_path[:-1],
        walk_notes=notes,
        current_node_id=last.node_id,
        pending_node=(dict(last.node) if last.node is not None else None)
        if state.session_kind == SessionKind.AI_BUILD
        else state.pending_node,
    )


def _resolve(state: WalkState, action: Resolve, ctx: WalkContext) -> WalkState:
    notes = action.notes.strip()
    if not notes:
        raise InvalidAction("Resolution notes are required: say what fixed it.")
    return state.evolve(
        status=WalkStatus.RESOLVED, resolution_notes=notes, helpful=action.helpful, resolved_at=action.at
    )


def _escalate(state: WalkState, action: Escalate, ctx: WalkContext) -> WalkState:
    reason = action.reason.strip()
    if not reason:
        raise InvalidAction("Say why you are escalating, for the engineer who picks it up.")
    if action.category not in ESCALATION_CATEGORIES:
        raise InvalidAction(f"Unknown escalation category {action.category!r}.")
    return state.evolve(
        status=WalkStatus.ESCALATED, escalation_reason=reason, escalation_reason_category=action.category
    )


def _abandon(state: WalkState, action: Abandon, ctx: WalkContext) -> WalkState:
    return state.evolve(status=WalkStatus.ABANDONED)


def _serve_node(state: WalkState, action: ServeNode, ctx: WalkContext) -> WalkState:
    if state.session_kind != SessionKind.AI_BUILD:
        raise InvalidAction("Only AI-guided walks are served generated steps.")
    if state.pending_node is not None:
        raise InvalidAction("A step is already waiting for an answer.")
    try:
        node = Node.from_dict(action.node)  # refuses a malformed node before anything changes
    except (KeyError, TypeError, AttributeError) as exc:
        raise InvalidAction(f"The generated step is malformed ({exc!r}); ask for the next step again.") from None
    return state.evolve(pending_node=dict(action.node), current_node_id=node.id)


_STEP_HANDLERS = {
    Choose: _choose,
    Continue: _continue,
    DidntWork: _didnt_work,
    SubmitInput: _submit_input,
    FollowLink: _follow_link,
    RecordStep: _record_step,
    Back: _back,
    Resolve: _resolve,
    Escalate: _escalate,
    Abandon: _abandon,
    ServeNode: _serve_node,
}


# ── notes ──


def _note(node_id: str | None, text: str, author: str, source: str, source_id: str, at: datetime) -> Note:
    return Note(node_id=node_id, text=text, author=author, source=source, source_id=source_id, at=_iso(at))


def _apply_note(state: WalkState, action: NoteAction) -> WalkState:
    """Notes attach to the step current when written; a known ``source_id`` is a redelivery."""
    known = {n.source_id for n in state.walk_notes}
    if isinstance(action, AddNote):
        text = action.text.strip()
        if action.source_id in known or not text:
            return state
        node_id = state.current_node_id
        if state.session_kind == SessionKind.AI_BUILD and state.pending_node is None and state.walked_path:
            node_id = state.walked_path[-1].node_id
        note = _note(node_id, text, action.author, action.source, action.source_id, action.at)
        return state.evolve(walk_notes=(*state.walk_notes, note))
    if action.source_id not in known:
        return state
    if isinstance(action, EditNote):
        notes = tuple(
            replace(n, text=action.text.strip(), edited_at=_iso(action.at)) if n.source_id == action.source_id else n
            for n in state.walk_notes
        )
        return state.evolve(walk_notes=notes)
    return state.evolve(walk_notes=tuple(n for n in state.walk_notes if n.source_id != action.source_id))


def _iso(at: datetime) -> str:
    return at.isoformat()
