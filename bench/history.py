"""A long history of past walks in one account, written by PostgreSQL itself (``generate_series``).

bench/scale.py times request paths against it and the query-plan tests ANALYZE a smaller
copy of it, so both see the same shape of data a busy MSP accumulates: mostly resolved walks,
5% escalated (most picked up), some abandoned, a handful still active, tickets walked more
than once, a few channels, a pool of technicians, and paths and notes of realistic size.

One INSERT ... SELECT per table: a million sessions take tens of seconds, not hours of ORM
round trips. Extend it by adding statements to ``HISTORY_SQL`` (they see the same parameters).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import psycopg

# Shares of the history, by status (the rest is resolved). Active walks are few: the idle
# sweep abandons walks nobody touches, so history is nearly all finished walks.
ESCALATED_SHARE = 0.05
ABANDONED_SHARE = 0.15
ACTIVE_SHARE = 0.001
TECHNICIANS = 50
CHANNELS = 8
HISTORY_CHANNEL_PREFIX = "C_HIST"
HISTORY_USER_PREFIX = "U_HIST"

# Parameters: account, tree (a published flow of the account), n, first (row number offset),
# escalated/abandoned/active shares. Row g is deterministic, so runs are comparable.
SESSIONS_SQL = """
INSERT INTO l1_walk_sessions (
    id, account_id, created_by_user_id, acting_as, ticket_id, ticket_kind, session_kind, category, problem_text,
    flow_id, current_node_id, walked_path, walk_notes, revision, status, resolution_notes, helpful,
    escalation_reason, escalation_reason_category, channel_id, message_ts, ticket_snapshot,
    started_at, last_step_at, resolved_at)
SELECT
    gen_random_uuid(), %(account)s, u.id, 'l1',
    CASE WHEN g %% 10 = 0 THEN 'INT-' || (g / 3) ELSE (100000 + g / 3)::text END,
    CASE WHEN g %% 10 = 0 THEN 'internal' ELSE 'psa' END,
    kind.session_kind,
    CASE WHEN kind.session_kind = 'ai_build' THEN 'printing' END,
    CASE WHEN kind.session_kind = 'ai_build' THEN 'Printer shows offline on every workstation.' END,
    CASE WHEN kind.session_kind = 'flow' THEN %(tree)s::uuid END,
    'n' || (g %% 7),
    jsonb_build_array(
        jsonb_build_object('node_id', 'start', 'node_type', 'question', 'text', 'Is the printer powered on?',
                           'option_id', 'yes', 'option_label', 'Yes'),
        jsonb_build_object('node_id', 'n2', 'node_type', 'question', 'text', 'Does it show on the network?',
                           'option_id', 'no', 'option_label', 'No'),
        jsonb_build_object('node_id', 'n3', 'node_type', 'instruction', 'text', 'Power-cycle the printer.',
                           'option_id', 'failed', 'option_label', 'Didn''t work')),
    CASE WHEN g %% 3 = 0 THEN jsonb_build_array(jsonb_build_object(
        'node_id', 'n2', 'text', 'User says it worked yesterday.', 'source', 'thread',
        'source_id', '1600000000.' || lpad(g::text, 6, '0'), 'author', 'U_HIST1')) ELSE '[]'::jsonb END,
    3,
    st.status,
    CASE WHEN st.status = 'resolved' THEN 'Power-cycled; printing again.' END,
    CASE WHEN st.status = 'resolved' THEN g %% 4 <> 0 END,
    CASE WHEN st.status = 'escalated' THEN 'Still offline after a power cycle.' END,
    CASE WHEN st.status = 'escalated' THEN 'needs_access' END,
    %(channel_prefix)s || (g %% %(channels)s),
    (1500000000 + g)::text || '.000100',
    jsonb_build_object('id', (100000 + g / 3)::text, 'kind', 'psa', 'psa', 'connectwise',
                       'summary', 'Printer offline ' || g, 'company', 'Contoso', 'contact', 'Pat',
                       'url', 'https://psa.example/ticket/' || g),
    t.started_at, t.started_at + interval '12 minutes',
    CASE WHEN st.status IN ('resolved', 'escalated') THEN t.started_at + interval '12 minutes' END
FROM generate_series(%(first)s::bigint + 1, %(first)s::bigint + %(n)s) g
JOIN users u ON u.account_id = %(account)s AND u.slack_user_id = %(user_prefix)s || (g %% %(technicians)s)
CROSS JOIN LATERAL (SELECT CASE
    WHEN g %% 1000 < %(active)s * 1000 THEN 'active'
    WHEN g %% 1000 < (%(active)s + %(escalated)s) * 1000 THEN 'escalated'
    WHEN g %% 1000 < (%(active)s + %(escalated)s + %(abandoned)s) * 1000 THEN 'abandoned'
    ELSE 'resolved' END AS status) st
CROSS JOIN LATERAL (SELECT CASE WHEN g %% 20 < 12 THEN 'flow' WHEN g %% 20 < 17 THEN 'adhoc' ELSE 'ai_build' END
    AS session_kind) kind
CROSS JOIN LATERAL (SELECT now() - interval '730 days' + (g * interval '730 days') / (%(first)s + %(n)s + 1)
    AS started_at) t
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


@dataclass(frozen=True)
class History:
    account_id: uuid.UUID
    tree_id: uuid.UUID
    sessions: int


def seed_history(
    conninfo: str, account_id: uuid.UUID, sessions: int, *, analyze: bool = True, batch: int = 250_000
) -> History:
    """Write ``sessions`` past walks into the account (a technician pool and a flow are created if missing)."""
    with psycopg.connect(conninfo, autocommit=True) as conn:
        tree_id = _history_flow(conn, account_id)
        conn.execute(
            "INSERT INTO users (id, account_id, slack_user_id, role, created_at) "
            "SELECT gen_random_uuid(), %(account)s, %(prefix)s || g, 'l1', now() FROM generate_series(0, %(n)s - 1) g "
            "ON CONFLICT (account_id, slack_user_id) DO NOTHING",
            {"account": account_id, "prefix": HISTORY_USER_PREFIX, "n": TECHNICIANS},
        )
        first = 0
        while first < sessions:
            n = min(batch, sessions - first)
            params = {
                "account": account_id,
                "tree": tree_id,
                "n": n,
                "first": first,
                "active": ACTIVE_SHARE,
                "escalated": ESCALATED_SHARE,
                "abandoned": ABANDONED_SHARE,
                "channels": CHANNELS,
                "channel_prefix": HISTORY_CHANNEL_PREFIX,
                "user_prefix": HISTORY_USER_PREFIX,
                "technicians": TECHNICIANS,
            }
            with conn.transaction():
                for statement in HISTORY_SQL:
                    conn.execute(statement, params)
            first += n
        if analyze:
            conn.execute("ANALYZE")
    return History(account_id, tree_id, sessions)


def _history_flow(conn: psycopg.Connection, account_id: uuid.UUID) -> uuid.UUID:
    """A published flow the history's flow walks point at (a past version, never offered: it is archived)."""
    row = conn.execute("SELECT id FROM trees WHERE account_id = %s AND slug = 'history-flow'", (account_id,)).fetchone()
    if row:
        return row[0]
    return conn.execute(
        "INSERT INTO trees (id, account_id, slug, title, category, version, definition, fingerprint, published_at, "
        "archived_at) VALUES (gen_random_uuid(), %s, 'history-flow', 'History flow', 'printing', 1, "
        '\'{"slug": "history-flow", "title": "History flow", "start": "start", "nodes": {}}\', '
        "'history', now(), now()) RETURNING id",
        (account_id,),
    ).fetchone()[0]
