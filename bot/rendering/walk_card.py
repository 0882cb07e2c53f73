"""The walk card: the message a walk lives in, redrawn in place (chat.update) after every step.

Every button carries ``session|revision|argument`` (see ``action_ids.ButtonRef``), so a
click on an old card names an old revision and the engine refuses it as stale.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ButtonElement,
    ConfirmObject,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    SectionBlock,
)
from slack_sdk.models.blocks.basic_components import MarkdownTextObject

from bot.engine import ButtonView, StepView
from bot.engine.kinds import SessionKind, WalkStatus
from bot.engine.view import Link
from bot.rendering import action_ids as ids
from bot.rendering.text import BUTTON_TEXT, CONTEXT_TEXT, HEADER_TEXT, SECTION_TEXT, clip, escape, quote

AI_NOTICE = (
    ":robot_face: *AI-suggested step.* Follow it only if it is safe and clear to you. Stop and escalate if a step "
    "asks for admin rights, registry or security changes, or anything you are unsure of."
)

INTENT_ACTIONS = {
    "choose": ids.CHOOSE,
    "continue": ids.CONTINUE,
    "didnt_work": ids.DIDNT_WORK,
    "enter_value": ids.ENTER_VALUE,
    "follow_link": ids.FOLLOW_LINK,
    "record_step": ids.ADD_STEP,
    "resolve": ids.RESOLVE,
    "escalate": ids.ESCALATE,
}

KIND_EMOJI = {
    SessionKind.FLOW: ":compass:",
    SessionKind.PROPOSAL: ":test_tube:",
    SessionKind.ADHOC: ":mag:",
    SessionKind.AI_BUILD: ":robot_face:",
}


@dataclass(frozen=True)
class TicketHeader:
    label: str  # "ConnectWise #12345 · Printer offline"
    url: str | None = None
    company: str | None = None
    contact: str | None = None


@dataclass(frozen=True)
class WalkCard:
    session_id: str
    ticket: TicketHeader
    technician_id: str  # Slack user id
    walking: str  # "Printer offline (v2)", "Ad-hoc investigation", "AI-guided walk"
    view: StepView
    category_label: str | None = None  # AI walks: the category it was classified into
    notice: str | None = None  # a problem to show above the step (Claude unavailable, …)
    ai_failed: bool = False  # offer Retry / Continue ad-hoc instead of the step
    escalation_label: str | None = None
    ended_by: str | None = None  # Slack user id of who resolved / escalated
    # Slack user id of who took the walk over and carries it on now (None while its technician holds it).
    held_by: str | None = None
    can_propose: bool = False
    # The last steps walked, (text, answer), so the technician sees where they are coming from;
    # an ad-hoc walk has no flow to show, so this is its whole record.
    recent_steps: tuple[tuple[str, str], ...] = ()


def walk_fallback_text(card: WalkCard) -> str:
    view = card.view
    if view.status != WalkStatus.ACTIVE:
        return clip(f"Walk {view.status}: {card.ticket.label}", 300)
    step = view.node.text if view.node else "waiting for the next step"
    return clip(f"{card.ticket.label} — step {view.step_number}: {step}", 300)


def walk_card_blocks(card: WalkCard) -> list[dict[str, Any]]:
    """The card as Slack's block JSON, assembled from pieces (see ``_piece``)."""
    view = card.view
    node = view.node
    pieces = [_piece(_head, card.ticket.label, _facts(card))]
    notice = card.notice or card.view.problem
    if notice:
        pieces.append(_piece(_section, f":warning: {escape(notice)}"))
    if view.status == WalkStatus.ACTIVE:
        if card.recent_steps:
            pieces.append(_piece(_context, _recap(card)))
        if card.ai_failed or (view.awaiting_ai and node is None):
            pieces.append(_piece(_ai_waiting, card.ai_failed))
        elif node is not None:
            pieces.append(_piece(_node, node.type, node.text, node.help, node.links, node.buttons, node.ai is not None))
        pieces.append(_piece(_walk_actions, view.can_back, node.type if node is not None else None))
    else:
        pieces.append(_piece(_section, _finished_text(card)))
        if card.can_propose:
            pieces.append(_piece(_propose))
    return _with_ref([block for piece in pieces for block in piece], card)


