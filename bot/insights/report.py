"""One insights report as typed figures, assembled from the database's aggregates.

``build_report`` reads; it never recomputes a figure the database computed. It adds what the
renderers need beside the numbers: each node's type and text (from the version walked, the
newest one for figures across versions), the drop-off step's notes (redacted), and the
candidates for new flows.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.insights.period import since_from
from bot.insights.redaction import redact
from bot.psa.models import ticket_from_snapshot, ticket_label
from storage.queries import insights
from storage.queries.insights import OutcomeCounts, Period, PeriodFigures, ResolvedWalk

# How a report reads its four aggregates in the report's transaction: one after another on its connection
# (insights.period_figures), or at once in its snapshot (bot/reports/figures.py, which opens the transactions).
FiguresReader = Callable[[AsyncSession, Period], Awaitable[PeriodFigures]]

# The resolved walks a report names per candidate group (by ticket); an App Home view holds 100 blocks, and
# five groups of three stay well inside.
WALKS_PER_CANDIDATE = 3

KIND_LABELS = {"adhoc": "Ad-hoc investigations", "ai_build": "AI-guided walks", "proposal": "Draft flows (tried)"}


@dataclass(frozen=True)
class Outcomes:
    """How a group of walks ended. Shares are of ``walks``; times are seconds from start to resolve."""

    walks: int
    resolved: int
    escalated: int
    abandoned: int
    active: int
    median_seconds_to_resolve: float | None
    p90_seconds_to_resolve: float | None
    helpful_rate: float | None  # among resolved walks whose technician answered "was this helpful"
    helpful_answers: int

    def share(self, count: int) -> float:
        return count / self.walks if self.walks else 0.0

    @classmethod
    def of(cls, row: OutcomeCounts) -> Outcomes:
        return cls(
            walks=row.walks,
            resolved=row.resolved,
            escalated=row.escalated,
            abandoned=row.abandoned,
            active=row.active,
            median_seconds_to_resolve=row.median_seconds_to_resolve,
            p90_seconds_to_resolve=row.p90_seconds_to_resolve,
            helpful_rate=row.helpful_rate,
            helpful_answers=row.helpful_answered,
        )


@dataclass(frozen=True)
class Answer:
    option_id: str
    label: str
    walks: int


@dataclass(frozen=True)
class NodeStats:
    node_id: str
    node_type: str  # question | instruction | input | link | resolve | escalate | unknown (no longer in the flow)
    text: str
    reached: int
    answers: tuple[Answer, ...]
    resolved_here: int
    escalated_here: int
    abandoned_here: int
    drop_off: bool

    @property
    def ended_badly(self) -> int:
        return self.escalated_here + self.abandoned_here


@dataclass(frozen=True)
class Note:
    text: str  # already redacted
    author: str | None
    at: str | None


@dataclass(frozen=True)
class VersionReport:
    version: int
    outcomes: Outcomes
    top_categories: tuple[tuple[str, int], ...]
    nodes: tuple[NodeStats, ...]
    drop_off_node: str | None


@dataclass(frozen=True)
class FlowReport:
    slug: str
    title: str
    outcomes: Outcomes
    top_categories: tuple[tuple[str, int], ...]
    nodes: tuple[NodeStats, ...]
    drop_off_node: str | None
    drop_off_notes: tuple[Note, ...]
    versions: tuple[VersionReport, ...]
    # The newest version's definition (what a flow map of these figures draws); None if it is gone.
    definition: dict | None = None


@dataclass(frozen=True)
class KindReport:
    kind: str  # adhoc | ai_build | proposal
    label: str
    outcomes: Outcomes
    top_categories: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class GroupReport:
    """A customer, a board or a technician; ``key`` None stands for walks whose ticket did not say."""

    key: str | None
    label: str
    outcomes: Outcomes


@dataclass(frozen=True)
class CandidateWalk:
    """A resolved ad-hoc or AI walk a candidate group points at, named by its ticket (from the intake snapshot)."""

    session_id: uuid.UUID
    revision: int  # what *Propose as flow* checks the walk against
    ticket: str  # "ConnectWise #12345 · Scanner jams on floor 2"; "Ticket #12345" when no snapshot was taken
    company: str | None
    draft_slug: str | None  # the draft already proposed from it, if any


@dataclass(frozen=True)
class Candidate:
    """Ad-hoc and AI walks of one category sharing a word of their problem text, where no published flow
    covers it: a candidate for a new flow, with its first resolved walks by ticket."""

    category: str
    word: str
    walks: int
    resolved_session_ids: tuple[uuid.UUID, ...]  # every resolved walk of the group
    resolved_walks: tuple[CandidateWalk, ...]  # the first WALKS_PER_CANDIDATE of them, by ticket

    @property
    def resolved(self) -> int:
        return len(self.resolved_session_ids)


@dataclass(frozen=True)
class Report:
    since: datetime
    until: datetime
    timezone: str
    flow_filter: str | None
    technician_filter: str | None
    flows: tuple[FlowReport, ...]
    kinds: tuple[KindReport, ...]
    customers: tuple[GroupReport, ...]
    boards: tuple[GroupReport, ...]
    # None when the reader may not see per-technician figures (only admins and operators may).
    technicians: tuple[GroupReport, ...] | None
    candidates: tuple[Candidate, ...] = field(default=())

    def flow(self, slug: str) -> FlowReport | None:
        return next((f for f in self.flows if f.slug == slug), None)


class UnknownTechnician(LookupError):
    """``--technician`` names nobody who used walkbot in this account."""


async def report_for(
    db: AsyncSession,
    account_id: uuid.UUID,
    *,
    since: str,
    now: datetime,
    flow: str | None = None,
    technician: str | None = None,
    with_technicians: bool = False,
    read_figures: FiguresReader = insights.period_figures,
) -> Report:
    """The report an operator or admin asked for: ``since`` as typed (30d, 2w, a date), in the account's timezone."""
    timezone, _ = await insights.report_settings(db, account_id)
    start = since_from(since, now, timezone)
    user_id = None
    if technician:
        user_id = await insights.user_id_of(db, account_id, technician)
        if user_id is None:
            raise UnknownTechnician(f"{technician} has never used walkbot here; give their Slack user id (U…).")
    period = Period(account_id, start, now, slug=flow, technician_user_id=user_id)
    return await build_report(
        db,
        period,
        timezone=timezone,
        technician_label=technician,
        with_technicians=with_technicians,
        read_figures=read_figures,
    )


