"""The l1_walk_sessions table enforces the seed's constraints in the database itself."""

import uuid

import psycopg
import pytest
from psycopg.errors import CheckViolation, ForeignKeyViolation


@pytest.fixture
def conn(database_url, db):
    with psycopg.connect(database_url, autocommit=True) as c:
        yield c


def _account_user_tree_proposal(conn):
    account = conn.execute(
        "INSERT INTO accounts (id, slack_team_id, created_at) VALUES (gen_random_uuid(), %s, now()) RETURNING id",
        (f"T{uuid.uuid4().hex[:8]}",),
    ).fetchone()[0]
    user = conn.execute(
        "INSERT INTO users (id, account_id, slack_user_id, created_at) VALUES (gen_random_uuid(), %s, 'U1', now()) RETURNING id",
        (account,),
    ).fetchone()[0]
    tree = conn.execute(
        "INSERT INTO trees (id, account_id, slug, title, category, version, definition, fingerprint, published_at) "
        "VALUES (gen_random_uuid(), %s, 'printer-offline', 'Printer offline', 'printer', 1, '{}', 'x', now()) RETURNING id",
        (account,),
    ).fetchone()[0]
    proposal = conn.execute(
        "INSERT INTO flow_proposals (id, account_id, slug, title, definition, source, created_at) "
        "VALUES (gen_random_uuid(), %s, 'draft', 'Draft', '{}', 'author', now()) RETURNING id",
        (account,),
    ).fetchone()[0]
    return account, user, tree, proposal


def _insert_session(conn, account, user, *, kind="adhoc", flow=None, proposal=None, status="active", ticket_kind="psa"):
    return conn.execute(
        "INSERT INTO l1_walk_sessions (id, account_id, created_by_user_id, ticket_id, ticket_kind, session_kind, "
        "flow_id, flow_proposal_id, status, started_at, last_step_at) "
        "VALUES (gen_random_uuid(), %s, %s, '123', %s, %s, %s, %s, %s, now(), now()) RETURNING id",
        (account, user, ticket_kind, kind, flow, proposal, status),
    ).fetchone()[0]


@pytest.mark.parametrize(
    "kind, use_flow, use_proposal",
    [("flow", True, False), ("proposal", False, True), ("adhoc", False, False), ("ai_build", False, False)],
)
def test_target_consistency_accepts_each_kind_with_its_target(conn, kind, use_flow, use_proposal):
    account, user, tree, proposal = _account_user_tree_proposal(conn)
    _insert_session(
        conn, account, user, kind=kind, flow=tree if use_flow else None, proposal=proposal if use_proposal else None
    )


@pytest.mark.parametrize(
    "kind, use_flow, use_proposal",
    [
        ("flow", False, False),  # flow without flow_id
        ("flow", True, True),  # flow with a proposal too
        ("proposal", True, False),  # proposal with flow_id
        ("proposal", False, False),  # proposal without flow_proposal_id
        ("adhoc", True, False),  # adhoc with flow_id
        ("adhoc", False, True),  # adhoc with flow_proposal_id
        ("ai_build", True, False),
    ],
)
def test_target_consistency_rejects_a_mismatched_target(conn, kind, use_flow, use_proposal):
    account, user, tree, proposal = _account_user_tree_proposal(conn)
    with pytest.raises(CheckViolation, match="ck_l1_walk_sessions_target_consistency"):
        _insert_session(
            conn, account, user, kind=kind, flow=tree if use_flow else None, proposal=proposal if use_proposal else None
        )


@pytest.mark.parametrize(
    "field, value, constraint",
    [
        ("status", "paused", "ck_l1_walk_sessions_status"),
        ("ticket_kind", "jira", "ck_l1_walk_sessions_ticket_kind"),
        ("kind", "wizard", "ck_l1_walk_sessions_session_kind"),
    ],
)
def test_unknown_enum_values_are_rejected(conn, field, value, constraint):
    account, user, _, _ = _account_user_tree_proposal(conn)
    with pytest.raises(CheckViolation, match=constraint):
        _insert_session(conn, account, user, **{field: value})


