"""Trust: cached Slack profiles on users, where roles and the engineer channel came from, who ended
a walk, and the outbox lease's fencing token.

Revision ID: 0008
Revises: 0010
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("users", sa.Column("real_name", sa.String(length=200), server_default=sa.text("''"), nullable=False))
    op.add_column("users", sa.Column("email", sa.String(length=254), nullable=True))
    op.add_column("users", sa.Column("deleted", sa.Boolean(), server_default=sa.text("false"), nullable=False))
    op.add_column("users", sa.Column("profile_checked_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("l1_walk_sessions", sa.Column("ended_by_user_id", postgresql.UUID(as_uuid=True), nullable=True))
    op.create_foreign_key(
        "l1_walk_sessions_ended_by_user_id_fkey",
        "l1_walk_sessions",
        "users",
        ["ended_by_user_id"],
        ["id"],
        ondelete="RESTRICT",
    )
    op.add_column("psa_outbox", sa.Column("lease_token", postgresql.UUID(as_uuid=True), nullable=True))
    op.add_column(
        "users", sa.Column("role_source", sa.String(length=10), server_default=sa.text("'default'"), nullable=False)
    )
    op.add_column("accounts", sa.Column("engineer_channel_source", sa.String(length=10), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "engineer_channel_source")
    op.drop_column("users", "role_source")
    op.drop_column("psa_outbox", "lease_token")
    op.drop_constraint("l1_walk_sessions_ended_by_user_id_fkey", "l1_walk_sessions", type_="foreignkey")
    op.drop_column("l1_walk_sessions", "ended_by_user_id")
    op.drop_column("users", "profile_checked_at")
    op.drop_column("users", "deleted")
    op.drop_column("users", "email")
    op.drop_column("users", "real_name")
