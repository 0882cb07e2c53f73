"""Flow insights, computed in PostgreSQL: how walks ended, per flow, version, node, customer, board, technician.

Every figure is one aggregate over the account's walks *started* in the period ``[since, until)``
(``ix_l1_walk_sessions_account_started``). Per-node figures expand ``walked_path`` with
``jsonb_array_elements``; a walk ends at its ``current_node_id``. Definitions: docs/insights.md.
Rendering (text, JSON, HTML, diagrams) lives in ``bot/insights`` and never recomputes a figure.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, text
from sqlalchemy.dialects.postgresql import UUID as PG_UUID
from sqlalchemy.ext.asyncio import AsyncSession

# A node is a drop-off candidate only once this many walks of the period reached it.
DROP_OFF_MIN_REACHED = 3
TOP_CATEGORIES = 3
NOTES_PER_DROP_OFF = 10


@dataclass(frozen=True)
class Period:
    """Which walks a report covers: started in ``[since, until)``, optionally one flow slug or one technician."""

    account_id: uuid.UUID
    since: datetime
    until: datetime
    slug: str | None = None
    technician_user_id: uuid.UUID | None = None


@dataclass(frozen=True)
class OutcomeCounts:
    """How the walks of one group ended. ``version`` is None for a flow's figures across its versions."""

    dimension: str  # flow | version | kind | customer | board | technician
    key: str | None  # slug, kind, company, board or technician's Slack id (None: not recorded)
    version: int | None
    label: str | None  # the technician's display name; None elsewhere
    walks: int
    resolved: int
    escalated: int
    abandoned: int
    active: int
    median_seconds_to_resolve: float | None
    p90_seconds_to_resolve: float | None
    helpful_yes: int
    helpful_answered: int

    @property
    def helpful_rate(self) -> float | None:
        return self.helpful_yes / self.helpful_answered if self.helpful_answered else None


@dataclass(frozen=True)
class CategoryCount:
    slug: str
    version: int | None
    category: str
    escalations: int


@dataclass(frozen=True)
class NodeFigures:
    """One node of a flow: walks that reached it, and how many ended there, by outcome."""

    slug: str
    version: int | None
    node_id: str
    reached: int
    resolved_here: int
    escalated_here: int
    abandoned_here: int
    drop_off: bool

    @property
    def ended_badly(self) -> int:
        return self.escalated_here + self.abandoned_here


@dataclass(frozen=True)
class AnswerCount:
    """Walks that left a node by one answer (an instruction's done/failed, an input's value, a link)."""

    slug: str
    version: int | None
    node_id: str
    option_id: str
    label: str
    walks: int


@dataclass(frozen=True)
class StepNote:
    slug: str
    node_id: str
    text: str
    author: str | None
    at: str | None
    session_id: uuid.UUID


@dataclass(frozen=True)
class RecurringProblem:
    """Ad-hoc and AI walks of one category sharing a word in their problem text, where no flow covers it."""

    category: str
    word: str
    walks: int
    resolved_session_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True)
class FlowMatch:
    slug: str
    title: str
    category: str
    version: int
    rank: float


# The walks of the period; every query below starts from it. The optional filters are
# appended as fixed fragments (never user text), with their values bound.
_WALKS = """
walks AS (
    SELECT s.id, s.session_kind AS kind, t.slug, t.version, s.status, s.helpful, s.started_at, s.resolved_at,
           s.escalation_reason_category AS category, s.current_node_id, s.walked_path, s.walk_notes,
           s.ticket_snapshot, s.created_by_user_id, s.problem_text, s.category AS problem_category
    FROM l1_walk_sessions s
    LEFT JOIN trees t ON t.id = s.flow_id
    WHERE s.account_id = :account_id AND s.started_at >= :since AND s.started_at < :until {filters}
)"""


def _walks_cte(period: Period) -> str:
    filters = ""
    if period.slug is not None:
        filters += " AND t.slug = :slug"
    if period.technician_user_id is not None:
        filters += " AND s.created_by_user_id = :technician_user_id"
    return _WALKS.format(filters=filters)