@pytest.mark.parametrize("status", ["active", "resolved", "escalated", "abandoned"])
def test_every_lifecycle_status_is_accepted(conn, status):
    account, user, _, _ = _account_user_tree_proposal(conn)
    _insert_session(conn, account, user, status=status)


def test_json_columns_default_to_empty_lists_and_revision_to_zero(conn):
    account, user, _, _ = _account_user_tree_proposal(conn)
    sid = _insert_session(conn, account, user)
    row = conn.execute(
        "SELECT walked_path, walk_notes, revision, pending_node FROM l1_walk_sessions WHERE id = %s", (sid,)
    ).fetchone()
    assert row == ([], [], 0, None)


def test_deleting_an_account_cascades_to_its_sessions(conn):
    account, user, _, _ = _account_user_tree_proposal(conn)
    sid = _insert_session(conn, account, user)
    conn.execute("DELETE FROM accounts WHERE id = %s", (account,))
    assert conn.execute("SELECT count(*) FROM l1_walk_sessions WHERE id = %s", (sid,)).fetchone()[0] == 0


def test_deleting_a_user_who_created_a_session_is_refused(conn):
    account, user, _, _ = _account_user_tree_proposal(conn)
    _insert_session(conn, account, user)
    with pytest.raises(ForeignKeyViolation):
        conn.execute("DELETE FROM users WHERE id = %s", (user,))


def test_deleting_a_walked_tree_is_refused_so_flows_are_archived_instead(conn):
    """ON DELETE SET NULL would leave a flow session without flow_id, which the CHECK forbids."""
    account, user, tree, _ = _account_user_tree_proposal(conn)
    _insert_session(conn, account, user, kind="flow", flow=tree)
    with pytest.raises(CheckViolation, match="ck_l1_walk_sessions_target_consistency"):
        conn.execute("DELETE FROM trees WHERE id = %s", (tree,))


def test_deleting_a_walked_proposal_is_refused_too(conn):
    account, user, _, proposal = _account_user_tree_proposal(conn)
    _insert_session(conn, account, user, kind="proposal", proposal=proposal)
    with pytest.raises(CheckViolation, match="ck_l1_walk_sessions_target_consistency"):
        conn.execute("DELETE FROM flow_proposals WHERE id = %s", (proposal,))


def test_escalation_queue_index_has_its_partial_predicate(conn):
    indexdef = conn.execute(
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_l1_walk_sessions_escalated'"
    ).fetchone()[0]
    assert "WHERE ((status)::text = 'escalated'::text)" in indexdef
    assert "(account_id, last_step_at DESC)" in indexdef


def test_escalation_queue_query_uses_the_partial_index(conn):
    account, user, _, _ = _account_user_tree_proposal(conn)
    other, other_user, _, _ = _account_user_tree_proposal(conn)
    # A real backlog: rows written in time order, a third escalated across the MSP's accounts,
    # ours a small one (1 in 20): the partial index reads only our escalations, newest first.
    conn.execute(
        "INSERT INTO l1_walk_sessions (id, account_id, created_by_user_id, ticket_id, ticket_kind, session_kind, status, started_at, last_step_at) "
        "SELECT gen_random_uuid(), CASE WHEN g %% 20 = 0 THEN %s::uuid ELSE %s::uuid END, CASE WHEN g %% 20 = 0 THEN %s::uuid ELSE %s::uuid END, "
        "g::text, 'psa', 'adhoc', CASE WHEN g %% 3 = 0 THEN 'escalated' ELSE 'resolved' END, now(), now() - ((60000 - g) || ' minutes')::interval "
        "FROM generate_series(1, 60000) g",
        (account, other, user, other_user),
    )
    conn.execute("ANALYZE l1_walk_sessions")
    from storage.queries.escalations import ESCALATION_QUEUE_SQL

    plan = "\n".join(
        r[0]
        for r in conn.execute(
            "EXPLAIN " + ESCALATION_QUEUE_SQL.replace(":account_id", "%s").replace(":limit", "50"), (account,)
        ).fetchall()
    )
    assert "ix_l1_walk_sessions_escalated" in plan, plan
