"""Turn a resolved ad-hoc or AI-guided walk into a draft flow a reviewer can publish.

Pure: the walk's columns in, a ``Flow`` out. The draft is always structurally valid (every
node reachable, every path ends), so a reviewer can export it, try it and edit it like an
authored file. What the technician never walked is not guessed: each branch they did not
take on an AI walk becomes a ``needs_review`` stub, and publishing is refused until a
reviewer fills or prunes every one. The AI bookkeeping kept on walked steps (the served
node's ``ai`` metadata, note source ids) never reaches the tree.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.engine.kinds import SessionKind
from bot.engine.state import Note, Step, notes_by_step
from bot.flows.model import MAX_SECTION_TEXT, Flow, MatchHints, Node, Option
from bot.flows.suggest import STOPWORDS, WORD

MAX_SLUG = 60
MAX_TITLE = 120
MAX_KEYWORDS = 8
RESOLVED_ID = "resolved"
FALLBACK_SLUG = "walk-proposal"
STUB_ID_WORDS = 30  # a stub id is its step id plus the untaken answer, e.g. "step-2-no-light-at-all"

# What a walked_path entry of each session kind must be to count as a real step.
_STEP_TYPES = {
    SessionKind.ADHOC: frozenset({"adhoc"}),
    SessionKind.AI_BUILD: frozenset({"question", "instruction", "input"}),
}
# How the engine labels the two ends of an AI instruction (bot.engine.view).
_WORKED = ("done", "It worked")
_FAILED = ("failed", "Didn't work")


def stub_text(label: str) -> str:
    return f"Not walked yet: what should happen after '{label}'? Fill this in or remove it."


def draft_from_walk(
    *,
    session_kind: str,
    walked_path: Sequence[Step],
    walk_notes: Sequence[Note],
    resolution_notes: str | None,
    category: str | None,
    problem_text: str | None,
    ticket_summary: str | None,
    slug_hint: str,
) -> Flow:
    """The draft flow of a resolved walk. Raises ValueError for a walk kind that has no draft or no steps."""
    if session_kind not in _STEP_TYPES:
        raise ValueError(f"only ad-hoc and AI-guided walks become draft flows, not {session_kind!r} walks")
    steps = [e for e in walked_path if _is_real_step(e, session_kind)]
    if not steps:
        raise ValueError("this walk recorded no steps, so there is nothing to turn into a flow")

    ids = [f"step-{i}" for i in range(1, len(steps) + 1)]
    notes_by_step = _notes_by_step(steps, ids, walk_notes)
    builder = _Builder()
    for index, (entry, node_id) in enumerate(zip(steps, ids, strict=True)):
        next_id = ids[index + 1] if index + 1 < len(ids) else RESOLVED_ID
        notes = notes_by_step.get(node_id, [])
        if session_kind == SessionKind.ADHOC:
            builder.add_adhoc_step(node_id, entry, next_id, notes)
        else:
            builder.add_ai_step(node_id, entry, next_id, notes)
    resolution = (resolution_notes or "").strip() or "Resolved."
    builder.add(
        Node(
            id=RESOLVED_ID,
            type="resolve",
            text=_clip(resolution),
            help=_notes_help(notes_by_step.get(RESOLVED_ID, [])),
        )
    )

    summary = (ticket_summary or "").strip()
    problem = (problem_text or "").strip()
    kind = "an ad-hoc walk" if session_kind == SessionKind.ADHOC else "an AI-guided walk"
    return Flow(
        slug=slugify(slug_hint),
        title=_title(summary or problem or slug_hint),
        category=(category or "").strip() or "other",
        start=ids[0],
        nodes=builder.nodes,
        description=f"Drafted from {kind}; review every step before publishing.",
        match=MatchHints(keywords=match_keywords(problem or summary)),
    )


def slugify(text: str) -> str:
    """A flow slug from free text: lowercase words joined by hyphens, at most 60 characters."""
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        # Cut at a word boundary when one is near, so the slug doesn't end mid-word.
        slug = cut.rsplit("-", 1)[0] if "-" in cut[MAX_SLUG // 2 :] else cut
        slug = slug.strip("-")
    return slug or FALLBACK_SLUG


def match_keywords(text: str) -> tuple[str, ...]:
    """Distinct words of the problem, in order, that say something (no stopwords, no short words)."""
    out: list[str] = []
    for word in WORD.findall(text.lower()):
        if len(word) < 3 or word in STOPWORDS or word.isdigit() or word in out:
            continue
        out.append(word)
        if len(out) == MAX_KEYWORDS:
            break
    return tuple(out)


# ── building ──


class _Builder:
    """Collects the draft's nodes in reading order: each step, then the stubs it branches to."""

    def __init__(self) -> None:
        self.nodes: dict[str, Node] = {}
        self._stubs: list[Node] = []

    def add(self, node: Node) -> None:
        self.nodes[node.id] = node
        for stub in self._stubs:
            self.nodes[stub.id] = stub
        self._stubs = []

    def stub(self, step_id: str, branch: str, label: str) -> str:
        """A needs_review escalate node for a branch nobody walked (added after its step); returns its id."""
        words = re.sub(r"[^a-z0-9]+", "-", branch.lower()).strip("-")[:STUB_ID_WORDS].strip("-")
        base = f"{step_id}-{words or 'other'}"
        taken = set(self.nodes) | {s.id for s in self._stubs} | {RESOLVED_ID}
        node_id, n = base, 2
        while node_id in taken:
            node_id, n = f"{base}-{n}", n + 1
        self._stubs.append(Node(id=node_id, type="escalate", text=stub_text(label), needs_review=True))
        return node_id

    def add_adhoc_step(self, node_id: str, entry: Step, next_id: str, notes: list[str]) -> None:
        result = entry.option_label.strip()
        help_lines = [f"Observed: {result}"] if result else []
        self.add(
            Node(
                id=node_id,
                type="instruction",
                text=_clip(entry.text.strip()),
                help=_help(help_lines, notes),
                next=next_id,
            )
        )

    def add_ai_step(self, node_id: str, entry: Step, next_id: str, notes: list[str]) -> None:
        served = entry.node if isinstance(entry.node, Mapping) else {}
        node_type = str(served.get("type") or entry.node_type)
        text = _clip(str(served.get("text") or entry.text).strip())
        own_help = (
            [str(served["help"]).strip()] if isinstance(served.get("help"), str) and served["help"].strip() else []
        )
        help_text = _help(own_help, notes)
        taken_id, taken_label = entry.option_id, entry.option_label

        if node_type == "question":
            options = [o for o in served.get("options") or () if isinstance(o, Mapping) and o.get("label")]
            if not any(o.get("id") == taken_id for o in options):
                # No served node to rebuild the other answers from: keep the step, say what was answered.
                answered = f"Answer given: {taken_label}" if taken_label else ""
                self.add(
                    Node(
                        id=node_id,
                        type="instruction",
                        text=text,
                        help=_help([*own_help, answered] if answered else own_help, notes),
                        next=next_id,
                    )
                )
                return
            built = []
            for option in options:
                option_id, label = str(option.get("id") or ""), str(option["label"])
                target = next_id if option_id == taken_id else self.stub(node_id, label, label)
                built.append(Option(option_id or slugify(label), label, target))
            self.add(Node(id=node_id, type="question", text=text, help=help_text, options=tuple(built)))
        elif node_type == "instruction":
            if taken_id == _FAILED[0]:
                worked = self.stub(node_id, "worked", _WORKED[1])
                self.add(
                    Node(id=node_id, type="instruction", text=text, help=help_text, next=worked, failed_next=next_id)
                )
            else:
                failed = self.stub(node_id, "didnt-work", _FAILED[1])
                self.add(
                    Node(id=node_id, type="instruction", text=text, help=help_text, next=next_id, failed_next=failed)
                )
        else:  # input
            label = str(served.get("input_label") or "").strip() or "value"
            self.add(Node(id=node_id, type="input", text=text, help=help_text, next=next_id, input_label=label))


