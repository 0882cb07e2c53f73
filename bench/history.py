"""A long history of past walks in one account, written by PostgreSQL itself (``generate_series``).

bench/scale.py times request paths against it and the query-plan tests ANALYZE a smaller
copy of it, so both see the shape of data a busy MSP accumulates:

- walks **spread evenly over a span** (default two years): at 1,000,000 walks about 41,000 start in
  any 30 days, so a 30-day report reads what it would read in production;
- 60% flow walks over the **shipped flows** (flows/*.yaml, each published in three versions under
  ``history-<slug>``, retired since: archived, never offered), the popular ones walked most; version 1
  over the first half of the span, version 2 until 20 days ago, version 3 since (a 30-day report compares
  two versions); 25% ad-hoc and 15% AI walks with problem texts of their category;
- **many path shapes**: each walk's path, notes and revision come from a catalogue of walks driven through
  the real engine (``bot.engine.apply``) with random answers, *didn't work*s, inputs, links into other
  flows, back steps and thread notes on some steps: ~2,000 walks, ~500 distinct path shapes (7 to 20 per
  flow, version and outcome);
- mostly resolved, 5% escalated (each with its queue row, most picked up), 15% abandoned, a handful still
  active; tickets walked more than once, internal tickets, customers (a few big, many small), boards, a
  few channels, a pool of technicians.

The catalogue (Python: parsing the flows and driving the walks, a few seconds) is loaded into temporary
tables; then one INSERT ... SELECT per table and batch picks, for walk ``g``, its time, kind, flow, version,
status, path, customer and problem by hashing ``g``: a million sessions take 4-5 minutes on the shared
2-core machine under load (3.7 and 5.2 in two runs), not hours of ORM round trips, and a
run is the same every time but for ids and ``now()``. Extend it by adding statements to ``HISTORY_SQL``
(they see the same parameters and the temporary tables).
"""

from __future__ import annotations

import json
import random
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import psycopg

from bot.engine import (
    AddNote,
    Back,
    Choose,
    Continue,
    DidntWork,
    FollowLink,
    RecordStep,
    ServeNode,
    SubmitInput,
    WalkContext,
    WalkState,
    apply,
    start_walk,
)
from bot.flows.categories import ESCALATION_CATEGORIES
from bot.flows.loader import load_flow_files
from bot.flows.model import Flow

FLOW_FILES = Path(__file__).resolve().parent.parent / "flows"

# Shares of the history, by status (the rest is resolved). Active walks are few: the idle
# sweep abandons walks nobody touches, so history is nearly all finished walks.
ESCALATED_SHARE = 0.05
ABANDONED_SHARE = 0.15
ACTIVE_SHARE = 0.001
SPAN_DAYS = 730  # the history's walks start evenly over this many days, up to now
VERSIONS = 3  # each history flow was published this many times; later walks walk later versions
NEWEST_VERSION_DAYS = 20  # the newest version came out this many days ago: a 30-day report compares two
TECHNICIANS = 50
CHANNELS = 8
CUSTOMERS = 150
HISTORY_CHANNEL_PREFIX = "C_HIST"
HISTORY_USER_PREFIX = "U_HIST"
HISTORY_SLUG_PREFIX = "history-"