# Slack's block models validate every field and serialise on each ``to_dict()``, which cost more than the
# rest of a click together. A piece of a card depends only on its arguments (the node of a flow version,
# the walk's actions, a text), so each piece is built through the models once per process and its JSON
# kept; buttons carry a placeholder reference that ``_with_ref`` replaces with the walk's own.
_PIECES: dict[tuple, str] = {}
_PIECES_LIMIT = 4_096
# As long as any real ``session|revision|`` prefix, so the models check a button value's length as it will be.
REF_PLACEHOLDER = f"{uuid.UUID(int=0)}|{10**10 - 1}|"


def _piece(build: Callable[..., list], *args: Any) -> list[dict[str, Any]]:
    key = (build, *args)
    found = _PIECES.get(key)
    if found is None:
        found = json.dumps([block.to_dict() for block in build(*args)])
        if len(_PIECES) >= _PIECES_LIMIT:
            _PIECES.pop(next(iter(_PIECES)))
        _PIECES[key] = found
    return json.loads(found)


def _with_ref(blocks: list[dict[str, Any]], card: WalkCard) -> list[dict[str, Any]]:
    """Stamp the walk's ``session|revision|`` on each button (fresh dicts from ``_piece``, changed in place)."""
    prefix = f"{card.session_id}|{card.view.revision}|"
    cut = len(REF_PLACEHOLDER)
    for block in blocks:
        if block["type"] == "actions":
            for element in block["elements"]:
                value = element.get("value")
                if value is not None and value.startswith(REF_PLACEHOLDER):
                    element["value"] = prefix + value[cut:]
    return blocks


def _ref(argument: str = "") -> str:
    return REF_PLACEHOLDER + argument


def _head(label: str, facts: str) -> list:
    return [
        HeaderBlock(text=clip(label, HEADER_TEXT)),
        ContextBlock(elements=[MarkdownTextObject(text=clip(facts, CONTEXT_TEXT))]),
    ]


def _section(text: str) -> list:
    return [SectionBlock(text=clip(text, SECTION_TEXT))]


def _context(text: str) -> list:
    return [ContextBlock(elements=[MarkdownTextObject(text=clip(text, CONTEXT_TEXT))])]


def _facts(card: WalkCard) -> str:
    view = card.view
    facts = [f"{KIND_EMOJI.get(view.session_kind, '')} {escape(card.walking)}"]
    if card.ticket.url:
        facts.append(f"<{card.ticket.url}|open ticket>")
    if card.ticket.company:
        facts.append(escape(card.ticket.company))
    facts.append(f"technician <@{card.technician_id}>")
    if card.held_by and view.status == "active":
        facts.append(f"taken over by <@{card.held_by}>")
    if card.category_label:
        facts.append(f"category: {escape(card.category_label)}")
    if view.status == WalkStatus.ACTIVE:
        facts.append(f"step {view.step_number}")
    return " · ".join(facts)


def _recap(card: WalkCard) -> str:
    first = card.view.step_number - len(card.recent_steps)
    lines = ["*So far*"]
    for number, (text, answer) in enumerate(card.recent_steps, start=first):
        line = f"{number}. {escape(clip(text, 150))}"
        lines.append(f"{line} → *{escape(clip(answer, 80))}*" if answer else line)
    return "\n".join(lines)


def _button(button: ButtonView) -> ButtonElement:
    return ButtonElement(
        text=clip(button.label, BUTTON_TEXT),
        action_id=f"{INTENT_ACTIONS[button.intent]}:{button.argument}"
        if button.intent == "choose"
        else INTENT_ACTIONS[button.intent],
        value=_ref(button.argument),
        style="primary" if button.primary else None,
    )


