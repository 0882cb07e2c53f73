"""The terminal walk loop: show the step, read a line, take the step (``bot.walks.trying.take_terminal_step``).

Each step is its own transaction, opened by that use case, so the session row is always current:
quitting (or a crash) leaves a walk Slack can pick up exactly where the terminal left it.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from bot.engine import Abandon, AddNote, Escalate, Resolve, StepView, SubmitInput, WalkContext, WalkError
from bot.engine.actions import Action
from bot.engine.kinds import WalkStatus
from bot.engine.walk import NoteAction
from bot.terminal.console import Console
from bot.terminal.walk import (
    HELP,
    AbandonCommand,
    AddNoteCommand,
    AskValue,
    EscalateCommand,
    HelpCommand,
    QuitCommand,
    ResolveCommand,
    TakeStep,
    Unrecognised,
    category_menu,
    category_of,
    helpful_of,
    parse_command,
    render_step,
)
from bot.walks.stepping import Stepped
from bot.walks.trying import take_terminal_step


@dataclass(frozen=True)
class TerminalWalk:
    """Who walks which session: ``actor`` is the CLI user's id (``cli:<name>``), as a Slack user id would be."""

    account_id: uuid.UUID
    session_id: uuid.UUID
    actor: str
    psa_kind: str = "none"  # where a resolved or escalated walk on a PSA ticket is written back
    status_on_resolve: str | None = None  # the ticket status a resolved walk sets, as in Slack


class _Quit(Exception):
    """End of input in the middle of a question: leave the walk as it is."""


async def run_walk(db: Any, walk: TerminalWalk, first: Stepped, console: Console) -> StepView:
    """Walk until the walk ends or the technician quits; returns the last view shown. ``db`` is the session
    factory (``runtime.db``) the steps' transactions are opened on."""
    view = first.outcome.view
    console.say(render_step(view, flow_title=_title(first.context, view.flow_slug)))
    while view.status == WalkStatus.ACTIVE:
        line = console.ask("> ")
        if line is None:
            break
        command = parse_command(line, view)
        if isinstance(command, QuitCommand):
            break
        if isinstance(command, HelpCommand):
            console.say(HELP)
            continue
        if isinstance(command, Unrecognised):
            console.say(command.message)
            continue
        try:
            action = _action_for(command, view, walk, console)
        except _Quit:
            break
        if action is None:
            continue
        try:
            stepped = await take_terminal_step(
                db,
                walk.account_id,
                walk.session_id,
                action,
                psa_kind=walk.psa_kind,
                status_on_resolve=walk.status_on_resolve,
            )
        except WalkError as exc:
            console.say(str(exc))
            continue
        if isinstance(action, AddNote):
            console.say("Note added to this step." if stepped.outcome.changed else "That note is already there.")
            continue
        view = stepped.outcome.view
        console.say(render_step(view, flow_title=_title(stepped.context, view.flow_slug)))
    if view.status == WalkStatus.ACTIVE:
        console.say(f"Left the walk active (session {walk.session_id}); it can be picked up in Slack.")
    return view


def _action_for(command, view: StepView, walk: TerminalWalk, console: Console) -> Action | NoteAction | None:
    now = datetime.now(UTC)
    base = {"revision": view.revision, "actor": walk.actor, "at": now}
    if isinstance(command, TakeStep):
        return command.action(**base, **command.fields)
    if isinstance(command, AskValue):
        return SubmitInput(**base, value=_ask(console, f"{command.label}: "))
    if isinstance(command, AddNoteCommand):
        return AddNote(
            text=command.text, author=walk.actor, source="terminal", source_id=f"terminal:{uuid.uuid4()}", at=now
        )
    if isinstance(command, ResolveCommand):
        suggested = view.node.text if view.node is not None and view.node.type == "resolve" else ""
        hint = f" [Enter: {suggested}]" if suggested else ""
        notes = _ask(console, f"Resolution notes (what fixed it){hint}: ").strip() or suggested
        helpful = helpful_of(_ask(console, "Did the flow help? [y/n, Enter to skip]: "))
        return Resolve(**base, notes=notes, helpful=helpful)
    if isinstance(command, EscalateCommand):
        at_escalate = view.node is not None and view.node.type == "escalate"
        suggested_category = view.node.suggested_category if at_escalate else None
        console.say(category_menu())
        hint = f" [Enter: {suggested_category}]" if suggested_category else ""
        category = category_of(_ask(console, f"Category{hint}: "), suggested_category)
        suggested = view.node.text if at_escalate else ""
        hint = f" [Enter: {suggested}]" if suggested else ""
        reason = _ask(console, f"Reason, for the engineer who picks it up{hint}: ").strip() or suggested
        return Escalate(**base, reason=reason, category=category)
    if isinstance(command, AbandonCommand):
        if _ask(console, "Abandon this walk? [y/N]: ").strip().lower() not in ("y", "yes"):
            console.say("Not abandoned.")
            return None
        return Abandon(**base)
    raise TypeError(f"unhandled command {command!r}")


def _title(context: WalkContext, slug: str | None) -> str | None:
    """The title of the flow the step belongs to: the walked one, or one a link led into."""
    if slug is None:
        return None
    if context.flow is not None and context.flow.slug == slug:
        return context.flow.title
    linked = context.linked.get(slug)
    return linked.title if linked is not None else slug


def _ask(console: Console, prompt: str) -> str:
    answer = console.ask(prompt)
    if answer is None:
        raise _Quit
    return answer