# The catalogue of walks the history's rows copy: per (kind, flow, version, outcome) this many walks.
PATHS_PER_GROUP = 24
BACK_CHANCE = 0.08  # per step: the technician goes back one step
NOTE_CHANCE = 0.2  # per step: a thread note on it
DIDNT_WORK_CHANCE = 0.35
MAX_STEPS = 40
# How often each shipped flow is walked (most walks go to a few flows), in file order of popularity.
POPULARITY = {
    "password-reset-lockout": 24,
    "printer-offline": 18,
    "outlook-not-syncing": 13,
    "no-internet-wifi": 10,
    "mfa-new-phone": 9,
    "teams-audio-video": 8,
    "vpn-wont-connect": 7,
    "slow-computer": 6,
    "mapped-drive-missing": 5,
}
NOTES = (
    "User says it worked yesterday.",
    "Customer on site until 5pm only.",
    "Same on the second laptop.",
    "Error 0x80070035 shown.",
    "Rebooted once already before calling.",
    "Manager asked for an update by noon.",
    "Screenshot attached in the ticket.",
    "Could not reach the user by phone, left a voicemail.",
)
# Problem texts of ad-hoc and AI walks, by problem category (the words recur, as real tickets' do).
PROBLEMS = {
    "peripherals": (
        "Scanner jams on the second floor",
        "Docking station monitors stay black",
        "Label printer USB not detected",
    ),
    "printer": (
        "Printer offline for the whole office",
        "Print jobs stuck in the queue",
        "Toner warning will not clear",
    ),
    "email_client": (
        "Outlook keeps asking for the password",
        "Shared mailbox missing in Outlook",
        "Calendar invites not arriving",
    ),
    "network_basics": (
        "Wi-Fi drops every few minutes",
        "No internet on the guest network",
        "Ethernet port in meeting room dead",
    ),
    "vpn": ("VPN connects but no drives map", "GlobalProtect stuck on connecting", "VPN disconnects on hotel Wi-Fi"),
    "software_install": (
        "Needs Adobe Acrobat installed",
        "Company portal install fails with an error",
        "Licence expired for Visio",
    ),
    "hardware": (
        "Laptop battery drains in an hour",
        "Laptop fan loud and overheating",
        "Screen flickers on the laptop",
    ),
    "file_sharing": (
        "OneDrive sync paused with a red cross",
        "SharePoint folder access denied",
        "Mapped drive shows disconnected",
    ),
    "av_conferencing": (
        "Teams camera not detected",
        "Zoom audio echo in the boardroom",
        "Teams meeting sound cuts out",
    ),
    "account_lockout": (
        "Account locked after password change",
        "Locked out again on the phone",
        "Account disabled after leave",
    ),
}
ADHOC_STEPS = (
    ("Checked the cable and the power", "no change"),
    ("Restarted the device", "no change"),
    ("Cleared the cached credentials", "worked"),
    ("Reinstalled the driver", "worked"),
    ("Checked the event log", "found an error"),
    ("Tested with another user account", "same problem"),
    ("Updated the firmware", "no change"),
)
BOARDS = ("Service Desk", "Service Desk", "Service Desk", "Help Desk", "Help Desk", "Projects", "After Hours")


@dataclass(frozen=True)
class History:
    account_id: uuid.UUID
    tree_ids: dict[tuple[str, int], uuid.UUID]  # (slug, version) -> tree
    sessions: int
    span_days: int


