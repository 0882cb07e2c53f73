"""A walk's state as the engine sees it, and the flows it walks.

``WalkState`` mirrors the engine-owned columns of ``l1_walk_sessions`` one to one
(``to_columns``/``from_columns``), so storage copies it without interpreting it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import Any

from bot.flows.model import Flow, Node

# A node in a linked flow is referenced as "<slug>:<node id>"; the walked flow's own nodes by id alone.
LINK_SEPARATOR = ":"


@dataclass(frozen=True)
class WalkState:
    session_kind: str  # flow | proposal | adhoc | ai_build
    status: str = "active"
    current_node_id: str | None = None
    walked_path: tuple[dict[str, Any], ...] = ()
    walk_notes: tuple[dict[str, Any], ...] = ()
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
        values["walked_path"] = [dict(s) for s in self.walked_path]
        values["walk_notes"] = [dict(n) for n in self.walk_notes]
        return values

    @classmethod
    def from_columns(cls, values: Mapping[str, Any]) -> WalkState:
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in values.items() if k in names}
        kwargs["walked_path"] = tuple(dict(s) for s in values.get("walked_path") or ())
        kwargs["walk_notes"] = tuple(dict(n) for n in values.get("walk_notes") or ())
        return cls(**kwargs)

    def evolve(self, **changes: Any) -> WalkState:
        return replace(self, **changes)


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
