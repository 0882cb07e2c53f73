"""Initial schema: accounts, users, flows, proposals, walk sessions, escalations, event de-dup, PSA outbox.

Revision ID: 0001
Revises:
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "accounts",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("slack_team_id", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), server_default=sa.text("''"), nullable=False),
        sa.Column("engineer_channel_id", sa.String(length=32), nullable=True),
        sa.Column("psa_kind", sa.String(length=20), server_default=sa.text("'none'"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("psa_kind IN ('connectwise', 'autotask', 'halo', 'none')", name="ck_accounts_psa_kind"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_accounts")),
        sa.UniqueConstraint("slack_team_id", name=op.f("uq_accounts_slack_team_id")),
    )
    op.create_table(
        "slack_events",
        sa.Column("event_id", sa.String(length=64), nullable=False),
        sa.Column("team_id", sa.String(length=32), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("event_id", name=op.f("pk_slack_events")),
    )
    op.create_index(op.f("ix_slack_events_received_at"), "slack_events", ["received_at"], unique=False)
    op.create_table(
        "trees",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("definition", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("source", sa.Text(), nullable=True),
        sa.Column("published_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_trees_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_trees")),
        sa.UniqueConstraint("account_id", "slug", "version", name=op.f("uq_trees_account_id_slug_version")),
    )
    op.create_index(op.f("ix_trees_account_id"), "trees", ["account_id"], unique=False)
    op.create_table(
        "users",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=False),
        sa.Column("slack_user_id", sa.String(length=32), nullable=False),
        sa.Column("display_name", sa.String(length=200), server_default=sa.text("''"), nullable=False),
        sa.Column("role", sa.String(length=20), server_default=sa.text("'l1'"), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("role IN ('l1', 'engineer', 'admin')", name="ck_users_role"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_users_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("account_id", "slack_user_id", name=op.f("uq_users_account_id_slack_user_id")),
    )
    op.create_index(op.f("ix_users_account_id"), "users", ["account_id"], unique=False)
    op.create_table(
        "flow_proposals",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=False),
        sa.Column("slug", sa.String(length=100), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("definition", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), server_default=sa.text("'draft'"), nullable=False),
        sa.Column("l1_session_id", sa.UUID(), nullable=True),
        sa.Column("created_by_user_id", sa.UUID(), nullable=True),
        sa.Column("reviewed_by_user_id", sa.UUID(), nullable=True),
        sa.Column("reviewed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("rejection_reason", sa.Text(), nullable=True),
        sa.Column("published_tree_id", sa.UUID(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("source IN ('author', 'adhoc', 'ai_build')", name="ck_flow_proposals_source"),
        sa.CheckConstraint("status IN ('draft', 'published', 'rejected')", name="ck_flow_proposals_status"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_flow_proposals_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_flow_proposals_created_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["published_tree_id"],
            ["trees.id"],
            name=op.f("fk_flow_proposals_published_tree_id_trees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_user_id"],
            ["users.id"],
            name=op.f("fk_flow_proposals_reviewed_by_user_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_flow_proposals")),
    )
    op.create_index(op.f("ix_flow_proposals_account_id"), "flow_proposals", ["account_id"], unique=False)
    op.create_index(op.f("ix_flow_proposals_status"), "flow_proposals", ["status"], unique=False)
    op.create_table(
        "l1_walk_sessions",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=False),
        sa.Column("created_by_user_id", sa.UUID(), nullable=False),
        sa.Column("acting_as", sa.String(length=30), nullable=True),
        sa.Column("ticket_id", sa.String(length=64), nullable=False),
        sa.Column("ticket_kind", sa.String(length=10), nullable=False),
        sa.Column("session_kind", sa.String(length=20), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=True),
        sa.Column("problem_text", sa.Text(), nullable=True),
        sa.Column("flow_id", sa.UUID(), nullable=True),
        sa.Column("flow_proposal_id", sa.UUID(), nullable=True),
        sa.Column("current_node_id", sa.String(length=100), nullable=True),
        sa.Column("pending_node", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column(
            "walked_path",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'[]'::jsonb"),
            nullable=False,
        ),
        sa.Column(
            "walk_notes", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'::jsonb"), nullable=False
        ),
        sa.Column("revision", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("status", sa.String(length=20), server_default=sa.text("'active'"), nullable=False),
        sa.Column("resolution_notes", sa.Text(), nullable=True),
        sa.Column("helpful", sa.Boolean(), nullable=True),
        sa.Column("escalation_reason", sa.Text(), nullable=True),
        sa.Column("escalation_reason_category", sa.String(length=30), nullable=True),
        sa.Column("channel_id", sa.String(length=32), nullable=True),
        sa.Column("message_ts", sa.String(length=32), nullable=True),
        sa.Column("ai_usage", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_step_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            "(session_kind = 'flow' AND flow_id IS NOT NULL AND flow_proposal_id IS NULL) OR (session_kind = 'proposal' AND flow_proposal_id IS NOT NULL AND flow_id IS NULL) OR (session_kind IN ('adhoc', 'ai_build') AND flow_id IS NULL AND flow_proposal_id IS NULL)",
            name="ck_l1_walk_sessions_target_consistency",
        ),
        sa.CheckConstraint(
            "session_kind IN ('flow', 'proposal', 'adhoc', 'ai_build')", name="ck_l1_walk_sessions_session_kind"
        ),
        sa.CheckConstraint(
            "status IN ('active', 'resolved', 'escalated', 'abandoned')", name="ck_l1_walk_sessions_status"
        ),
        sa.CheckConstraint("ticket_kind IN ('psa', 'internal')", name="ck_l1_walk_sessions_ticket_kind"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_l1_walk_sessions_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_l1_walk_sessions_created_by_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["flow_id"], ["trees.id"], name=op.f("fk_l1_walk_sessions_flow_id_trees"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["flow_proposal_id"],
            ["flow_proposals.id"],
            name=op.f("fk_l1_walk_sessions_flow_proposal_id_flow_proposals"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_l1_walk_sessions")),
    )
    op.create_index(op.f("ix_l1_walk_sessions_account_id"), "l1_walk_sessions", ["account_id"], unique=False)
    op.create_index(
        op.f("ix_l1_walk_sessions_created_by_user_id"), "l1_walk_sessions", ["created_by_user_id"], unique=False
    )
    op.create_index(
        "ix_l1_walk_sessions_escalated",
        "l1_walk_sessions",
        ["account_id", sa.literal_column("last_step_at DESC")],
        unique=False,
        postgresql_where=sa.text("status = 'escalated'"),
    )
    op.create_index(op.f("ix_l1_walk_sessions_last_step_at"), "l1_walk_sessions", ["last_step_at"], unique=False)
    op.create_index(op.f("ix_l1_walk_sessions_status"), "l1_walk_sessions", ["status"], unique=False)
    # The second FK path between proposals and sessions closes a cycle, so it is added once both exist.
    op.create_foreign_key(
        op.f("fk_flow_proposals_l1_session_id_l1_walk_sessions"),
        "flow_proposals",
        "l1_walk_sessions",
        ["l1_session_id"],
        ["id"],
        ondelete="SET NULL",
    )
    op.create_table(
        "escalations",
        sa.Column("session_id", sa.UUID(), nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=False),
        sa.Column("handoff_channel_id", sa.String(length=32), nullable=True),
        sa.Column("handoff_message_ts", sa.String(length=32), nullable=True),
        sa.Column("picked_up_by_user_id", sa.UUID(), nullable=True),
        sa.Column("picked_up_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_escalations_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["picked_up_by_user_id"],
            ["users.id"],
            name=op.f("fk_escalations_picked_up_by_user_id_users"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["l1_walk_sessions.id"],
            name=op.f("fk_escalations_session_id_l1_walk_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_escalations")),
    )
    op.create_index(op.f("ix_escalations_account_id"), "escalations", ["account_id"], unique=False)
    op.create_table(
        "psa_outbox",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("account_id", sa.UUID(), nullable=False),
        sa.Column("session_id", sa.UUID(), nullable=True),
        sa.Column("psa_kind", sa.String(length=20), nullable=False),
        sa.Column("ticket_id", sa.String(length=64), nullable=False),
        sa.Column("kind", sa.String(length=20), server_default=sa.text("'note'"), nullable=False),
        sa.Column("payload", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("idempotency_key", sa.String(length=64), nullable=False),
        sa.Column("status", sa.String(length=20), server_default=sa.text("'pending'"), nullable=False),
        sa.Column("attempts", sa.Integer(), server_default=sa.text("0"), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("external_id", sa.String(length=64), nullable=True),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("kind IN ('note', 'status', 'time_entry')", name="ck_psa_outbox_kind"),
        sa.CheckConstraint("status IN ('pending', 'delivered', 'parked')", name="ck_psa_outbox_status"),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_psa_outbox_account_id_accounts"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["l1_walk_sessions.id"],
            name=op.f("fk_psa_outbox_session_id_l1_walk_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_psa_outbox")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_psa_outbox_idempotency_key")),
    )
    op.create_index(op.f("ix_psa_outbox_account_id"), "psa_outbox", ["account_id"], unique=False)
    op.create_index(
        "ix_psa_outbox_due",
        "psa_outbox",
        ["next_attempt_at"],
        unique=False,
        postgresql_where=sa.text("status = 'pending'"),
    )
    op.create_index(op.f("ix_psa_outbox_session_id"), "psa_outbox", ["session_id"], unique=False)
    op.create_table(
        "session_events",
        sa.Column("id", sa.BigInteger(), autoincrement=True, nullable=False),
        sa.Column("session_id", sa.UUID(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column(
            "detail", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'{}'::jsonb"), nullable=False
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["l1_walk_sessions.id"],
            name=op.f("fk_session_events_session_id_l1_walk_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_session_events")),
    )
    op.create_index(op.f("ix_session_events_session_id"), "session_events", ["session_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_session_events_session_id"), table_name="session_events")
    op.drop_table("session_events")
    op.drop_index(op.f("ix_psa_outbox_session_id"), table_name="psa_outbox")
    op.drop_index("ix_psa_outbox_due", table_name="psa_outbox", postgresql_where=sa.text("status = 'pending'"))
    op.drop_index(op.f("ix_psa_outbox_account_id"), table_name="psa_outbox")
    op.drop_table("psa_outbox")
    op.drop_index(op.f("ix_escalations_account_id"), table_name="escalations")
    op.drop_table("escalations")
    op.drop_constraint(op.f("fk_flow_proposals_l1_session_id_l1_walk_sessions"), "flow_proposals", type_="foreignkey")
    op.drop_index(op.f("ix_l1_walk_sessions_status"), table_name="l1_walk_sessions")
    op.drop_index(op.f("ix_l1_walk_sessions_last_step_at"), table_name="l1_walk_sessions")
    op.drop_index(
        "ix_l1_walk_sessions_escalated", table_name="l1_walk_sessions", postgresql_where=sa.text("status = 'escalated'")
    )
    op.drop_index(op.f("ix_l1_walk_sessions_created_by_user_id"), table_name="l1_walk_sessions")
    op.drop_index(op.f("ix_l1_walk_sessions_account_id"), table_name="l1_walk_sessions")
    op.drop_table("l1_walk_sessions")
    op.drop_index(op.f("ix_flow_proposals_status"), table_name="flow_proposals")
    op.drop_index(op.f("ix_flow_proposals_account_id"), table_name="flow_proposals")
    op.drop_table("flow_proposals")
    op.drop_index(op.f("ix_users_account_id"), table_name="users")
    op.drop_table("users")
    op.drop_index(op.f("ix_trees_account_id"), table_name="trees")
    op.drop_table("trees")
    op.drop_index(op.f("ix_slack_events_received_at"), table_name="slack_events")
    op.drop_table("slack_events")
    op.drop_table("accounts")
