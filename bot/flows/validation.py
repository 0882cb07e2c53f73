"""Every rule a flow must pass before it is published, with messages that say what to fix.

The rules exist so a published flow can always be walked to the end in Slack: every
node is reachable, every path ends in a resolve or escalate (or continues in another
flow), and nothing exceeds what a Slack button or section can show. Validation never
stops at the first problem: an author fixing a file wants the whole list at once.

``flow_from_data`` turns parsed data (a YAML document or a proposal's JSONB) into a
``Flow``, reporting shape problems (missing keys, a list where a mapping belongs) as
``FlowError``s instead of raising, since ``Flow.nodes`` is a dict and would silently
drop a duplicate node id.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from bot.flows.categories import ESCALATION_CATEGORIES
from bot.flows.model import (
    MAX_OPTION_LABEL,
    MAX_OPTIONS,
    MAX_SECTION_TEXT,
    NODE_TYPES,
    Flow,
    Link,
    MatchHints,
    Node,
    Option,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

# What storage and Slack accept, so a flow that validates can always be walked:
MAX_SLUG = 100  # trees.slug and flow_proposals.slug are VARCHAR(100)
MAX_NODE_ID = 100  # l1_walk_sessions.current_node_id is VARCHAR(100)
# An option id travels in a button's action_id ("walk_choose:<id>"), which Slack caps at 255 characters;
# 200 leaves room for any of walkbot's prefixes (tests/flows check every prefix against it).
MAX_OPTION_ID = 200
SLACK_ACTION_ID = 255

FLOW_KEYS = ("slug", "title", "category", "description", "match", "start", "nodes")
MATCH_KEYS = ("keywords", "boards", "types", "subtypes")
NODE_KEYS = (
    "id",
    "type",
    "text",
    "help",
    "links",
    "options",
    "next",
    "failed_next",
    "input_label",
    "flow",
    "category",
    "needs_review",
)
OPTION_KEYS = ("id", "label", "next")
LINK_KEYS = ("title", "url")

# Which type-specific fields each node type reads; the others would be silently ignored.
TYPE_FIELDS: dict[str, frozenset[str]] = {
    "question": frozenset({"options"}),
    "instruction": frozenset({"next", "failed_next"}),
    "input": frozenset({"next", "input_label"}),
    "link": frozenset({"flow"}),
    "resolve": frozenset(),
    "escalate": frozenset({"category"}),
}
TYPED_FIELDS = ("options", "next", "failed_next", "input_label", "flow", "category")


@dataclass(frozen=True)
class FlowError:
    """One problem in one flow, named by its file (or proposal) and node so the author can find it."""

    source: str
    node: str | None
    message: str

    def __str__(self) -> str:
        if self.node is not None:
            return f"{self.source}: node '{self.node}': {self.message}"
        return f"{self.source}: {self.message}"


# ── Rules on a built flow ──


def validate_flow(
    flow: Flow,
    *,
    source: str,
    known_slugs: frozenset[str] | set[str] = frozenset(),
    allow_needs_review: bool = True,
) -> list[FlowError]:
    """Every problem in ``flow``. ``known_slugs`` are the flows a link node may continue in."""
    errors: list[FlowError] = []

    def err(node: str | None, message: str) -> None:
        errors.append(FlowError(source, node, message))

    if not flow.slug:
        err(None, "slug is missing: add one like 'printer-offline' (links and the CLI use it)")
    elif not SLUG.match(flow.slug):
        err(None, f"slug '{flow.slug}' must be lowercase letters, digits and hyphens, like 'printer-offline'")
    elif len(flow.slug) > MAX_SLUG:
        err(None, f"slug is {len(flow.slug)} characters; at most {MAX_SLUG} are stored: shorten it")
    if not flow.title.strip():
        err(None, "title is missing: give the flow a title technicians will recognise")
    if not flow.start:
        err(None, "start is missing: set start to the id of the first node")
    elif flow.start not in flow.nodes:
        err(None, f"start '{flow.start}' is not a node of this flow")
    if not flow.nodes:
        err(None, "the flow has no nodes")

    linkable = set(known_slugs) | {flow.slug}
    for node in flow.nodes.values():
        for message in _node_problems(node, flow, linkable, allow_needs_review):
            err(node.id, message)

    if flow.start in flow.nodes:
        reachable = _reachable(flow, flow.start)
        for node_id in flow.nodes:
            if node_id not in reachable:
                err(node_id, f"unreachable from start '{flow.start}': point an option or next at it, or remove it")
        for node_id in _dead_ends(flow):
            if node_id in reachable:
                err(
                    node_id,
                    "no resolve or escalate node can be reached from here: add a path that ends the walk",
                )
    return errors


def _node_problems(node: Node, flow: Flow, linkable: set[str], allow_needs_review: bool) -> list[str]:
    out: list[str] = []
    if len(node.id) > MAX_NODE_ID:
        out.append(f"node id is {len(node.id)} characters; at most {MAX_NODE_ID} are stored: shorten it")
    if not node.type:
        out.append(f"type is missing: use one of {', '.join(NODE_TYPES)}")
    elif node.type not in NODE_TYPES:
        out.append(f"unknown type '{node.type}': use one of {', '.join(NODE_TYPES)}")
    else:
        for name in TYPED_FIELDS:
            if name not in TYPE_FIELDS[node.type] and getattr(node, name):
                out.append(f"{name} is not used by {node.type} nodes: remove it")
    if not node.text.strip() and node.type != "link":
        out.append("text is empty: say what the technician should check, do or tell the user")
    for name, value in (("text", node.text), ("help", node.help or "")):
        if len(value) > MAX_SECTION_TEXT:
            out.append(
                f"{name} is {len(value)} characters; Slack shows at most {MAX_SECTION_TEXT}: shorten it or split the step"
            )

    if node.type == "question":
        if len(node.options) < 2:
            out.append(f"question needs at least 2 options (has {len(node.options)})")
        if len(node.options) > MAX_OPTIONS:
            out.append(
                f"question has {len(node.options)} options; Slack shows at most {MAX_OPTIONS}: split it into two questions"
            )
    seen: set[str] = set()
    for option in node.options:
        if option.id in seen:
            out.append(f"option id '{option.id}' is used twice: option ids must be unique within a node")
        seen.add(option.id)
        if len(option.id) > MAX_OPTION_ID:
            out.append(
                f"option id '{option.id[:40]}…' is {len(option.id)} characters; at most {MAX_OPTION_ID} fit in "
                "a Slack button (action_id): shorten it"
            )
        if len(option.label) > MAX_OPTION_LABEL:
            out.append(
                f"option '{option.id}': label is {len(option.label)} characters; "
                f"buttons show at most {MAX_OPTION_LABEL}"
            )
        if not option.label.strip():
            out.append(f"option '{option.id}': label is empty")
        if option.next not in flow.nodes:
            out.append(f"option '{option.id}': next '{option.next}' is not a node of this flow")

    if node.type == "instruction" and not node.next:
        out.append("instruction needs next: the node to go to once the step is done")
    if node.type == "input":
        if not node.next:
            out.append("input needs next: the node to go to once the value is entered")
        if not node.input_label:
            out.append("input needs input_label: the value to ask the technician for")
    for name in ("next", "failed_next"):
        target = getattr(node, name)
        if target and target not in flow.nodes:
            out.append(f"{name} '{target}' is not a node of this flow")
    if node.type == "link":
        if not node.flow:
            out.append("link needs flow: the slug of the flow the walk continues in")
        elif node.flow not in linkable:
            out.append(f"links to flow '{node.flow}', which is neither in this import nor published")
    if node.type == "escalate" and node.category and node.category not in ESCALATION_CATEGORIES:
        out.append(
            f"category '{node.category}' is not an escalation category: use one of {', '.join(ESCALATION_CATEGORIES)}"
        )
    if node.needs_review and not allow_needs_review:
        out.append("needs review: fill it in or remove it before publishing")
    return out


def _reachable(flow: Flow, start: str) -> set[str]:
    seen = {start}
    stack = [start]
    while stack:
        for target in flow.nodes[stack.pop()].targets():
            if target in flow.nodes and target not in seen:
                seen.add(target)
                stack.append(target)
    return seen


def _dead_ends(flow: Flow) -> list[str]:
    """Nodes from which no path finishes the walk.

    Link nodes finish (the walk continues elsewhere); so do broken targets and unknown
    types, which already have their own error and would otherwise cascade up the flow.
    """
    finishes = {
        n.id
        for n in flow.nodes.values()
        if n.is_terminal
        or n.type == "link"
        or n.type not in NODE_TYPES
        or any(t not in flow.nodes for t in n.targets())
    }
    changed = True
    while changed:
        changed = False
        for node in flow.nodes.values():
            if node.id not in finishes and any(t in finishes for t in node.targets()):
                finishes.add(node.id)
                changed = True
    return [node_id for node_id in flow.nodes if node_id not in finishes]


# ── Links between flows ──


def flow_links(flow: Flow) -> set[str]:
    """Slugs this flow's link nodes continue in."""
    return {n.flow for n in flow.nodes.values() if n.type == "link" and n.flow}


