"""The in-memory shape of a troubleshooting flow.

One model serves every source of flows: YAML files written by authors, the
``trees.definition`` JSONB of a published version, a proposal's draft, and the
nodes Claude builds one at a time. ``to_dict``/``from_dict`` are the JSONB form;
YAML loading (with validation messages that name file and node) lives in
``bot.flows.loader`` and ``bot.flows.validation``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

NodeType = Literal["question", "instruction", "input", "link", "resolve", "escalate"]
NODE_TYPES: tuple[str, ...] = ("question", "instruction", "input", "link", "resolve", "escalate")
TERMINAL_TYPES: frozenset[str] = frozenset({"resolve", "escalate"})

# Slack limits the flow format has to respect, so a valid flow always renders.
MAX_OPTION_LABEL = 75  # button text
MAX_OPTIONS = 20
MAX_SECTION_TEXT = 3000  # section block text


@dataclass(frozen=True)
class Option:
    """One answer to a question; ``id`` is stable within its node and is what a button carries."""

    id: str
    label: str
    next: str


@dataclass(frozen=True)
class Link:
    """A reference (KB article, vendor doc) shown under a node's text."""

    title: str
    url: str


@dataclass(frozen=True)
class Node:
    """A step of a flow. Which fields matter depends on ``type``:

    - question: ``options`` (2..20)
    - instruction: ``next`` (it worked / done) and optional ``failed_next`` (didn't work)
    - input: ``next`` and ``input_label`` (what value to ask for); the value becomes a walk note
    - link: ``flow`` (slug of the flow the walk continues in)
    - resolve: ``text`` is the suggested resolution
    - escalate: ``text`` is the suggested reason, ``category`` the suggested reason category
    """

    id: str
    type: NodeType
    text: str
    help: str | None = None
    links: tuple[Link, ...] = ()
    options: tuple[Option, ...] = ()
    next: str | None = None
    failed_next: str | None = None
    input_label: str | None = None
    flow: str | None = None
    category: str | None = None
    # Set on nodes of AI-walk proposals that stand for a branch nobody walked;
    # publishing is refused while any remain.
    needs_review: bool = False

    @property
    def is_terminal(self) -> bool:
        return self.type in TERMINAL_TYPES

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    def targets(self) -> list[str]:
        """Node ids this node can move to, in display order."""
        out = [o.next for o in self.options]
        out += [t for t in (self.next, self.failed_next) if t]
        return out

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"id": self.id, "type": self.type, "text": self.text}
        if self.help:
            d["help"] = self.help
        if self.links:
            d["links"] = [{"title": lk.title, "url": lk.url} for lk in self.links]
        if self.options:
            d["options"] = [{"id": o.id, "label": o.label, "next": o.next} for o in self.options]
        for key in ("next", "failed_next", "input_label", "flow", "category"):
            value = getattr(self, key)
            if value is not None:
                d[key] = value
        if self.needs_review:
            d["needs_review"] = True
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Node:
        return cls(
            id=d["id"],
            type=d["type"],
            text=d.get("text", ""),
            help=d.get("help"),
            links=tuple(Link(lk["title"], lk["url"]) for lk in d.get("links") or ()),
            options=tuple(Option(o["id"], o["label"], o["next"]) for o in d.get("options") or ()),
            next=d.get("next"),
            failed_next=d.get("failed_next"),
            input_label=d.get("input_label"),
            flow=d.get("flow"),
            category=d.get("category"),
            needs_review=bool(d.get("needs_review", False)),
        )


@dataclass(frozen=True)
class MatchHints:
    """What a ticket must look like for this flow to be suggested (see ``bot.suggest``)."""

    keywords: tuple[str, ...] = ()
    boards: tuple[str, ...] = ()
    types: tuple[str, ...] = ()
    subtypes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, list[str]]:
        return {k: list(getattr(self, k)) for k in ("keywords", "boards", "types", "subtypes") if getattr(self, k)}

    @classmethod
    def from_dict(cls, d: dict[str, Any] | None) -> MatchHints:
        d = d or {}
        return cls(**{k: tuple(str(v) for v in d.get(k) or ()) for k in ("keywords", "boards", "types", "subtypes")})


@dataclass(frozen=True)
class Flow:
    """A whole flow. ``nodes`` keeps file order (dicts are ordered), which export preserves."""

    slug: str
    title: str
    category: str
    start: str
    nodes: dict[str, Node]
    description: str = ""
    match: MatchHints = field(default_factory=MatchHints)

    def node(self, node_id: str) -> Node:
        return self.nodes[node_id]

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"slug": self.slug, "title": self.title, "category": self.category}
        if self.description:
            d["description"] = self.description
        match = self.match.to_dict()
        if match:
            d["match"] = match
        d["start"] = self.start
        d["nodes"] = [n.to_dict() for n in self.nodes.values()]
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Flow:
        nodes = [Node.from_dict(n) for n in d.get("nodes") or ()]
        return cls(
            slug=d["slug"],
            title=d.get("title", d["slug"]),
            category=d.get("category", "other"),
            start=d["start"],
            nodes={n.id: n for n in nodes},
            description=d.get("description", ""),
            match=MatchHints.from_dict(d.get("match")),
        )
