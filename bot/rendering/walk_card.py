"""The walk card: the message a walk lives in, redrawn in place (chat.update) after every step.

Every button carries ``session|revision|argument`` (see ``action_ids.ButtonRef``), so a
click on an old card names an old revision and the engine refuses it as stale.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

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


def walk_card_blocks(card: WalkCard) -> list:
    view = card.view
    blocks: list = [HeaderBlock(text=clip(f"{card.ticket.label}", HEADER_TEXT))]
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(_facts(card), CONTEXT_TEXT))]))
    notice = card.notice or card.view.problem
    if notice:
        blocks.append(SectionBlock(text=clip(f":warning: {escape(notice)}", SECTION_TEXT)))
    if card.recent_steps and card.view.status == WalkStatus.ACTIVE:
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip(_recap(card), CONTEXT_TEXT))]))
    if view.status == WalkStatus.ACTIVE:
        blocks += _active_blocks(card)
    else:
        blocks += _finished_blocks(card)
    return blocks


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


def _ref(card: WalkCard, argument: str = "") -> str:
    return ids.ButtonRef(uuid.UUID(card.session_id), card.view.revision, argument).encode()


def _button(card: WalkCard, button: ButtonView) -> ButtonElement:
    return ButtonElement(
        text=clip(button.label, BUTTON_TEXT),
        action_id=f"{INTENT_ACTIONS[button.intent]}:{button.argument}"
        if button.intent == "choose"
        else INTENT_ACTIONS[button.intent],
        value=_ref(card, button.argument),
        style="primary" if button.primary else None,
    )


def _active_blocks(card: WalkCard) -> list:
    view = card.view
    blocks: list = []
    node = view.node
    if card.ai_failed or (view.awaiting_ai and node is None):
        text = (
            "The AI could not build the next step. Retry, or carry on as an ad-hoc investigation."
            if card.ai_failed
            else ":hourglass_flowing_sand: Working out the next step…"
        )
        blocks.append(SectionBlock(text=text))
        if card.ai_failed:
            blocks.append(
                ActionsBlock(
                    block_id="ai_recovery",
                    elements=[
                        ButtonElement(text="Retry", action_id=ids.AI_RETRY, value=_ref(card), style="primary"),
                        ButtonElement(text="Continue ad-hoc", action_id=ids.AI_TO_ADHOC, value=_ref(card)),
                    ],
                )
            )
    elif node is not None:
        if node.ai is not None:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=AI_NOTICE)]))
        prefix = {"resolve": ":white_check_mark: *Suggested resolution*\n", "escalate": ":arrow_up: *Escalate*\n"}.get(
            node.type, ""
        )
        blocks.append(SectionBlock(block_id="step", text=clip(prefix + escape(node.text), SECTION_TEXT)))
        extra = []
        if node.help:
            extra.append(escape(node.help))
        extra += [f"<{link.url}|{escape(link.title)}>" for link in node.links]
        if extra:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip("\n".join(extra), CONTEXT_TEXT))]))
        buttons = [_button(card, b) for b in node.buttons]
        for start in range(0, len(buttons), 25):
            blocks.append(ActionsBlock(block_id=f"node_{start}", elements=buttons[start : start + 25]))
    blocks.append(DividerBlock())
    secondary = []
    if view.can_back:
        secondary.append(ButtonElement(text="Back", action_id=ids.BACK, value=_ref(card)))
    if node is None or node.type != "resolve":
        secondary.append(ButtonElement(text="Resolve", action_id=ids.RESOLVE, value=_ref(card)))
    if node is None or node.type != "escalate":
        secondary.append(ButtonElement(text="Escalate", action_id=ids.ESCALATE, value=_ref(card)))
    secondary.append(
        ButtonElement(
            text="Abandon",
            action_id=ids.ABANDON,
            value=_ref(card),
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
    secondary.append(ButtonElement(text="Take over", action_id=ids.TAKE_OVER, value=_ref(card)))
    blocks.append(ActionsBlock(block_id="walk_actions", elements=secondary))
    blocks.append(
        ContextBlock(elements=[MarkdownTextObject(text="Reply in this thread to add a note to the current step.")])
    )
    return blocks


def _finished_blocks(card: WalkCard) -> list:
    view = card.view
    who = f" by <@{card.ended_by}>" if card.ended_by else ""
    if view.status == WalkStatus.RESOLVED:
        text = f":white_check_mark: *Resolved*{who} after {view.step_number - 1} step(s).\n{quote(view.outcome, 2500)}"
    elif view.status == WalkStatus.ESCALATED:
        label = f" ({escape(card.escalation_label)})" if card.escalation_label else ""
        text = f":arrow_up: *Escalated*{label}{who} after {view.step_number - 1} step(s).\n{quote(view.outcome, 2500)}"
    else:
        text = f":no_entry_sign: *Abandoned* after {view.step_number - 1} step(s)."
    blocks: list = [SectionBlock(text=clip(text, SECTION_TEXT))]
    if card.can_propose:
        blocks.append(
            ActionsBlock(
                block_id="propose",
                elements=[ButtonElement(text="Propose as flow", action_id=ids.PROPOSE, value=_ref(card))],
            )
        )
    return blocks