async def _report_session(db: AsyncSession) -> None:
    """Settings for this transaction's report queries. Reports are a few aggregates over tens of thousands
    of rows whose ``jsonb_array_elements`` the planner overestimates 30-fold; that estimate switches on JIT
    compilation, which then costs more than the query."""
    await db.execute(text("SET LOCAL jit = off"))
    # The period's walks lie together on disk (rows are written in time order): reading them through
    # ix_l1_walk_sessions_account_started beats scanning the whole table, as on any SSD; and the grouping
    # sets sort a month of walks in memory rather than on disk.
    await db.execute(text("SET LOCAL random_page_cost = 1.1"))
    await db.execute(text("SET LOCAL work_mem = '64MB'"))


def _params(period: Period, **more: Any) -> dict[str, Any]:
    params: dict[str, Any] = {"account_id": period.account_id, "since": period.since, "until": period.until}
    if period.slug is not None:
        params["slug"] = period.slug
    if period.technician_user_id is not None:
        params["technician_user_id"] = period.technician_user_id
    return params | more


_OUTCOMES = """
WITH {walks},
facts AS MATERIALIZED (
    -- narrow rows, so the five sorts of the grouping sets below move little
    SELECT w.kind, w.slug, w.version, w.status, w.helpful, w.created_by_user_id AS tech,
           CASE WHEN w.status = 'resolved' THEN extract(epoch FROM w.resolved_at - w.started_at) END AS seconds,
           w.ticket_snapshot ->> 'company' AS company, w.ticket_snapshot ->> 'board' AS board
    FROM walks w
),
figures AS (
    SELECT
        CASE
            WHEN GROUPING(kind) = 0 AND kind <> 'flow' THEN 'kind'
            WHEN GROUPING(kind) = 0 AND GROUPING(version) = 0 THEN 'version'
            WHEN GROUPING(kind) = 0 THEN 'flow'
            WHEN GROUPING(company) = 0 THEN 'customer'
            WHEN GROUPING(board) = 0 THEN 'board'
            ELSE 'technician'
        END AS dimension,
        CASE
            WHEN GROUPING(kind) = 0 THEN coalesce(slug, kind)
            WHEN GROUPING(company) = 0 THEN company
            WHEN GROUPING(board) = 0 THEN board
        END AS key,
        version,
        tech,
        GROUPING(kind) = 0 AND kind <> 'flow' AND GROUPING(version) = 0 AS duplicate,
        count(*) AS walks,
        count(*) FILTER (WHERE status = 'resolved') AS resolved,
        count(*) FILTER (WHERE status = 'escalated') AS escalated,
        count(*) FILTER (WHERE status = 'abandoned') AS abandoned,
        count(*) FILTER (WHERE status = 'active') AS active,
        -- both percentiles from one sort of each group's times (two percentile_cont calls sort them twice)
        percentile_cont(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY seconds) FILTER (WHERE seconds IS NOT NULL)
            AS percentiles,
        count(*) FILTER (WHERE helpful) AS helpful_yes,
        count(helpful) AS helpful_answered
    FROM facts
    GROUP BY GROUPING SETS ((kind, slug), (kind, slug, version), (company), (board), (tech))
)
SELECT f.dimension, CASE WHEN f.dimension = 'technician' THEN u.slack_user_id ELSE f.key END AS key, f.version,
       CASE WHEN f.dimension = 'technician' THEN u.display_name END AS label, f.walks, f.resolved, f.escalated,
       f.abandoned, f.active, f.percentiles[1] AS median_seconds, f.percentiles[2] AS p90_seconds,
       f.helpful_yes, f.helpful_answered
FROM figures f
LEFT JOIN users u ON f.dimension = 'technician' AND u.id = f.tech
WHERE NOT f.duplicate
ORDER BY f.dimension, f.walks DESC, key NULLS LAST, f.version
"""


async def outcome_counts(db: AsyncSession, period: Period) -> list[OutcomeCounts]:
    """Outcome counts of every group at once (flows, versions, kinds, customers, boards, technicians)."""
    await _report_session(db)
    rows = await db.execute(text(_OUTCOMES.format(walks=_walks_cte(period))), _params(period))
    return [
        OutcomeCounts(
            dimension=r.dimension,
            key=r.key,
            version=r.version,
            label=r.label,
            walks=r.walks,
            resolved=r.resolved,
            escalated=r.escalated,
            abandoned=r.abandoned,
            active=r.active,
            median_seconds_to_resolve=r.median_seconds,
            p90_seconds_to_resolve=r.p90_seconds,
            helpful_yes=r.helpful_yes,
            helpful_answered=r.helpful_answered,
        )
        for r in rows
    ]


