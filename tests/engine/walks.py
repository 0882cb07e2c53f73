"""Small flows and helpers shared by the engine tests: one flow of every node type, and a flow it links to."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.engine import AddNote, Outcome, WalkContext, WalkState, apply, start_walk
from bot.engine.actions import Action
from bot.flows.loader import load_flow_text
from bot.flows.model import Flow

PRINTER_YAML = """
slug: printer-test
title: Printer test
category: printer
start: ask
nodes:
  - id: ask
    type: question
    text: Does the printer show as online in Settings > Printers?
    help: Look under *Printers & scanners*.
    links:
      - title: Printer KB
        url: https://kb.example.com/printers
    options:
      - id: online
        label: Online
        next: restart
      - id: offline
        label: Offline
        next: host
      - id: other
        label: It is a spooler problem
        next: to-spooler
  - id: restart
    type: instruction
    text: Restart the Print Spooler service.
    next: fixed
    failed_next: esc
  - id: host
    type: input
    text: What is the printer's hostname?
    input_label: Printer hostname
    next: ping
  - id: ping
    type: instruction
    text: Ping the printer by hostname.
    next: fixed
  - id: to-spooler
    type: link
    text: ""
    flow: spooler-test
  - id: fixed
    type: resolve
    text: The printer prints again.
  - id: esc
    type: escalate
    text: Printer hardware needs a field visit.
    category: hardware_fault
"""

SPOOLER_YAML = """
slug: spooler-test
title: Spooler test
category: printer
start: clear
nodes:
  - id: clear
    type: instruction
    text: Clear the spool folder and start the spooler again.
    next: done
  - id: done
    type: resolve
    text: Spooler cleared.
"""

T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)
ACTOR = "U_TECH"


def flow_of(text: str) -> Flow:
    flow, errors = load_flow_text(text, "fixture.yaml")
    assert flow is not None, errors
    assert not [e for e in errors if "links to flow" not in e.message], errors
    return flow


PRINTER = flow_of(PRINTER_YAML)
SPOOLER = flow_of(SPOOLER_YAML)


def printer_context() -> WalkContext:
    return WalkContext(flow=PRINTER, linked={"spooler-test": SPOOLER})


def at(minutes: int = 0) -> datetime:
    return T0 + timedelta(minutes=minutes)


def step(action_type: type[Action], state: WalkState, **fields) -> Action:
    """An action answering the state's current step, as a fresh card would send it."""
    fields.setdefault("actor", ACTOR)
    fields.setdefault("at", at(state.revision + 1))
    return action_type(revision=state.revision, **fields)


def do(state: WalkState, action_type: type[Action], ctx: WalkContext | None = None, **fields) -> Outcome:
    return apply(state, step(action_type, state, **fields), ctx or printer_context())


def started(kind: str = "flow", ctx: WalkContext | None = None) -> WalkState:
    return start_walk(kind, ctx or printer_context()).state


def columns_without_revision(state: WalkState) -> dict:
    values = state.to_columns()
    values.pop("revision")
    return values


def note(
    state: WalkState, text: str, source_id: str, *, ctx: WalkContext | None = None, source: str = "thread"
) -> Outcome:
    """A thread reply (or modal note) arriving for the walk."""
    action = AddNote(text=text, author="U_NOTE", source=source, source_id=source_id, at=at(30))
    return apply(state, action, ctx or printer_context())
