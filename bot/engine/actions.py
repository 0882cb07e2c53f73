"""What a technician (or the AI shell) can do to a walk, as typed values.

Step actions carry ``revision``: the step they answer, as drawn on the card. The
engine refuses one whose revision is no longer current, which is what makes old
buttons and double clicks harmless. Note actions carry no revision: a thread reply
is never stale, it belongs to whatever step is current when it arrives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


@dataclass(frozen=True, kw_only=True)
class Action:
    revision: int
    actor: str  # Slack user id, or a terminal user's name
    at: datetime


@dataclass(frozen=True, kw_only=True)
class Choose(Action):
    """Answer a question with one of its options."""

    option_id: str


@dataclass(frozen=True, kw_only=True)
class Continue(Action):
    """An instruction was done (and worked)."""


@dataclass(frozen=True, kw_only=True)
class DidntWork(Action):
    """An instruction was done and did not help."""


@dataclass(frozen=True, kw_only=True)
class SubmitInput(Action):
    """The value an input node asked for (a hostname, an error code)."""

    value: str


@dataclass(frozen=True, kw_only=True)
class FollowLink(Action):
    """Continue in the flow a link node points at."""


@dataclass(frozen=True, kw_only=True)
class Back(Action):
    """Undo the last step exactly."""


@dataclass(frozen=True, kw_only=True)
class RecordStep(Action):
    """Ad-hoc: a free step, "checked X" with its result."""

    text: str
    result: str


@dataclass(frozen=True, kw_only=True)
class Resolve(Action):
    notes: str
    helpful: bool | None


@dataclass(frozen=True, kw_only=True)
class Escalate(Action):
    reason: str
    category: str


@dataclass(frozen=True, kw_only=True)
class Abandon(Action):
    pass


@dataclass(frozen=True, kw_only=True)
class ServeNode(Action):
    """AI walks: the node Claude built for the current step, validated by the shell, becomes ``pending_node``."""

    node: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class AddNote:
    """A note on the current step. ``source_id`` (a message ts) makes redelivery a no-op."""

    text: str
    author: str
    source: str  # thread | input | modal
    source_id: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class EditNote:
    source_id: str
    text: str
    at: datetime


@dataclass(frozen=True, kw_only=True)
class DeleteNote:
    source_id: str
