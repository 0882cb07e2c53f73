"""Indexes for every request-path lookup, so a request costs the same at a million past walks.

Revision ID: 0010
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0010"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_l1_walk_sessions_card", "l1_walk_sessions", ["account_id", "channel_id", "message_ts"], unique=False
    )
    op.create_index(
        "ix_l1_walk_sessions_ticket",
        "l1_walk_sessions",
        ["account_id", "ticket_kind", "ticket_id", sa.text("started_at DESC")],
        unique=False,
    )
    op.create_index(
        "ix_l1_walk_sessions_active_by_user",
        "l1_walk_sessions",
        ["account_id", "created_by_user_id", sa.text("last_step_at DESC")],
        unique=False,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_index(
        "ix_l1_walk_sessions_active_idle",
        "l1_walk_sessions",
        ["last_step_at"],
        unique=False,
        postgresql_where=sa.text("status = 'active'"),
    )
    op.create_index(op.f("ix_flow_proposals_l1_session_id"), "flow_proposals", ["l1_session_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_flow_proposals_l1_session_id"), table_name="flow_proposals")
    op.drop_index("ix_l1_walk_sessions_active_idle", table_name="l1_walk_sessions")
    op.drop_index("ix_l1_walk_sessions_active_by_user", table_name="l1_walk_sessions")
    op.drop_index("ix_l1_walk_sessions_ticket", table_name="l1_walk_sessions")
    op.drop_index("ix_l1_walk_sessions_card", table_name="l1_walk_sessions")