def link_cycle_errors(
    flows: Sequence[Flow],
    *,
    existing_links: Mapping[str, set[str]] = {},  # noqa: B006 - read only
    sources: Mapping[str, str] = {},  # noqa: B006 - read only
) -> list[FlowError]:
    """Flows whose links lead, directly or through other flows, back to themselves.

    ``existing_links`` is the link graph of flows already published; a flow in ``flows``
    replaces its published version. One error per cycle, on the first flow of ``flows``
    in it. ``sources`` maps slug to the file name used in the message (default: slug).
    """
    graph: dict[str, set[str]] = {slug: set(targets) for slug, targets in existing_links.items()}
    for flow in flows:
        graph[flow.slug] = flow_links(flow)
    order = {flow.slug: i for i, flow in enumerate(flows)}
    errors: list[FlowError] = []
    reported: set[frozenset[str]] = set()
    for flow in flows:
        path = _cycle_through(flow.slug, graph)
        if path is None:
            continue
        members = frozenset(path)
        if members in reported:
            continue
        reported.add(members)
        owner = min((s for s in members if s in order), key=order.__getitem__)
        if owner != flow.slug:
            path = _cycle_through(owner, graph) or path
        owner_flow = flows[order[owner]]
        link_node = next(
            (n.id for n in owner_flow.nodes.values() if n.type == "link" and n.flow == path[1]),
            None,
        )
        route = " -> ".join(path)
        errors.append(
            FlowError(
                sources.get(owner, owner),
                link_node,
                f"links back to itself ({route}): a walk could loop forever; end one of these flows instead",
            )
        )
    return errors


