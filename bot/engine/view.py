"""The view model: what a walk card shows, decided by the engine and drawn by ``bot.rendering``.

The engine names buttons by intent (``choose``, ``continue``…); rendering maps each to
an action id and stamps it with the revision, so no Slack detail leaks in here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from bot.engine.kinds import SessionKind, WalkStatus
from bot.engine.state import WalkContext, WalkState
from bot.flows.model import Link, Node

INSTRUCTION_DONE = "Done"
INSTRUCTION_WORKED = "It worked"
INSTRUCTION_FAILED = "Didn't work"


class Intent(StrEnum):
    """What a button asks for; rendering maps each to an action id, the terminal to a command."""

    CHOOSE = "choose"
    CONTINUE = "continue"
    DIDNT_WORK = "didnt_work"
    ENTER_VALUE = "enter_value"
    FOLLOW_LINK = "follow_link"
    RECORD_STEP = "record_step"
    RESOLVE = "resolve"
    ESCALATE = "escalate"


@dataclass(frozen=True)
class ButtonView:
    intent: Intent
    label: str
    argument: str = ""  # the option id, for choose
    primary: bool = False


@dataclass(frozen=True)
class NodeView:
    ref: str
    type: str  # question | instruction | input | link | resolve | escalate | adhoc
    text: str
    help: str | None = None
    links: tuple[Link, ...] = ()
    buttons: tuple[ButtonView, ...] = ()
    input_label: str | None = None
    suggested_category: str | None = None  # escalate nodes
    ai: dict[str, Any] | None = None  # AI-built nodes: action_class, rationale, confidence


@dataclass(frozen=True)
class StepView:
    session_kind: SessionKind
    status: WalkStatus
    step_number: int
    revision: int
    node: NodeView | None  # None when the walk is over, or an AI walk waits for its next node
    can_back: bool
    awaiting_ai: bool
    flow_slug: str | None = None  # the flow the current node belongs to (a linked flow's, after a link)
    outcome: str | None = None  # resolution notes or escalation reason, once finished
    problem: str | None = None  # why the current step can't be shown (its flow changed under the walk)


def instruction_buttons(node: Node) -> tuple[ButtonView, ...]:
    if node.failed_next:
        return (
            ButtonView(Intent.CONTINUE, INSTRUCTION_WORKED, primary=True),
            ButtonView(Intent.DIDNT_WORK, INSTRUCTION_FAILED),
        )
    return (ButtonView(Intent.CONTINUE, INSTRUCTION_DONE, primary=True),)


def node_view(ref: str, node: Node, *, ai: dict[str, Any] | None = None) -> NodeView:
    if node.type == "question":
        buttons = tuple(ButtonView(Intent.CHOOSE, o.label, o.id) for o in node.options)
    elif node.type == "instruction":
        buttons = (
            (
                ButtonView(Intent.CONTINUE, INSTRUCTION_WORKED, primary=True),
                ButtonView(Intent.DIDNT_WORK, INSTRUCTION_FAILED),
            )
            if ai is not None
            else instruction_buttons(node)
        )
    elif node.type == "input":
        buttons = (ButtonView(Intent.ENTER_VALUE, f"Enter {node.input_label or 'value'}", primary=True),)
    elif node.type == "link":
        buttons = (ButtonView(Intent.FOLLOW_LINK, "Continue", primary=True),)
    elif node.type == "resolve":
        buttons = (ButtonView(Intent.RESOLVE, "Resolve ticket", primary=True),)
    elif node.type == "escalate":
        buttons = (ButtonView(Intent.ESCALATE, "Escalate", primary=True),)
    else:
        buttons = ()
    return NodeView(
        ref=ref,
        type=node.type,
        text=node.text,
        help=node.help,
        links=node.links,
        buttons=buttons,
        input_label=node.input_label,
        suggested_category=node.category,
        ai=ai,
    )


def adhoc_view(state: WalkState) -> NodeView:
    return NodeView(
        ref=state.current_node_id or f"step-{state.step_number}",
        type="adhoc",
        text="Record what you check and what you find, one step at a time. Reply in this thread to add notes.",
        buttons=(ButtonView(Intent.RECORD_STEP, "Record a step", primary=True),),
    )


def view_of(state: WalkState, ctx: WalkContext) -> StepView:
    node: NodeView | None = None
    problem: str | None = None
    flow_slug = None
    awaiting_ai = False
    if state.status == WalkStatus.ACTIVE:
        if state.session_kind == SessionKind.ADHOC:
            node = adhoc_view(state)
        elif state.session_kind == SessionKind.AI_BUILD:
            if state.pending_node is None:
                awaiting_ai = True
            else:
                pending = Node.from_dict(state.pending_node)
                node = node_view(pending.id, pending, ai=state.pending_node.get("ai") or {})
        elif state.current_node_id is not None:
            try:
                flow, current = ctx.node(state.current_node_id)
            except KeyError:
                problem = (
                    f"Step '{state.current_node_id}' is no longer in a published flow; resolve or escalate this walk."
                )
            else:
                flow_slug = flow.slug
                node = node_view(state.current_node_id, current)
    outcome = state.resolution_notes if state.status == WalkStatus.RESOLVED else state.escalation_reason
    return StepView(
        session_kind=state.session_kind,
        status=state.status,
        step_number=state.step_number,
        revision=state.revision,
        node=node,
        can_back=state.status == WalkStatus.ACTIVE and bool(state.walked_path),
        awaiting_ai=awaiting_ai,
        flow_slug=flow_slug,
        outcome=outcome if state.status in (WalkStatus.RESOLVED, WalkStatus.ESCALATED) else None,
        problem=problem,
    )