# Parameters: account, n, first (row number offset), total (sessions in the whole history), span
# (days), the shares, and the temporary tables _load_catalogue fills. Row g is deterministic.
SESSIONS_SQL = """
INSERT INTO l1_walk_sessions (
    id, account_id, created_by_user_id, acting_as, ticket_id, ticket_kind, session_kind, category, problem_text,
    flow_id, current_node_id, walked_path, walk_notes, revision, status, resolution_notes, helpful,
    escalation_reason, escalation_reason_category, channel_id, message_ts, ticket_snapshot,
    started_at, last_step_at, resolved_at)
SELECT
    gen_random_uuid(), %(account)s, u.id, 'l1',
    tk.ticket_id, tk.ticket_kind, k.kind,
    CASE WHEN k.kind <> 'flow' THEN pr.category END,
    CASE WHEN k.kind <> 'flow' THEN pr.problem_text END,
    ht.tree_id,
    p.current_node_id, p.walked_path, p.walk_notes, p.revision,
    st.status,
    CASE WHEN st.status = 'resolved' THEN 'Fixed as the walk suggested; user confirmed.' END,
    CASE WHEN st.status = 'resolved' THEN CASE WHEN h.h3 %% 10 < 6 THEN true WHEN h.h3 %% 10 = 6 THEN false END END,
    CASE WHEN st.status = 'escalated' THEN 'Still failing after the walk''s steps.' END,
    CASE WHEN st.status = 'escalated' THEN coalesce(p.category, (%(categories)s::text[])[1 + h.h3 %% %(n_categories)s::int]) END,
    %(channel_prefix)s || (g %% %(channels)s::int),
    (1500000000 + g)::text || '.000100',
    jsonb_build_object(
        'id', tk.ticket_id, 'kind', tk.ticket_kind, 'psa', CASE WHEN tk.ticket_kind = 'psa' THEN 'connectwise' ELSE 'internal' END,
        'summary', pr.problem_text,
        'company', 'Customer ' || lpad(floor(%(customers)s::int * power((h.h2 %% 10000) / 10000.0, 2))::int::text, 3, '0'),
        'board', (%(boards)s::text[])[1 + h.h1 %% %(n_boards)s::int], 'contact', 'Pat',
        'url', 'https://psa.example/ticket/' || tk.ticket_id),
    t.started_at, t.started_at + t.took,
    CASE WHEN st.status = 'resolved' THEN t.started_at + t.took END
FROM generate_series(%(first)s::bigint + 1, %(first)s::bigint + %(n)s) g
CROSS JOIN LATERAL (SELECT hashint8(g) & 2147483647 AS h1, hashint8(g + 7919) & 2147483647 AS h2,
                           hashint8(g + 104729) & 2147483647 AS h3) h
CROSS JOIN LATERAL (SELECT CASE
    WHEN g %% 1000 < %(active)s::int THEN 'active'
    WHEN g %% 1000 < %(active)s::int + %(escalated)s::int THEN 'escalated'
    WHEN g %% 1000 < %(active)s::int + %(escalated)s::int + %(abandoned)s::int THEN 'abandoned'
    ELSE 'resolved' END AS status) st
CROSS JOIN LATERAL (SELECT CASE WHEN g %% 20 < 12 THEN 'flow' WHEN g %% 20 < 17 THEN 'adhoc' ELSE 'ai_build' END
    AS kind) k
CROSS JOIN LATERAL (SELECT CASE WHEN g %% 10 = 0 THEN 'INT-' || (g / 3) ELSE (100000 + g / 3)::text END AS ticket_id,
                           CASE WHEN g %% 10 = 0 THEN 'internal' ELSE 'psa' END AS ticket_kind) tk
JOIN history_flow_pick fp ON fp.bucket = h.h1 %% 100
CROSS JOIN LATERAL (SELECT
    CASE WHEN k.kind = 'flow' THEN fp.flow_no ELSE 0 END AS flow_no,
    -- later walks walk later versions: the newest over its last NEWEST_VERSION_DAYS, the others share the rest
    CASE WHEN k.kind <> 'flow' THEN 0
         WHEN g > %(total)s::bigint - (%(total)s::bigint * %(newest_days)s::int) / %(span)s::int THEN %(versions)s::int
         ELSE least(%(versions)s::int - 1, 1 + ((%(versions)s::int - 1) * (g - 1)) / %(total)s::bigint) END AS version,
    CASE st.status WHEN 'resolved' THEN 'resolved' WHEN 'escalated' THEN 'escalated' ELSE 'unfinished' END AS outcome
    ) pick
JOIN history_paths p ON p.kind = k.kind AND p.flow_no = pick.flow_no AND p.version = pick.version
    AND p.outcome = pick.outcome AND p.idx = h.h2 %% %(paths)s::int
LEFT JOIN history_trees ht ON k.kind = 'flow' AND ht.flow_no = pick.flow_no AND ht.version = pick.version
JOIN history_problems pr ON pr.idx = CASE WHEN k.kind = 'flow' THEN fp.problem_idx ELSE h.h3 %% %(problems)s::int END
CROSS JOIN LATERAL (SELECT
    now() - make_interval(days => %(span)s::int) + (g - 0.5) * make_interval(days => %(span)s::int) / %(total)s::bigint AS started_at,
    make_interval(secs => 60 + 75 * p.steps + h.h3 %% 1200) AS took) t
JOIN users u ON u.account_id = %(account)s AND u.slack_user_id = %(user_prefix)s || (g %% %(technicians)s::int)
"""

# Escalated walks have their queue row; nine in ten were picked up by an engineer.
ESCALATIONS_SQL = """
INSERT INTO escalations (session_id, account_id, handoff_channel_id, handoff_message_ts, picked_up_by_user_id,
                         picked_up_at, created_at)
SELECT s.id, s.account_id, 'C_ENGINEERS', s.message_ts,
       CASE WHEN picked THEN s.created_by_user_id END,
       CASE WHEN picked THEN s.last_step_at + interval '30 minutes' END, s.last_step_at
FROM l1_walk_sessions s
CROSS JOIN LATERAL (SELECT abs(hashtext(s.id::text)) %% 10 <> 0 AS picked) p
WHERE s.account_id = %(account)s AND s.status = 'escalated' AND s.channel_id LIKE %(channel_prefix)s || '%%'
ON CONFLICT (session_id) DO NOTHING
"""

HISTORY_SQL = [SESSIONS_SQL, ESCALATIONS_SQL]


