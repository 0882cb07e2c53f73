"""A step as text, and a typed line as what the technician meant. Pure: no I/O, no database.

Numbers pick the step's buttons in the order the Slack card shows them, so a flow reads
the same in both places; letters are the commands every step has.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.engine import Back, Choose, Continue, DidntWork, FollowLink, StepView, SubmitInput
from bot.engine.actions import Action
from bot.engine.kinds import WalkStatus
from bot.flows.categories import ESCALATION_CATEGORIES

HELP = """\
  1, 2, …      pick a numbered answer (for an instruction: d/done = it worked, f/failed = didn't work)
  <value>      on a step that asks for a value, type it (prefix with = if it starts like a command)
  b            back: undo the last step
  n <text>     add a note to this step
  r            resolve the ticket (asks for notes and whether the flow helped)
  e            escalate (asks for a category and a reason)
  a            abandon the walk
  q            quit, leaving the walk active
  ?            this help"""

COMMANDS_LINE = "b back · n <text> note · r resolve · e escalate · a abandon · q quit · ? help"

_STEP_INTENTS: dict[str, type[Action]] = {
    "choose": Choose,
    "continue": Continue,
    "didnt_work": DidntWork,
    "follow_link": FollowLink,
}


# ── what a typed line means ──


@dataclass(frozen=True)
class TakeStep:
    """An engine step action; the shell adds revision, actor and time."""

    action: type[Action]
    fields: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class AddNoteCommand:
    text: str


@dataclass(frozen=True)
class ResolveCommand:
    pass


@dataclass(frozen=True)
class EscalateCommand:
    pass


@dataclass(frozen=True)
class AbandonCommand:
    pass


@dataclass(frozen=True)
class QuitCommand:
    pass


@dataclass(frozen=True)
class HelpCommand:
    pass


@dataclass(frozen=True)
class AskValue:
    """The input step's button: ask for the value on the next line."""

    label: str


@dataclass(frozen=True)
class Unrecognised:
    message: str


Command = (
    TakeStep
    | AddNoteCommand
    | ResolveCommand
    | EscalateCommand
    | AbandonCommand
    | QuitCommand
    | HelpCommand
    | AskValue
    | Unrecognised
)


def parse_command(line: str, view: StepView) -> Command:
    text = line.strip()
    word, _, rest = text.partition(" ")
    lowered = word.lower()
    node = view.node
    if not text:
        return Unrecognised("Type a number, a command, or ? for help.")
    if lowered in ("?", "h", "help"):
        return HelpCommand()
    if lowered in ("q", "quit", "exit"):
        return QuitCommand()
    if view.status != WalkStatus.ACTIVE:
        return Unrecognised(f"This walk is {view.status}; q quits.")
    if lowered in ("n", "note"):
        return AddNoteCommand(rest.strip()) if rest.strip() else Unrecognised("Write the note after n: n toner is low")
    if text.lower() in ("b", "back"):
        return TakeStep(Back)
    if text.lower() in ("r", "resolve"):
        return ResolveCommand()
    if text.lower() in ("e", "escalate"):
        return EscalateCommand()
    if text.lower() in ("a", "abandon"):
        return AbandonCommand()
    if node is None:
        return Unrecognised("There is nothing to answer here; r resolves, e escalates, q quits.")
    if text.startswith("=") and node.type == "input":
        return TakeStep(SubmitInput, {"value": text[1:]})
    if node.type == "instruction" and text.lower() in ("d", "done"):
        return TakeStep(Continue)
    if node.type == "instruction" and text.lower() in ("f", "failed"):
        return TakeStep(DidntWork)
    if text.isdigit():
        return _button(int(text), view)
    if node.type == "question":
        for button in node.buttons:
            if text.lower() in (button.argument.lower(), button.label.lower()):
                return TakeStep(Choose, {"option_id": button.argument})
    if node.type == "input":
        return TakeStep(SubmitInput, {"value": text})
    return Unrecognised(f"{text!r} is not an answer here; pick a number, or ? for help.")


def _button(number: int, view: StepView) -> Command:
    buttons = view.node.buttons if view.node else ()
    if not 1 <= number <= len(buttons):
        if view.node is not None and view.node.type == "input":
            return TakeStep(SubmitInput, {"value": str(number)})
        return Unrecognised(f"Pick a number from 1 to {len(buttons)}." if buttons else "There is nothing to pick.")
    button = buttons[number - 1]
    if button.intent == "enter_value":
        return AskValue(view.node.input_label or "value")
    if button.intent == "resolve":
        return ResolveCommand()
    if button.intent == "escalate":
        return EscalateCommand()
    if button.intent == "choose":
        return TakeStep(Choose, {"option_id": button.argument})
    return TakeStep(_STEP_INTENTS[button.intent])


# ── what a step looks like ──


def render_step(view: StepView, *, flow_title: str | None = None) -> str:
    """The step as the technician sees it: heading, text, help, links, numbered answers, commands."""
    where = f" · {flow_title}" if flow_title else (f" · {view.flow_slug}" if view.flow_slug else "")
    lines = [f"── Step {view.step_number}{where} " + "─" * 20]
    if view.status != WalkStatus.ACTIVE:
        lines.append(_finished(view))
        return "\n".join(lines)
    node = view.node
    if node is None:
        lines.append("Waiting for the next step…")
        return "\n".join(lines)
    kind = {"resolve": "Suggested resolution", "escalate": "Suggested escalation", "link": "Continues in"}.get(
        node.type
    )
    text = node.text or ""
    if kind:
        text = f"{kind}: {text}" if text else kind
    lines.append(text)
    if node.help:
        lines += ["   " + h for h in node.help.splitlines()]
    for link in node.links:
        lines.append(f"   ↗ {link.title}: {link.url}")
    if node.type == "escalate" and node.suggested_category:
        lines.append(f"   category: {ESCALATION_CATEGORIES.get(node.suggested_category, node.suggested_category)}")
    for number, button in enumerate(node.buttons, start=1):
        alias = {"continue": " (d)", "didnt_work": " (f)"}.get(button.intent, "")
        lines.append(f"  [{number}] {button.label}{alias}")
    if node.type == "input":
        lines.append(f"  or type the {node.input_label or 'value'} directly")
    lines.append("  " + (COMMANDS_LINE if view.can_back else COMMANDS_LINE.replace("b back · ", "")))
    return "\n".join(lines)


def _finished(view: StepView) -> str:
    if view.status == WalkStatus.RESOLVED:
        return f"Resolved: {view.outcome}"
    if view.status == WalkStatus.ESCALATED:
        return f"Escalated: {view.outcome}"
    return f"Walk {view.status}."


def category_menu() -> str:
    return "\n".join(f"  [{i}] {label}" for i, label in enumerate(ESCALATION_CATEGORIES.values(), start=1))


def category_of(answer: str, suggested: str | None) -> str:
    """A typed category: its number in the menu, its key, or Enter for the step's suggestion."""
    text = answer.strip()
    keys = list(ESCALATION_CATEGORIES)
    if not text:
        return suggested or ""
    if text.isdigit() and 1 <= int(text) <= len(keys):
        return keys[int(text) - 1]
    for key, label in ESCALATION_CATEGORIES.items():
        if text.lower() in (key, label.lower()):
            return key
    return text  # the engine refuses it with the list's name in the message


def helpful_of(answer: str) -> bool | None:
    text = answer.strip().lower()
    if text in ("y", "yes"):
        return True
    if text in ("n", "no"):
        return False
    return None
