"""The modals a walk opens: resolve, escalate, enter a value, record an ad-hoc step, reject a proposal, which ticket."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from slack_sdk.models.blocks import (
    InputBlock,
    Option,
    PlainTextInputElement,
    RadioButtonsElement,
    SectionBlock,
    StaticSelectElement,
)
from slack_sdk.models.blocks.block_elements import CheckboxesElement
from slack_sdk.models.views import View

from bot.rendering import action_ids as ids
from bot.rendering.text import INPUT_INITIAL, MODAL_TITLE, OPTION_TEXT, SECTION_TEXT, clip, escape

# Block and action ids of modal inputs, read back from view_submission state.
NOTES = "notes"
HELPFUL = "helpful"
CATEGORY = "category"
REASON = "reason"
VALUE = "value"
STEP_TEXT = "step_text"
STEP_RESULT = "step_result"
CATEGORIES = "categories"
FLOOR_DENIES = "floor_denies"
TICKET = "ticket"  # /walk flows: which ticket to start the chosen flow on


def _modal(callback_id: str, title: str, submit: str, blocks: list, metadata: str) -> View:
    return View(
        type="modal",
        callback_id=callback_id,
        title=clip(title, MODAL_TITLE),
        submit=clip(submit, MODAL_TITLE),
        close="Cancel",
        blocks=blocks,
        private_metadata=metadata,
    )


def _text_input(
    block: str,
    label: str,
    *,
    initial: str | None = None,
    multiline: bool = True,
    optional: bool = False,
    placeholder: str | None = None,
) -> InputBlock:
    element = PlainTextInputElement(
        action_id=block,
        multiline=multiline,
        initial_value=clip(initial, INPUT_INITIAL) if initial else None,
        placeholder=placeholder,
        max_length=INPUT_INITIAL,
    )
    return InputBlock(block_id=block, label=label, element=element, optional=optional)


def resolve_modal(metadata: str, *, suggested: str | None, ticket_label: str) -> View:
    """Resolution notes (prefilled from a resolve node) and whether the flow helped."""
    helpful = RadioButtonsElement(
        action_id=HELPFUL,
        options=[Option(value="yes", label="Yes"), Option(value="no", label="No")],
    )
    return _modal(
        ids.RESOLVE_VIEW,
        "Resolve walk",
        "Resolve",
        [
            SectionBlock(text=clip(f"Resolving *{escape(ticket_label)}*. These notes go on the ticket.", SECTION_TEXT)),
            _text_input(NOTES, "Resolution notes", initial=suggested, placeholder="What fixed it?"),
            InputBlock(block_id=HELPFUL, label="Was this flow helpful?", element=helpful),
        ],
        metadata,
    )


def escalate_modal(
    metadata: str, *, categories: Mapping[str, str], suggested_category: str | None, suggested_reason: str | None
) -> View:
    options = [Option(value=key, label=clip(label, OPTION_TEXT)) for key, label in categories.items()]
    initial = next((o for o in options if o.value == suggested_category), None)
    select = StaticSelectElement(
        action_id=CATEGORY, placeholder="Choose a category", options=options, initial_option=initial
    )
    return _modal(
        ids.ESCALATE_VIEW,
        "Escalate to engineers",
        "Escalate",
        [
            InputBlock(block_id=CATEGORY, label="Reason category", element=select),
            _text_input(
                REASON,
                "What should the engineer know?",
                initial=suggested_reason,
                placeholder="What you tried, what you saw, what you need",
            ),
        ],
        metadata,
    )


def value_modal(metadata: str, *, label: str, question: str) -> View:
    return _modal(
        ids.VALUE_VIEW,
        "Enter a value",
        "Save",
        [
            SectionBlock(text=clip(escape(question), SECTION_TEXT)),
            _text_input(VALUE, clip(label, 2000), multiline=False),
        ],
        metadata,
    )


def adhoc_step_modal(metadata: str) -> View:
    return _modal(
        ids.ADHOC_STEP_VIEW,
        "Record a step",
        "Record",
        [
            _text_input(STEP_TEXT, "What did you check or do?", multiline=False, placeholder="Checked the print queue"),
            _text_input(
                STEP_RESULT, "What was the result?", multiline=False, placeholder="Two jobs stuck; cleared them"
            ),
        ],
        metadata,
    )


def reject_modal(metadata: str, *, title: str) -> View:
    return _modal(
        ids.REJECT_VIEW,
        "Reject proposal",
        "Reject",
        [SectionBlock(text=clip(f"Rejecting *{escape(title)}*.", SECTION_TEXT)), _text_input(REASON, "Why?")],
        metadata,
    )


def ticket_modal(start: ids.FlowStart) -> View:
    """``/walk flows`` → "Start on ticket…": which ticket to walk the chosen flow on."""
    return View(
        type="modal",
        callback_id=ids.TICKET_VIEW,
        title=clip("Start a walk", MODAL_TITLE),
        submit="Start",
        close="Cancel",
        private_metadata=start.encode(),
        blocks=[
            SectionBlock(text=clip(f"Walk the `{start.slug}` flow on which ticket?", SECTION_TEXT)),
            InputBlock(
                block_id=TICKET,
                label="Ticket",
                element=PlainTextInputElement(action_id=TICKET, placeholder="12345 or INT-7", max_length=40),
                hint="The PSA ticket number, or an internal ticket like INT-7.",
            ),
        ],
    )


def settings_modal(
    metadata: str, *, all_categories: Mapping[str, str], enabled: Sequence[str], floor_denies: Sequence[str] = ()
) -> View:
    """AI-guided categories an admin may enable, and phrases AI steps may never mention. No setting lifts the floor."""
    options = [Option(value=key, label=clip(label, OPTION_TEXT)) for key, label in all_categories.items()]
    initial = [o for o in options if o.value in set(enabled)]
    boxes = CheckboxesElement(action_id=CATEGORIES, options=options, initial_options=initial or None)
    return _modal(
        ids.SETTINGS_VIEW,
        "walkbot settings",
        "Save",
        [
            SectionBlock(
                text="AI-guided walks are offered only for tickets in these categories. Registry, disk, security "
                "software, elevation, credential, DNS/DHCP, server and billing steps are never shown to L1, "
                "whatever is ticked here."
            ),
            InputBlock(
                block_id=CATEGORIES, label="Categories allowed for AI-guided walks", element=boxes, optional=True
            ),
            _text_input(
                FLOOR_DENIES,
                "Also never show AI steps that mention (one per line)",
                initial="\n".join(floor_denies),
                optional=True,
                placeholder="e.g. RMM agent",
            ),
        ],
        metadata,
    )


# ── reading what was submitted (next to the block ids the modals above use) ──
# Each input block's element has the same id as its block, so state is values[block][block].


def _state(view: dict, block: str) -> dict:
    return ((view.get("state") or {}).get("values") or {}).get(block, {}).get(block) or {}


def text_value(view: dict, block: str) -> str:
    return _state(view, block).get("value") or ""


def selected_value(view: dict, block: str) -> str | None:
    option = _state(view, block).get("selected_option")
    return option.get("value") if option else None


def selected_values(view: dict, block: str) -> list[str]:
    return [o["value"] for o in _state(view, block).get("selected_options") or () if o.get("value")]


@dataclass(frozen=True)
class ResolveAnswers:
    notes: str
    helpful: bool | None  # None: not answered


def resolve_answers(view: dict) -> ResolveAnswers:
    helpful = selected_value(view, HELPFUL)
    return ResolveAnswers(text_value(view, NOTES), None if helpful is None else helpful == "yes")


@dataclass(frozen=True)
class EscalateAnswers:
    reason: str
    category: str


def escalate_answers(view: dict) -> EscalateAnswers:
    return EscalateAnswers(text_value(view, REASON), selected_value(view, CATEGORY) or "other")


def entered_value(view: dict) -> str:
    return text_value(view, VALUE)


@dataclass(frozen=True)
class StepAnswers:
    text: str
    result: str


def step_answers(view: dict) -> StepAnswers:
    return StepAnswers(text_value(view, STEP_TEXT), text_value(view, STEP_RESULT))


def reject_reason(view: dict) -> str:
    return text_value(view, REASON)


def chosen_categories(view: dict) -> list[str]:
    return selected_values(view, CATEGORIES)


def floor_denies_text(view: dict) -> str:
    return text_value(view, FLOOR_DENIES)


def typed_ticket(view: dict) -> str:
    return text_value(view, TICKET).strip()


def chosen_channel(view: dict) -> str | None:
    return _state(view, ids.ENGINEER_CHANNEL).get("selected_conversation")