def seed_history(
    conninfo: str,
    account_id: uuid.UUID,
    sessions: int,
    *,
    span_days: int = SPAN_DAYS,
    analyze: bool = True,
    batch: int = 250_000,
) -> History:
    """Write ``sessions`` past walks into the account, started evenly over the last ``span_days`` days
    (the history flows and a technician pool are created if missing)."""
    flows = shipped_flows()
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tree_ids = _history_flows(conn, account_id, flows, span_days)
        conn.execute(
            "INSERT INTO users (id, account_id, slack_user_id, role, created_at) "
            "SELECT gen_random_uuid(), %(account)s, %(prefix)s || g, 'l1', now() FROM generate_series(0, %(n)s - 1) g "
            "ON CONFLICT (account_id, slack_user_id) DO NOTHING",
            {"account": account_id, "prefix": HISTORY_USER_PREFIX, "n": TECHNICIANS},
        )
        problems = _load_catalogue(conn, flows, tree_ids)
        params = {
            "account": account_id,
            "total": sessions,
            "span": span_days,
            "versions": VERSIONS,
            "newest_days": min(NEWEST_VERSION_DAYS, span_days),
            "paths": PATHS_PER_GROUP,
            "problems": problems,
            # per mille, counted exactly (a float's 51.000…01 would make 5% into 5.1%)
            "active": round(ACTIVE_SHARE * 1000),
            "escalated": round(ESCALATED_SHARE * 1000),
            "abandoned": round(ABANDONED_SHARE * 1000),
            "categories": list(ESCALATION_CATEGORIES),
            "n_categories": len(ESCALATION_CATEGORIES),
            "boards": list(BOARDS),
            "n_boards": len(BOARDS),
            "customers": CUSTOMERS,
            "channels": CHANNELS,
            "channel_prefix": HISTORY_CHANNEL_PREFIX,
            "user_prefix": HISTORY_USER_PREFIX,
            "technicians": TECHNICIANS,
        }
        first = 0
        while first < sessions:
            n = min(batch, sessions - first)
            with conn.transaction():
                for statement in HISTORY_SQL:
                    conn.execute(statement, params | {"n": n, "first": first})
            first += n
        if analyze:
            conn.execute("ANALYZE")
    return History(account_id, tree_ids, sessions, span_days)


def shipped_flows() -> list[Flow]:
    """The flows walkbot ships (flows/*.yaml), most walked first."""
    flows, errors = load_flow_files(sorted(FLOW_FILES.glob("*.yaml")))
    if errors:
        raise RuntimeError(f"shipped flows do not load: {errors}")
    return sorted(flows, key=lambda f: (-POPULARITY.get(f.slug, 1), f.slug))


def _history_flows(
    conn: psycopg.Connection, account_id: uuid.UUID, flows: list[Flow], span_days: int
) -> dict[tuple[str, int], uuid.UUID]:
    """Each shipped flow published ``VERSIONS`` times as ``history-<slug>``, spread over the span; all retired
    (archived), so nothing offers them, while reports and maps read them as the versions walked."""
    now = datetime.now(UTC)
    ids = {}
    for flow in flows:
        slug = HISTORY_SLUG_PREFIX + flow.slug
        for version in range(1, VERSIONS + 1):
            definition = flow.to_dict() | {"slug": slug, "title": f"{flow.title} (history)"}
            if version == VERSIONS:
                published = now - timedelta(days=min(NEWEST_VERSION_DAYS, span_days))
            else:
                published = now - timedelta(days=span_days) + timedelta(days=span_days * (version - 1) / (VERSIONS - 1))
            row = conn.execute(
                "INSERT INTO trees (id, account_id, slug, title, category, version, definition, fingerprint, "
                "published_at, archived_at) VALUES (gen_random_uuid(), %s, %s, %s, %s, %s, %s, %s, %s, now()) "
                "ON CONFLICT DO NOTHING RETURNING id",
                (
                    account_id,
                    slug,
                    definition["title"],
                    flow.category,
                    version,
                    json.dumps(definition),
                    f"{slug}-{version}",
                    published,
                ),
            ).fetchone()
            if row is None:
                row = conn.execute(
                    "SELECT id FROM trees WHERE account_id = %s AND slug = %s AND version = %s",
                    (account_id, slug, version),
                ).fetchone()
            ids[(slug, version)] = row[0]
    return ids


# ---- the catalogue of walks -----------------------------------------------------------------------