async def build_report(
    db: AsyncSession,
    period: Period,
    *,
    timezone: str | None = None,
    technician_label: str | None = None,
    with_technicians: bool = False,
    read_figures: FiguresReader = insights.period_figures,
) -> Report:
    """Every figure of the period, ready to render. ``with_technicians`` only for admins and the terminal."""
    figures = await read_figures(db, period)
    counts, categories, paths = figures.counts, figures.categories, figures.paths
    slugs = sorted({r.key for r in counts if r.dimension == "flow" and r.key})
    published = await insights.flow_versions(db, period.account_id, slugs)
    definitions = _node_definitions(published)
    titles = {slug: title for (slug, _), (title, _) in definitions.items()}
    newest = {v.slug: v.definition for v in published}  # ordered by version: the newest wins

    cats: dict[tuple[str, int | None], list[tuple[str, int]]] = defaultdict(list)
    for c in categories:
        cats[(c.slug, c.version)].append((c.category, c.escalations))
    answers_at: dict[tuple[str, int | None, str], list[Answer]] = defaultdict(list)
    for a in paths.answers:
        answers_at[(a.slug, a.version, a.node_id)].append(Answer(a.option_id, a.label, a.walks))
    nodes_of: dict[tuple[str, int | None], list[NodeStats]] = defaultdict(list)
    for n in paths.nodes:
        known = _known_nodes(definitions, n.slug, n.version)
        node_type, node_text = known.get(n.node_id, ("unknown", ""))
        nodes_of[(n.slug, n.version)].append(
            NodeStats(
                node_id=n.node_id,
                node_type=node_type,
                text=node_text,
                reached=n.reached,
                answers=tuple(answers_at[(n.slug, n.version, n.node_id)]),
                resolved_here=n.resolved_here,
                escalated_here=n.escalated_here,
                abandoned_here=n.abandoned_here,
                drop_off=n.drop_off,
            )
        )

    flows = []
    for row in (r for r in counts if r.dimension == "flow"):
        slug = row.key or ""
        flow_nodes = tuple(nodes_of[(slug, None)])
        drop_off = next((n.node_id for n in flow_nodes if n.drop_off), None)
        notes = paths.drop_off_notes.get(slug, [])
        versions = tuple(
            VersionReport(
                version=v.version or 0,
                outcomes=Outcomes.of(v),
                top_categories=tuple(cats[(slug, v.version)]),
                nodes=tuple(nodes_of[(slug, v.version)]),
                drop_off_node=next((n.node_id for n in nodes_of[(slug, v.version)] if n.drop_off), None),
            )
            for v in counts
            if v.dimension == "version" and v.key == slug
        )
        flows.append(
            FlowReport(
                slug=slug,
                title=titles.get(slug, slug),
                outcomes=Outcomes.of(row),
                top_categories=tuple(cats[(slug, None)]),
                nodes=flow_nodes,
                drop_off_node=drop_off,
                drop_off_notes=tuple(Note(redact(n.text), n.author, n.at) for n in notes),
                versions=versions,
                definition=newest.get(slug),
            )
        )
    kinds = tuple(
        KindReport(r.key or "", KIND_LABELS.get(r.key or "", r.key or ""), Outcomes.of(r), tuple(cats[(r.key, None)]))
        for r in counts
        if r.dimension == "kind"
    )
    candidates = await _candidates(db, period, figures.recurring)
    return Report(
        since=period.since,
        until=period.until,
        timezone=timezone or "UTC",
        flow_filter=period.slug,
        technician_filter=technician_label,
        flows=tuple(flows),
        kinds=kinds,
        customers=_groups(counts, "customer", "(no company)"),
        boards=_groups(counts, "board", "(no board)"),
        technicians=_groups(counts, "technician", "(unknown)") if with_technicians else None,
        candidates=candidates,
    )