def _cycle_through(slug: str, graph: Mapping[str, set[str]]) -> list[str] | None:
    """The shortest link path from ``slug`` back to ``slug``, or None."""
    parents: dict[str, str] = {}
    frontier = [slug]
    seen: set[str] = set()
    while frontier:
        nxt: list[str] = []
        for current in frontier:
            for target in sorted(graph.get(current, ())):
                if target == slug:
                    path = [slug]
                    node = current
                    while node != slug:
                        path.append(node)
                        node = parents[node]
                    return [slug, *reversed(path[1:]), slug]
                if target not in seen:
                    seen.add(target)
                    parents[target] = current
                    nxt.append(target)
        frontier = nxt
    return None


# ── Building a Flow from parsed data ──


def checked_definition(
    definition: Any,
    *,
    source: str,
    known_slugs: frozenset[str] | set[str] = frozenset(),
    allow_needs_review: bool = True,
) -> tuple[Flow | None, list[FlowError]]:
    """A JSONB definition (a proposal's draft) as a flow, and every problem in it: shape problems first, then the
    flow rules. The flow is None when the shape is too broken to build one."""
    flow, errors = flow_from_data(definition, source=source, strict=False)
    if flow is None:
        return None, errors
    rules = validate_flow(flow, source=source, known_slugs=known_slugs, allow_needs_review=allow_needs_review)
    return flow, errors + rules