_CATEGORIES = """
WITH {walks},
counted AS (
    SELECT coalesce(w.slug, w.kind) AS slug, w.version, w.category, count(*) AS escalations,
           GROUPING(w.version) = 1 AS pooled
    FROM walks w
    WHERE w.status = 'escalated' AND w.category IS NOT NULL
    GROUP BY GROUPING SETS ((w.kind, w.slug, w.category), (w.kind, w.slug, w.version, w.category))
    HAVING GROUPING(w.version) = 1 OR w.kind = 'flow'
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY slug, version, pooled ORDER BY escalations DESC, category) AS rank
    FROM counted
)
SELECT slug, version, category, escalations FROM ranked WHERE rank <= :top ORDER BY slug, version NULLS FIRST, rank
"""


async def top_escalation_categories(db: AsyncSession, period: Period) -> list[CategoryCount]:
    """The most frequent escalation categories of each flow (and version, and kind), most first."""
    await _report_session(db)
    rows = await db.execute(text(_CATEGORIES.format(walks=_walks_cte(period))), _params(period, top=TOP_CATEGORIES))
    return [CategoryCount(r.slug, r.version, r.category, r.escalations) for r in rows]


_PATHS = """
WITH {walks},
flow_walks AS NOT MATERIALIZED (
    -- the period's flow walks, for both passes below (their paths, then the drop-off steps' notes); each pass
    -- scans them afresh, which costs less than holding a month of paths and notes in memory between the two
    SELECT w.id, w.slug, w.version, w.status, w.current_node_id, w.walked_path, w.walk_notes
    FROM walks w WHERE w.kind = 'flow'
),
per_walk AS (
    -- Each walk's path (and where it stands or ended) expanded once: the nodes it reached, and the answers
    -- it left each node by, each counted once per walk (grouping sets (node_id) and (node_id, option_id)).
    SELECT w.slug, w.version, w.status, p.node_id, p.option_id, p.label, p.is_input,
           p.node_id = w.current_node_id AS last
    FROM flow_walks w
    CROSS JOIN LATERAL (
        SELECT e.node_id, CASE WHEN GROUPING(e.option_id) = 0 THEN e.option_id END AS option_id,
               max(e.label) AS label, bool_or(e.is_input) AS is_input
        FROM (
            SELECT step ->> 'node_id' AS node_id, coalesce(step ->> 'option_id', '') AS option_id,
                   step ->> 'option_label' AS label, step ->> 'node_type' = 'input' AS is_input
            FROM jsonb_array_elements(w.walked_path) AS step
            UNION ALL
            SELECT w.current_node_id, NULL, NULL, NULL  -- standing on it (or ended there), not left by an answer
        ) e
        WHERE e.node_id IS NOT NULL
        GROUP BY GROUPING SETS ((e.node_id), (e.node_id, e.option_id))
        HAVING GROUPING(e.option_id) = 1 OR e.option_id IS NOT NULL
    ) p
),
tallies AS (
    -- a month's per-walk rows folded once, before the two grouping sets below
    SELECT slug, version, node_id, option_id, count(*) AS walks,
           count(*) FILTER (WHERE last AND status = 'resolved') AS resolved_here,
           count(*) FILTER (WHERE last AND status = 'escalated') AS escalated_here,
           count(*) FILTER (WHERE last AND status = 'abandoned') AS abandoned_here,
           bool_or(is_input) AS is_input, max(label) AS label
    FROM per_walk
    GROUP BY slug, version, node_id, option_id
),
figures AS (
    -- option_id NULL: the node's own row (reached, ended there); otherwise walks that left it by that answer
    SELECT slug, version, node_id, option_id, GROUPING(version) = 1 AS pooled, sum(walks)::bigint AS walks,
           sum(resolved_here)::bigint AS resolved_here, sum(escalated_here)::bigint AS escalated_here,
           sum(abandoned_here)::bigint AS abandoned_here,
           -- an input step's "answer" is the value typed: never quoted, only counted
           CASE WHEN bool_or(is_input) THEN 'value entered' ELSE max(label) END AS label
    FROM tallies
    GROUP BY GROUPING SETS ((slug, node_id, option_id), (slug, version, node_id, option_id))
),
drop_off AS (
    -- Most escalated + abandoned endings among nodes reached by enough walks; ties: the higher rate.
    SELECT DISTINCT ON (slug, version, pooled) slug, version, pooled, node_id
    FROM figures
    WHERE option_id IS NULL AND walks >= :min_reached AND escalated_here + abandoned_here > 0
    ORDER BY slug, version, pooled, escalated_here + abandoned_here DESC,
             (escalated_here + abandoned_here)::float / walks DESC, node_id
),
step_notes AS (
    -- What technicians wrote at each flow's drop-off step (thread notes; typed input values are not quoted)
    SELECT w.slug, jsonb_build_object('text', note ->> 'text', 'author', note ->> 'author', 'at', note ->> 'at',
                                      'session_id', w.id) AS note,
           row_number() OVER (PARTITION BY w.slug ORDER BY note ->> 'at' DESC NULLS LAST) AS newest
    FROM flow_walks w
    JOIN drop_off d ON d.pooled AND d.slug = w.slug
    CROSS JOIN LATERAL jsonb_array_elements(w.walk_notes) AS note
    WHERE note ->> 'node_id' = d.node_id AND coalesce(note ->> 'source', '') <> 'input'
),
notes AS (
    SELECT slug, jsonb_agg(note ORDER BY newest) AS notes FROM step_notes WHERE newest <= :notes GROUP BY slug
)
SELECT f.slug, f.version, f.node_id, f.option_id, f.label, f.walks, f.resolved_here, f.escalated_here,
       f.abandoned_here, d.node_id IS NOT NULL AS drop_off, CASE WHEN d.pooled THEN n.notes END AS notes
FROM figures f
LEFT JOIN drop_off d ON f.option_id IS NULL AND d.slug = f.slug AND d.pooled = f.pooled AND d.node_id = f.node_id
    AND d.version IS NOT DISTINCT FROM f.version
LEFT JOIN notes n ON n.slug = f.slug
ORDER BY f.option_id IS NOT NULL, f.slug, f.version NULLS FIRST,
         CASE WHEN f.option_id IS NULL THEN -f.walks END,  -- nodes: most reached first
         f.node_id, f.walks DESC, f.option_id               -- answers: by node, most taken first
"""


