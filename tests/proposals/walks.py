"""Walks driven through the real engine (``bot.engine.apply``), so walked_path and walk_notes keep their true format."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from bot.engine import (
    AddNote,
    Choose,
    Continue,
    DidntWork,
    RecordStep,
    Resolve,
    ServeNode,
    WalkContext,
    WalkState,
    apply,
    start_walk,
)
from bot.engine.state import notes_of, steps_of

CTX = WalkContext()
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

LIGHTS = {
    "id": "ai-1-3f2a9c",
    "type": "question",
    "text": "Which light is on on the printer's panel?",
    "options": [
        {"id": "o1", "label": "Green, steady", "next": ""},
        {"id": "o2", "label": "Orange, blinking", "next": ""},
        {"id": "o3", "label": "No light at all", "next": ""},
    ],
    "ai": {"action_class": "l1_safe", "rationale": "the panel light narrows it down", "confidence": "high"},
}
SPOOLER = {
    "id": "ai-2-81be0d",
    "type": "instruction",
    "text": "Open the printer's queue window and cancel every stuck job.",
    "help": "Devices > Printers > Open queue.",
    "next": "",
    "failed_next": "",
    "ai": {"action_class": "l1_safe", "rationale": "stuck jobs block the queue", "confidence": "medium"},
}
CABLE = {
    "id": "ai-3-c40f11",
    "type": "instruction",
    "text": "Unplug the printer's network cable and plug it back in.",
    "next": "",
    "failed_next": "",
    "ai": {"action_class": "l1_safe", "rationale": "link may be down", "confidence": "low"},
}
DONE = {
    "id": "ai-4-9d7e22",
    "type": "resolve",
    "text": "The printer is back online.",
    "ai": {"action_class": "l1_safe", "rationale": "it printed", "confidence": "high"},
}


class Walker:
    """Steps one walk through the engine, keeping the clock and revision the way the shell would."""

    def __init__(self, kind: str) -> None:
        self.state: WalkState = start_walk(kind, CTX).state
        self.clock = T0
        self.notes = 0

    def _at(self) -> datetime:
        self.clock += timedelta(minutes=1)
        return self.clock

    def act(self, action_type, **fields: Any) -> Walker:
        action = action_type(revision=self.state.revision, actor="U-TECH", at=self._at(), **fields)
        self.state = apply(self.state, action, CTX).state
        return self

    def note(self, text: str) -> Walker:
        self.notes += 1
        action = AddNote(text=text, author="U-TECH", source="thread", source_id=f"17.{self.notes}", at=self._at())
        self.state = apply(self.state, action, CTX).state
        return self

    def columns(self) -> dict[str, Any]:
        return self.state.to_columns()


def adhoc_walk() -> Walker:
    """Two recorded steps with a note on each, a note after the last, then resolved."""
    w = Walker("adhoc")
    w.note("User says it started after the Windows update")
    w.act(RecordStep, text="Checked the printer's status in Settings", result="Shows offline")
    w.note("Same on the second laptop")
    w.act(RecordStep, text="Power-cycled the printer", result="Came back online")
    w.note("Printed a test page with the user")
    return w.act(Resolve, notes="Power-cycling the printer brought it back online.", helpful=True)


def ai_walk() -> Walker:
    """A 3-option question (orange), an instruction that didn't work, one that worked, then resolved."""
    w = Walker("ai_build")
    w.act(ServeNode, node=LIGHTS).note("Light was blinking fast").act(Choose, option_id="o2")
    w.act(ServeNode, node=SPOOLER).act(DidntWork)
    w.act(ServeNode, node=CABLE).note("Cable was loose at the wall").act(Continue)
    w.act(ServeNode, node=DONE)
    return w.act(Resolve, notes="Reseated the network cable; printer online.", helpful=True)


def draft_args(w: Walker, **overrides: Any) -> dict[str, Any]:
    c = w.columns()
    args = {
        "session_kind": c["session_kind"],
        "walked_path": steps_of(c["walked_path"]),
        "walk_notes": notes_of(c["walk_notes"]),
        "resolution_notes": c["resolution_notes"],
        "category": "printer",
        "problem_text": "Printer in accounting shows offline and jobs are stuck",
        "ticket_summary": "Accounting printer offline",
        "slug_hint": "Accounting printer offline",
    }
    args.update(overrides)
    return args