def flow_from_data(data: Any, *, source: str, strict: bool) -> tuple[Flow | None, list[FlowError]]:
    """A ``Flow`` from a parsed document, or None when its shape is too broken to build one.

    ``strict`` (authored files) makes unknown keys errors, so a typo like ``nxt:`` is
    reported instead of ignored. Options without an ``id`` get one derived from the label.
    """
    errors: list[FlowError] = []

    def err(node: str | None, message: str) -> None:
        errors.append(FlowError(source, node, message))

    if not isinstance(data, Mapping):
        err(None, f"{_where(data)}a flow must be a mapping with slug, title, start and nodes")
        return None, errors
    if strict:
        _unknown_keys(data, FLOW_KEYS, lambda m, at: err(None, f"{_where(at) or _where(data)}{m}"))
    # Missing header keys are reported by validate_flow, so a flow without a start still gets its
    # nodes checked; only a value of the wrong kind is reported here.
    header: dict[str, str] = {}
    for key in ("slug", "title", "start", "category", "description"):
        raw = data.get(key)
        value = _text(raw) if raw is not None else ""
        if value is None:
            err(None, f"{_where(raw)}{key} must be text, not {_kind(raw)}")
            value = ""
        header[key] = value.strip() if key in ("slug", "start", "category") else value
    match = _match_hints(data.get("match"), strict, lambda m: err(None, m))

    raw_nodes = data.get("nodes")
    nodes: dict[str, Node] = {}
    if not isinstance(raw_nodes, list):
        what = "missing" if raw_nodes is None else "not a list"
        err(None, f"{_where(raw_nodes)}nodes is {what}: nodes is a list of steps, each starting with '- id:'")
    else:
        lines: dict[str, int | None] = {}
        for index, raw in enumerate(raw_nodes, start=1):
            node = _node(raw, index, strict, err)
            if node is None:
                continue
            if node.id in nodes:
                err(node.id, f"{_where(raw)}id is used by another node{_at(lines[node.id])}: node ids must be unique")
                continue
            nodes[node.id] = node
            lines[node.id] = getattr(raw, "line", None)

    if not isinstance(raw_nodes, list):
        return None, errors
    flow = Flow(
        slug=header["slug"],
        title=header["title"],
        category=header["category"] or "other",
        start=header["start"],
        nodes=nodes,
        description=header["description"],
        match=match,
    )
    return flow, errors


def _node(raw: Any, index: int, strict: bool, err) -> Node | None:
    if not isinstance(raw, Mapping):
        err(None, f"{_where(raw)}node {index} must be a mapping with id, type and text")
        return None
    node_id = _text(raw.get("id"))
    if node_id is None or not node_id.strip():
        err(None, f"{_where(raw)}node {index} has no id")
        return None

    def node_err(message: str, at: Any = None) -> None:
        # The line of the option/link at fault when known, else the node's.
        err(node_id, f"{_where(at) or _where(raw)}{message}")

    if strict:
        _unknown_keys(raw, NODE_KEYS, lambda m, at: node_err(m, at=at))
    node_type = _text(raw.get("type")) or ""  # validate_flow reports a missing or unknown type
    fields: dict[str, Any] = {}
    for key in ("text", "help", "next", "failed_next", "input_label", "flow", "category"):
        value = raw.get(key)
        if value is None:
            continue
        text = _text(value)
        if text is None:
            node_err(f"{key} must be text, not {_kind(value)}")
        else:
            fields[key] = text
    needs_review = raw.get("needs_review", False)
    if not isinstance(needs_review, bool):
        node_err("needs_review must be true or false")
        needs_review = False
    links = _links(raw.get("links"), strict, node_err)
    options = _options(raw.get("options"), strict, node_err)
    return Node(
        id=node_id,
        type=node_type,
        text=fields.get("text", ""),
        help=fields.get("help"),
        links=links,
        options=options,
        next=fields.get("next"),
        failed_next=fields.get("failed_next"),
        input_label=fields.get("input_label"),
        flow=fields.get("flow"),
        category=fields.get("category"),
        needs_review=needs_review,
    )