@dataclass(frozen=True)
class PathFigures:
    nodes: list[NodeFigures]
    answers: list[AnswerCount]
    drop_off_notes: dict[str, list[StepNote]]  # slug -> notes at its drop-off node (across versions), newest first


async def path_figures(db: AsyncSession, period: Period) -> PathFigures:
    """Per node of every walked flow (reached, ended there, drop-off flagged), per answer it was left by, across
    versions (``version`` None) and per version, and the notes written at each flow's drop-off step (at most
    ``NOTES_PER_DROP_OFF``, newest first): one statement, reading the period's flow walks once."""
    await _report_session(db)
    rows = await db.execute(
        text(_PATHS.format(walks=_walks_cte(period))),
        _params(period, min_reached=DROP_OFF_MIN_REACHED, notes=NOTES_PER_DROP_OFF),
    )
    nodes, answers, notes = [], [], {}
    for r in rows:
        if r.option_id is not None:
            answers.append(AnswerCount(r.slug, r.version, r.node_id, r.option_id, r.label or r.option_id, r.walks))
            continue
        nodes.append(
            NodeFigures(
                r.slug, r.version, r.node_id, r.walks, r.resolved_here, r.escalated_here, r.abandoned_here, r.drop_off
            )
        )
        if r.drop_off and r.version is None:
            notes[r.slug] = [
                StepNote(r.slug, r.node_id, n["text"] or "", n["author"], n["at"], uuid.UUID(n["session_id"]))
                for n in r.notes or ()
            ]
    return PathFigures(nodes, answers, notes)