def catalogue(flows: list[Flow], seed: int = 16) -> list[dict[str, Any]]:
    """Walks driven through the engine: PATHS_PER_GROUP per (kind, flow, version, outcome), outcome being
    resolved, escalated or unfinished (the path of an abandoned or active walk)."""
    rng = random.Random(seed)
    linked = {f.slug: f for f in flows}
    rows = []
    for flow_no, flow in enumerate(flows, 1):
        ctx = WalkContext(flow=flow, linked=linked)
        for version in range(1, VERSIONS + 1):
            rows += _groups("flow", flow_no, version, lambda flow=flow, ctx=ctx: _flow_walk(flow, ctx, rng), rng)
    rows += _groups("adhoc", 0, 0, lambda: _adhoc_walk(rng), rng)
    rows += _groups("ai_build", 0, 0, lambda: _ai_walk(rng), rng)
    return rows


def _groups(kind: str, flow_no: int, version: int, walk, rng: random.Random) -> list[dict[str, Any]]:
    found: dict[str, list[tuple[WalkState, str | None]]] = {"resolved": [], "escalated": [], "unfinished": []}
    for _ in range(40 * PATHS_PER_GROUP):
        if all(len(v) >= PATHS_PER_GROUP for v in found.values()):
            break
        states, ending, category = walk()
        if ending in found and len(found[ending]) < PATHS_PER_GROUP:
            found[ending].append((states[-1], category))
        if len(states) > 1 and len(found["unfinished"]) < PATHS_PER_GROUP:
            found["unfinished"].append((rng.choice(states[:-1]), None))
        if ending == "resolved" and len(found["escalated"]) < PATHS_PER_GROUP // 3:
            # escalated before the end: the technician gave up at some step (no escalate node reached)
            found["escalated"].append((rng.choice(states[:-1] or states), None))
    rows = []
    for outcome, walks in found.items():
        if not walks:
            raise RuntimeError(f"no {outcome} walk of {kind} {flow_no} v{version} in the catalogue")
        for idx in range(PATHS_PER_GROUP):
            state, category = walks[idx % len(walks)]
            columns = state.to_columns()
            rows.append(
                {
                    "kind": kind,
                    "flow_no": flow_no,
                    "version": version,
                    "outcome": outcome,
                    "idx": idx,
                    "current_node_id": columns["current_node_id"],
                    "walked_path": columns["walked_path"],
                    "walk_notes": columns["walk_notes"],
                    "revision": columns["revision"],
                    "steps": len(columns["walked_path"]),
                    "category": category,
                }
            )
    return rows


_T0 = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)


class _Walk:
    """One simulated walk: the states it passed through, each action a few seconds after the last."""

    def __init__(self, state: WalkState, ctx: WalkContext, rng: random.Random) -> None:
        self.states = [state]
        self.ctx, self.rng = ctx, rng
        self.at = _T0
        self.actor = f"{HISTORY_USER_PREFIX}{rng.randrange(TECHNICIANS)}"

    @property
    def state(self) -> WalkState:
        return self.states[-1]

    def do(self, make, **fields: Any) -> None:
        self.at += timedelta(seconds=self.rng.randrange(20, 240))
        action = make(revision=self.state.revision, actor=self.actor, at=self.at, **fields)
        self.states.append(apply(self.state, action, self.ctx).state)

    def maybe_back_or_note(self) -> None:
        if self.state.walked_path and self.rng.random() < BACK_CHANCE:
            self.do(Back)
        if self.rng.random() < NOTE_CHANCE:
            self.at += timedelta(seconds=30)
            note = AddNote(
                text=self.rng.choice(NOTES),
                author=self.actor,
                source="thread",
                source_id=f"{self.at.timestamp():.6f}",
                at=self.at,
            )
            self.states[-1] = apply(self.state, note, self.ctx).state


def _flow_walk(flow: Flow, ctx: WalkContext, rng: random.Random) -> tuple[list[WalkState], str, str | None]:
    walk = _Walk(start_walk("flow", ctx).state, ctx, rng)
    for _ in range(MAX_STEPS):
        _, node = ctx.node(walk.state.current_node_id)
        if node.type == "resolve":
            return walk.states, "resolved", None
        if node.type == "escalate":
            return walk.states, "escalated", node.category or "flow_dead_end"
        if node.type == "question":
            walk.do(Choose, option_id=rng.choice(node.options).id)
        elif node.type == "instruction":
            walk.do(DidntWork if node.failed_next and rng.random() < DIDNT_WORK_CHANCE else Continue)
        elif node.type == "input":
            walk.do(SubmitInput, value=f"PC-{rng.randrange(1000, 9999)}")
        elif node.type == "link":
            walk.do(FollowLink)
        walk.maybe_back_or_note()
    return walk.states, "unfinished", None


