"""A walk's state as the engine sees it, and the flows it walks.

``WalkState`` mirrors the engine-owned columns of ``l1_walk_sessions`` one to one
(``to_columns``/``from_columns``), so storage copies it without interpreting it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any, ClassVar

from bot.engine.kinds import SessionKind, WalkStatus
from bot.flows.model import Flow, Node

# A node in a linked flow is referenced as "<slug>:<node id>"; the walked flow's own nodes by id alone.
LINK_SEPARATOR = ":"


@dataclass(frozen=True)
class Step:
    """One answered step of ``walked_path``, stored as a JSON object (``to_dict``/``from_dict``)."""

    node_id: str
    node_type: str  # a flow node type, or "adhoc" for a step the technician typed
    text: str
    option_id: str | None  # the answer's id ("done", "failed", "value", "link", an option id); None ad-hoc
    option_label: str  # the answer as shown (for ad-hoc: what was observed)
    actor: str
    at: str  # ISO 8601, as stored
    value: str | None = None  # what an input step was given
    note_source_id: str | None = None  # the note that value became (Back removes it again)
    flow: str | None = None  # a link step: the flow it continued in ...
    flow_version: str | None = None  # ... and the published version (tree id) it followed
    node: Mapping[str, Any] | None = None  # an AI step: the node as served, so Back replays it for free

    _OPTIONAL: ClassVar[tuple[str, ...]] = ("value", "note_source_id", "flow", "flow_version", "node")

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        for name in self._OPTIONAL:
            if data[name] is None:
                del data[name]
        if self.node is not None:
            data["node"] = dict(self.node)
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Step:
        return cls(
            node_id=data.get("node_id") or "",
            node_type=data.get("node_type") or "",
            text=data.get("text") or "",
            option_id=data.get("option_id"),
            option_label=data.get("option_label") or "",
            actor=data.get("actor") or "",
            at=data.get("at") or "",
            **{name: data.get(name) for name in cls._OPTIONAL},
        )


@dataclass(frozen=True)
class Note:
    """A note on a step of ``walk_notes`` (a thread reply, a typed note, an input's value)."""

    node_id: str | None  # the step current when it was written
    text: str
    author: str
    source: str  # "thread" | "terminal" | "input"
    source_id: str  # the Slack message (or input) it came from: a redelivery is recognised by it
    at: str  # ISO 8601, as stored
    edited_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        if self.edited_at is None:
            del data["edited_at"]
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Note:
        return cls(
            node_id=data.get("node_id"),
            text=data.get("text") or "",
            author=data.get("author") or "",
            source=data.get("source") or "",
            source_id=data.get("source_id") or "",
            at=data.get("at") or "",
            edited_at=data.get("edited_at"),
        )


def notes_by_step(notes: Iterable[Note]) -> dict[str | None, list[str]]:
    """Each step's notes by node id, in the order written. An input's value is left out: it stands on its step."""
    grouped: dict[str | None, list[str]] = {}
    for note in notes:
        if note.source != "input":
            grouped.setdefault(note.node_id, []).append(note.text)
    return grouped


@dataclass(frozen=True)
class WalkState:
    session_kind: SessionKind
    status: WalkStatus = WalkStatus.ACTIVE
    current_node_id: str | None = None
    walked_path: tuple[Step, ...] = ()
    walk_notes: tuple[Note, ...] = ()
    revision: int = 0
    pending_node: dict[str, Any] | None = None
    resolution_notes: str | None = None
    helpful: bool | None = None
    escalation_reason: str | None = None
    escalation_reason_category: str | None = None
    resolved_at: datetime | None = None

    @property
    def step_number(self) -> int:
        return len(self.walked_path) + 1

    def to_columns(self) -> dict[str, Any]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["walked_path"] = [s.to_dict() for s in self.walked_path]
        values["walk_notes"] = [n.to_dict() for n in self.walk_notes]
        return values

    @classmethod
    def from_columns(cls, values: Mapping[str, Any]) -> WalkState:
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in values.items() if k in names}
        # The columns hold plain strings; the state holds the enums they name.
        if kwargs.get("session_kind") is not None:
            kwargs["session_kind"] = SessionKind(kwargs["session_kind"])
        if kwargs.get("status") is not None:
            kwargs["status"] = WalkStatus(kwargs["status"])
        kwargs["walked_path"] = steps_of(values.get("walked_path"))
        kwargs["walk_notes"] = notes_of(values.get("walk_notes"))
        return cls(**kwargs)

    def evolve(self, **changes: Any) -> WalkState:
        return replace(self, **changes)


def steps_of(rows: Iterable[Mapping[str, Any]] | None) -> tuple[Step, ...]:
    """``walked_path`` as stored (JSON objects) -> typed steps: the one conversion, at the storage boundary."""
    return tuple(Step.from_dict(row) for row in rows or ())


def notes_of(rows: Iterable[Mapping[str, Any]] | None) -> tuple[Note, ...]:
    return tuple(Note.from_dict(row) for row in rows or ())


@dataclass(frozen=True)
class WalkContext:
    """The flows a walk may visit: the one it walks and those its link nodes reach (by slug)."""

    flow: Flow | None = None
    linked: Mapping[str, Flow] = field(default_factory=dict)
    # The published version (tree id) of each linked flow, recorded on the step that follows a link
    # so the walk keeps walking that exact version even if the linked flow is republished.
    linked_versions: Mapping[str, str] = field(default_factory=dict)

    def node(self, ref: str) -> tuple[Flow, Node]:
        """The flow and node behind a node reference; KeyError when it is not there."""
        if self.flow is None:
            raise KeyError(ref)
        slug, sep, node_id = ref.partition(LINK_SEPARATOR)
        if not sep:
            return self.flow, self.flow.nodes[ref]
        flow = self.flow if slug == self.flow.slug else self.linked[slug]
        return flow, flow.nodes[node_id]

    def ref(self, flow: Flow, node_id: str) -> str:
        """How a node of ``flow`` is referenced from this walk."""
        if self.flow is not None and flow.slug == self.flow.slug:
            return node_id
        return f"{flow.slug}{LINK_SEPARATOR}{node_id}"