def _options(raw: Any, strict: bool, node_err) -> tuple[Option, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        node_err("options must be a list of '- label: … / next: …' entries")
        return ()
    explicit = {_text(o.get("id")) for o in raw if isinstance(o, Mapping) and _text(o.get("id"))}
    taken = set(explicit)
    out: list[Option] = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            node_err(f"option {index} must be a mapping with label and next", at=item)
            continue
        if strict:
            _unknown_keys(item, OPTION_KEYS, lambda m, at, i=index: node_err(f"option {i}: {m}", at=at))
        label = _text(item.get("label"))
        target = _text(item.get("next"))
        missing = [k for k, v in (("label", label), ("next", target)) if v is None]
        if missing:
            node_err(f"option {index} has no {' or '.join(missing)}", at=item)
            continue
        option_id = _text(item.get("id"))
        if option_id is None:
            option_id = _derive_option_id(label, taken)
            taken.add(option_id)
        out.append(Option(option_id, label, target))
    return tuple(out)


def _derive_option_id(label: str, taken: set[str]) -> str:
    """A stable id from the label, so a button keeps meaning the same answer across versions."""
    base = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:40].strip("-") or "option"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _links(raw: Any, strict: bool, node_err) -> tuple[Link, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        node_err("links must be a list of '- title: … / url: …' entries")
        return ()
    out: list[Link] = []
    for index, item in enumerate(raw, start=1):
        if not isinstance(item, Mapping):
            node_err(f"link {index} must be a mapping with title and url", at=item)
            continue
        if strict:
            _unknown_keys(item, LINK_KEYS, lambda m, at, i=index: node_err(f"link {i}: {m}", at=at))
        title, url = _text(item.get("title")), _text(item.get("url"))
        if title is None or url is None:
            node_err(f"link {index} needs both title and url", at=item)
            continue
        out.append(Link(title, url))
    return tuple(out)


def _match_hints(raw: Any, strict: bool, flow_err) -> MatchHints:
    if raw is None:
        return MatchHints()
    if not isinstance(raw, Mapping):
        flow_err(f"{_where(raw)}match must be a mapping of keywords, boards, types and subtypes")
        return MatchHints()
    if strict:
        _unknown_keys(raw, MATCH_KEYS, lambda m, at: flow_err(f"{_where(at) or _where(raw)}match: {m}"))
    values: dict[str, tuple[str, ...]] = {}
    for key in MATCH_KEYS:
        items = raw.get(key)
        if items is None:
            continue
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or any(_text(i) is None for i in items):
            flow_err(f"match: {key} must be a list of text")
            continue
        values[key] = tuple(_text(i) for i in items)
    return MatchHints(**values)


def _unknown_keys(data: Mapping, allowed: Sequence[str], report) -> None:
    for key in data:
        if key in allowed:
            continue
        close = difflib.get_close_matches(str(key), allowed, n=1)
        hint = f"did you mean '{close[0]}'?" if close else f"use one of {', '.join(allowed)}"
        report(f"unknown key '{key}': {hint}", _KeyAt(getattr(data, "key_lines", {}).get(key)))


@dataclass(frozen=True)
class _KeyAt:
    """Where a key was written (the YAML loader records key lines), for ``_where``."""

    line: int | None


def _text(value: Any) -> str | None:
    """Text as authors write it: YAML reads ``next: 2`` as a number, which is still a fine id."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _kind(value: Any) -> str:
    if isinstance(value, list):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    return "true/false" if isinstance(value, bool) else type(value).__name__


def _where(value: Any) -> str:
    """'line N: ' for values the YAML loader marked with their line, else nothing (JSONB has no lines)."""
    line = getattr(value, "line", None)
    return f"line {line}: " if line else ""


def _at(line: int | None) -> str:
    return f" (line {line})" if line else ""