_RECURRING = """
WITH {walks},
free AS (
    SELECT w.id, w.status, coalesce(w.problem_category, 'uncategorised') AS category, w.problem_text
    FROM walks w WHERE w.kind IN ('adhoc', 'ai_build') AND w.problem_text IS NOT NULL
),
words AS (
    -- a tsvector's lexemes are distinct already: one row per walk and word
    SELECT f.id, f.status, f.category, lexeme.word
    FROM free f
    CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('english'::regconfig, f.problem_text))) AS lexeme(word)
    WHERE length(lexeme.word) >= 3 AND lexeme.word !~ '^[0-9]+$'
),
groups AS (
    SELECT category, word, count(*) AS walks,
           array_agg(id ORDER BY id) FILTER (WHERE status = 'resolved') AS resolved_ids
    FROM words GROUP BY category, word HAVING count(*) >= :min_walks
),
published AS (
    SELECT DISTINCT ON (slug) slug, category, search_document, archived_at
    FROM trees WHERE account_id = :account_id ORDER BY slug, version DESC
)
SELECT g.category, g.word, g.walks, coalesce(g.resolved_ids, '{{}}') AS resolved_ids
FROM groups g
WHERE NOT EXISTS (
    SELECT 1 FROM published p
    WHERE p.archived_at IS NULL
      AND p.category = g.category
      AND p.search_document @@ to_tsquery('english'::regconfig, quote_literal(g.word))
)
ORDER BY g.walks DESC, g.category, g.word
LIMIT :limit
"""


async def recurring_problems(
    db: AsyncSession, period: Period, *, min_walks: int = 3, limit: int = 20
) -> list[RecurringProblem]:
    """Ad-hoc and AI walks grouped by category and by each word of their problem text, where no published
    flow of that category mentions the word: candidates for new flows."""
    await _report_session(db)
    rows = await db.execute(
        text(_RECURRING.format(walks=_walks_cte(period))), _params(period, min_walks=min_walks, limit=limit)
    )
    return [RecurringProblem(r.category, r.word, r.walks, tuple(r.resolved_ids)) for r in rows]


@dataclass(frozen=True)
class PeriodFigures:
    """Every aggregate of a report's period, read in one snapshot."""

    counts: list[OutcomeCounts]
    categories: list[CategoryCount]
    paths: PathFigures
    recurring: list[RecurringProblem]


_SNAPSHOT_ID = re.compile(r"[0-9A-F]+-[0-9A-F]+(-[0-9]+)?")


async def period_figures(db: AsyncSession, period: Period) -> PeriodFigures:
    """The outcome counts, escalation categories, per-node figures and candidate groups of the period, read one
    after another in ``db``'s transaction (bot/reports/figures.py reads them at once on two connections)."""
    return PeriodFigures(
        await outcome_counts(db, period),
        await top_escalation_categories(db, period),
        await path_figures(db, period),
        await recurring_problems(db, period),
    )


async def export_snapshot(db: AsyncSession) -> str:
    """The id of ``db``'s transaction's snapshot, for other transactions to read in (valid while it is open;
    what it wrote and has not committed is not in it)."""
    snapshot = await db.scalar(text("SELECT pg_export_snapshot()"))
    if not isinstance(snapshot, str) or not _SNAPSHOT_ID.fullmatch(snapshot):  # SET takes no bound parameter
        raise RuntimeError(f"unexpected snapshot id {snapshot!r}")
    return snapshot


async def read_in_snapshot(db: AsyncSession, snapshot: str) -> None:
    """Make ``db``'s transaction, before its first query, a read-only one seeing exactly ``snapshot``."""
    if not _SNAPSHOT_ID.fullmatch(snapshot):
        raise ValueError(f"not a snapshot id: {snapshot!r}")
    await db.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
    await db.execute(text(f"SET TRANSACTION SNAPSHOT '{snapshot}'"))


@dataclass(frozen=True)
class ResolvedWalk:
    """A resolved ad-hoc or AI walk a candidate group points at: enough to name its ticket and propose it."""

    session_id: uuid.UUID
    revision: int
    ticket_id: str
    ticket_kind: str
    ticket_snapshot: dict[str, Any] | None
    draft_slug: str | None  # the draft flow already proposed from it, if any