def _ai_waiting(ai_failed: bool) -> list:
    text = (
        "The AI could not build the next step. Retry, or carry on as an ad-hoc investigation."
        if ai_failed
        else ":hourglass_flowing_sand: Working out the next step…"
    )
    blocks: list = [SectionBlock(text=text)]
    if ai_failed:
        blocks.append(
            ActionsBlock(
                block_id="ai_recovery",
                elements=[
                    ButtonElement(text="Retry", action_id=ids.AI_RETRY, value=_ref(), style="primary"),
                    ButtonElement(text="Continue ad-hoc", action_id=ids.AI_TO_ADHOC, value=_ref()),
                ],
            )
        )
    return blocks


def _node(
    node_type: str,
    text: str,
    help_text: str | None,
    links: tuple[Link, ...],
    buttons: tuple[ButtonView, ...],
    suggested_by_ai: bool,
) -> list:
    """The step itself: its text, help and links, and a button per answer."""
    blocks: list = []
    if suggested_by_ai:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=AI_NOTICE)]))
    prefix = {"resolve": ":white_check_mark: *Suggested resolution*\n", "escalate": ":arrow_up: *Escalate*\n"}.get(
        node_type, ""
    )
    blocks.append(SectionBlock(block_id="step", text=clip(prefix + escape(text), SECTION_TEXT)))
    extra = []
    if help_text:
        extra.append(escape(help_text))
    extra += [f"<{link.url}|{escape(link.title)}>" for link in links]
    if extra:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip("\n".join(extra), CONTEXT_TEXT))]))
    elements = [_button(b) for b in buttons]
    for start in range(0, len(elements), 25):
        blocks.append(ActionsBlock(block_id=f"node_{start}", elements=elements[start : start + 25]))
    return blocks


def _walk_actions(can_back: bool, node_type: str | None) -> list:
    """What every active card offers below the step: Back, Resolve, Escalate, Abandon, Take over."""
    secondary = []
    if can_back:
        secondary.append(ButtonElement(text="Back", action_id=ids.BACK, value=_ref()))
    if node_type != "resolve":
        secondary.append(ButtonElement(text="Resolve", action_id=ids.RESOLVE, value=_ref()))
    if node_type != "escalate":
        secondary.append(ButtonElement(text="Escalate", action_id=ids.ESCALATE, value=_ref()))
    secondary.append(
        ButtonElement(
            text="Abandon",
            action_id=ids.ABANDON,
            value=_ref(),
            style="danger",
            confirm=ConfirmObject(
                title="Abandon this walk?",
                text="The walk ends without a resolution or escalation. Nothing is written to the ticket.",
                confirm="Abandon",
                deny="Keep walking",
            ),
        )
    )
    # Refused for anyone but engineers and admins (or when the technician left Slack), with the reason.
    secondary.append(ButtonElement(text="Take over", action_id=ids.TAKE_OVER, value=_ref()))
    return [
        DividerBlock(),
        ActionsBlock(block_id="walk_actions", elements=secondary),
        ContextBlock(elements=[MarkdownTextObject(text="Reply in this thread to add a note to the current step.")]),
    ]


def _finished_text(card: WalkCard) -> str:
    view = card.view
    who = f" by <@{card.ended_by}>" if card.ended_by else ""
    if view.status == WalkStatus.RESOLVED:
        return f":white_check_mark: *Resolved*{who} after {view.step_number - 1} step(s).\n{quote(view.outcome, 2500)}"
    if view.status == WalkStatus.ESCALATED:
        label = f" ({escape(card.escalation_label)})" if card.escalation_label else ""
        return f":arrow_up: *Escalated*{label}{who} after {view.step_number - 1} step(s).\n{quote(view.outcome, 2500)}"
    return f":no_entry_sign: *Abandoned* after {view.step_number - 1} step(s)."


def _propose() -> list:
    return [
        ActionsBlock(
            block_id="propose",
            elements=[ButtonElement(text="Propose as flow", action_id=ids.PROPOSE, value=_ref())],
        )
    ]