async def _candidates(
    db: AsyncSession, period: Period, groups: list[insights.RecurringProblem]
) -> tuple[Candidate, ...]:
    """The period's candidates for new flows, each with its first resolved walks named by their ticket."""
    wanted = list(dict.fromkeys(i for g in groups for i in g.resolved_session_ids[:WALKS_PER_CANDIDATE]))
    found = {w.session_id: w for w in await insights.resolved_walks(db, period.account_id, wanted)}
    return tuple(
        Candidate(
            category=g.category,
            word=g.word,
            walks=g.walks,
            resolved_session_ids=g.resolved_session_ids,
            resolved_walks=tuple(
                _candidate_walk(found[i]) for i in g.resolved_session_ids[:WALKS_PER_CANDIDATE] if i in found
            ),
        )
        for g in groups
    )


def _candidate_walk(walk: ResolvedWalk) -> CandidateWalk:
    snapshot = walk.ticket_snapshot or {}
    try:
        label = ticket_label(ticket_from_snapshot(snapshot))
    except TypeError:  # no snapshot (or one missing the ticket's id, kind or summary): name it by its id
        label = f"Internal {walk.ticket_id}" if walk.ticket_kind == "internal" else f"Ticket #{walk.ticket_id}"
    return CandidateWalk(walk.session_id, walk.revision, label, snapshot.get("company") or None, walk.draft_slug)


def _groups(counts: list[OutcomeCounts], dimension: str, unnamed: str) -> tuple[GroupReport, ...]:
    return tuple(
        GroupReport(r.key, (f"{r.label} ({r.key})" if r.label else r.key) if r.key else unnamed, Outcomes.of(r))
        for r in counts
        if r.dimension == dimension
    )


def _node_definitions(versions: list[insights.FlowVersion]) -> dict[tuple[str, int], tuple[str, dict]]:
    """(slug, version) -> (title, {node id: (type, text)})."""
    out = {}
    for v in versions:
        nodes = {n["id"]: (n.get("type", "unknown"), n.get("text", "")) for n in v.definition.get("nodes") or ()}
        out[(v.slug, v.version)] = (v.title, nodes)
    return out


def _known_nodes(definitions, slug: str, version: int | None) -> dict[str, tuple[str, str]]:
    """Nodes as the version walked had them; across versions, newest first, older ones filling gaps."""
    if version is not None:
        return definitions.get((slug, version), ("", {}))[1]
    merged: dict[str, tuple[str, str]] = {}
    for (s, _), (_, nodes) in sorted(definitions.items(), key=lambda item: item[0][1]):
        if s == slug:
            merged.update(nodes)
    return merged