def _is_real_step(entry: Step, session_kind: str) -> bool:
    """A step the technician answered, not bookkeeping (empty entries, link hops)."""
    return entry.node_type in _STEP_TYPES[session_kind] and bool(entry.text.strip())


def _notes_by_step(steps: Sequence[Step], ids: Sequence[str], walk_notes: Sequence[Note]) -> dict[str, list[str]]:
    """Each note on the draft step whose walk node it was written at; the rest go on the resolution.

    The value an input step asked for is ticket-specific (a hostname, an error code) and is
    not carried into a reusable flow.
    """
    by_walk_id = {e.node_id: new_id for e, new_id in zip(steps, ids, strict=True)}
    out: dict[str, list[str]] = {}
    for walk_id, texts in notes_by_step(walk_notes).items():
        target = by_walk_id.get(walk_id, RESOLVED_ID) if walk_id is not None else RESOLVED_ID
        out.setdefault(target, []).extend(t.strip() for t in texts if t.strip())
    return out


def _notes_help(notes: list[str]) -> str | None:
    return _help([], notes)


def _help(lines: list[str], notes: list[str]) -> str | None:
    parts = [line for line in lines if line]
    if notes:
        parts.append("Technician notes: " + " / ".join(notes))
    return _clip("\n".join(parts)) if parts else None


def _clip(text: str, limit: int = MAX_SECTION_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _title(text: str) -> str:
    first = " ".join(text.split("\n", 1)[0].split())
    return _clip(first, MAX_TITLE) or "Draft flow"