def _adhoc_walk(rng: random.Random) -> tuple[list[WalkState], str, str | None]:
    ctx = WalkContext()
    walk = _Walk(start_walk("adhoc", ctx).state, ctx, rng)
    for _ in range(rng.randrange(1, 7)):
        text, result = rng.choice(ADHOC_STEPS)
        walk.do(RecordStep, text=text, result=result)
        walk.maybe_back_or_note()
    ending = rng.choice(("resolved", "resolved", "escalated"))
    return walk.states, ending, None


def _ai_walk(rng: random.Random) -> tuple[list[WalkState], str, str | None]:
    ctx = WalkContext()
    walk = _Walk(start_walk("ai_build", ctx).state, ctx, rng)
    for i in range(1, rng.randrange(2, 8)):
        if walk.state.pending_node is None:  # after a back step the node taken back is served again
            if rng.random() < 0.4:
                node = {
                    "id": f"ai-{i}",
                    "type": "question",
                    "text": "Does the problem happen for other users too?",
                    "options": [{"id": "yes", "label": "Yes", "next": ""}, {"id": "no", "label": "No", "next": ""}],
                }
            else:
                node = {"id": f"ai-{i}", "type": "instruction", "text": rng.choice(ADHOC_STEPS)[0] + "."}
            walk.do(ServeNode, node=node)
        if walk.state.pending_node["type"] == "question":
            walk.do(Choose, option_id=rng.choice(("yes", "no")))
        else:
            walk.do(DidntWork if rng.random() < DIDNT_WORK_CHANCE else Continue)
        walk.maybe_back_or_note()
    ending = rng.choice(("resolved", "resolved", "escalated"))
    return walk.states, ending, None


def _load_catalogue(conn: psycopg.Connection, flows: list[Flow], tree_ids: dict[tuple[str, int], uuid.UUID]) -> int:
    """The catalogue, the history trees, the flows' popularity and the problem texts, as temporary tables
    (they live as long as this connection). Returns how many problem texts there are."""
    conn.execute(
        "CREATE TEMP TABLE IF NOT EXISTS history_paths (kind text, flow_no int, version int, outcome text, idx int, "
        "current_node_id text, walked_path jsonb, walk_notes jsonb, revision int, steps int, category text)"
    )
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS history_trees (flow_no int, version int, tree_id uuid)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS history_flow_pick (bucket int, flow_no int, problem_idx int)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS history_problems (idx int, category text, problem_text text)")
    for table in ("history_paths", "history_trees", "history_flow_pick", "history_problems"):
        conn.execute(f"TRUNCATE {table}")
    conn.execute(
        "INSERT INTO history_paths SELECT * FROM jsonb_to_recordset(%s::jsonb) AS r(kind text, flow_no int, "
        "version int, outcome text, idx int, current_node_id text, walked_path jsonb, walk_notes jsonb, "
        "revision int, steps int, category text)",
        (json.dumps(catalogue(flows)),),
    )
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO history_trees VALUES (%s, %s, %s)",
            [
                (no, version, tree_ids[(HISTORY_SLUG_PREFIX + flow.slug, version)])
                for no, flow in enumerate(flows, 1)
                for version in range(1, VERSIONS + 1)
            ],
        )
        problems = [(category, text) for category, texts in PROBLEMS.items() for text in texts]
        cur.executemany(
            "INSERT INTO history_problems VALUES (%s, %s, %s)", [(i, c, t) for i, (c, t) in enumerate(problems)]
        )
        # 100 buckets shared out by popularity; a flow walk's ticket reads like its flow's problem
        by_category = {c: i for i, (c, _) in reversed(list(enumerate(problems)))}
        buckets = [
            (no, by_category.get(flow.category, no % len(problems)))
            for no, flow in enumerate(flows, 1)
            for _ in range(POPULARITY.get(flow.slug, 1))
        ]
        weight = len(buckets)
        cur.executemany(
            "INSERT INTO history_flow_pick VALUES (%s, %s, %s)",
            [(b, *buckets[b * weight // 100]) for b in range(100)],
        )
    conn.execute("ANALYZE history_paths, history_trees, history_flow_pick, history_problems")
    return len(problems)