async def resolved_walks(db: AsyncSession, account_id: uuid.UUID, session_ids: list[uuid.UUID]) -> list[ResolvedWalk]:
    """These walks of the account that are resolved ad-hoc or AI walks (what *Propose as flow* accepts), by id."""
    if not session_ids:
        return []
    rows = await db.execute(
        text(
            "SELECT s.id, s.revision, s.ticket_id, s.ticket_kind, s.ticket_snapshot, "
            # the first draft distilled from the walk, as storage.queries.proposals.proposal_for_session finds it
            "(SELECT p.slug FROM flow_proposals p WHERE p.account_id = s.account_id AND p.l1_session_id = s.id "
            "ORDER BY p.created_at LIMIT 1) AS draft_slug "
            "FROM l1_walk_sessions s "
            "WHERE s.account_id = :account_id AND s.id = ANY(:ids) AND s.status = 'resolved' "
            "AND s.session_kind IN ('adhoc', 'ai_build')"
        ).bindparams(bindparam("account_id", type_=PG_UUID(as_uuid=True))),
        {"account_id": account_id, "ids": list(session_ids)},
    )
    return [ResolvedWalk(r.id, r.revision, r.ticket_id, r.ticket_kind, r.ticket_snapshot, r.draft_slug) for r in rows]


_SEARCH = """
WITH published AS (
    SELECT DISTINCT ON (slug) slug, title, category, version, search_document, archived_at
    FROM trees WHERE account_id = :account_id ORDER BY slug, version DESC
)
SELECT slug, title, category, version,
       CASE WHEN :words = '' THEN 0 ELSE ts_rank(search_document, websearch_to_tsquery('english', :words)) END AS rank
FROM published
WHERE archived_at IS NULL AND (:words = '' OR search_document @@ websearch_to_tsquery('english', :words))
ORDER BY rank DESC, title
LIMIT :limit
"""


async def search_flows(db: AsyncSession, account_id: uuid.UUID, words: str, *, limit: int = 10) -> list[FlowMatch]:
    """Published flows ranked by how well title (most), match keywords, then node text fit ``words``.
    No words: every published flow, by title."""
    rows = await db.execute(
        text(_SEARCH).bindparams(bindparam("account_id", type_=PG_UUID(as_uuid=True))),
        {"account_id": account_id, "words": words.strip(), "limit": limit},
    )
    return [FlowMatch(r.slug, r.title, r.category, r.version, float(r.rank)) for r in rows]


@dataclass(frozen=True)
class FlowVersion:
    slug: str
    version: int
    title: str
    definition: dict[str, Any]


async def flow_versions(db: AsyncSession, account_id: uuid.UUID, slugs: list[str]) -> list[FlowVersion]:
    """Every published version of these flows (a report names nodes as the version walked had them)."""
    if not slugs:
        return []
    rows = await db.execute(
        text(
            "SELECT slug, version, title, definition FROM trees "
            "WHERE account_id = :account_id AND slug = ANY(:slugs) ORDER BY slug, version"
        ),
        {"account_id": account_id, "slugs": list(slugs)},
    )
    return [FlowVersion(r.slug, r.version, r.title, r.definition) for r in rows]


async def user_id_of(db: AsyncSession, account_id: uuid.UUID, slack_user_id: str) -> uuid.UUID | None:
    """The technician a ``--technician U…`` filter names, if they ever used walkbot in this account."""
    return await db.scalar(
        text("SELECT id FROM users WHERE account_id = :account_id AND slack_user_id = :slack_user_id"),
        {"account_id": account_id, "slack_user_id": slack_user_id},
    )


async def report_settings(db: AsyncSession, account_id: uuid.UUID) -> tuple[str | None, str | None]:
    """The account's report timezone and weekly digest channel (both None by default)."""
    row = (
        await db.execute(
            text("SELECT timezone, digest_channel_id FROM accounts WHERE id = :account_id"), {"account_id": account_id}
        )
    ).first()
    return (row.timezone, row.digest_channel_id) if row else (None, None)


async def set_report_settings(
    db: AsyncSession, account_id: uuid.UUID, *, timezone: str | None, digest_channel_id: str | None
) -> None:
    await db.execute(
        text("UPDATE accounts SET timezone = :timezone, digest_channel_id = :channel WHERE id = :account_id"),
        {"account_id": account_id, "timezone": timezone, "channel": digest_channel_id},
    )


@dataclass(frozen=True)
class DigestTarget:
    account_id: uuid.UUID
    team_id: str
    channel_id: str


async def digest_targets(db: AsyncSession) -> list[DigestTarget]:
    """Accounts that asked for the weekly digest (the column is NULL, i.e. off, by default)."""
    rows = await db.execute(
        text("SELECT id, slack_team_id, digest_channel_id FROM accounts WHERE digest_channel_id IS NOT NULL")
    )
    return [DigestTarget(r.id, r.slack_team_id, r.digest_channel_id) for r in rows]
