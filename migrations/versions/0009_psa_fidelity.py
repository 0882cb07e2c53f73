"""PSA fidelity: per-account write-back choices, Slack user -> PSA member mapping, more outbox kinds.

Revision ID: 0009
Revises: 0012
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0009"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_KINDS = "kind IN ('note', 'status', 'time_entry')"
NEW_KINDS = "kind IN ('note', 'status', 'time_entry', 'resolution', 'assign')"


def upgrade() -> None:
    op.add_column(
        "accounts",
        sa.Column("psa_writeback", postgresql.JSONB(astext_type=sa.Text()), nullable=False, server_default="{}"),
    )
    op.add_column("users", sa.Column("psa_member_id", sa.String(64), nullable=True))
    op.add_column("users", sa.Column("psa_member_kind", sa.String(20), nullable=True))
    op.add_column("users", sa.Column("psa_member_source", sa.String(10), nullable=True))
    op.add_column("users", sa.Column("psa_member_checked_at", sa.DateTime(timezone=True), nullable=True))
    op.create_check_constraint(
        "ck_users_psa_member_source", "users", "psa_member_source IS NULL OR psa_member_source IN ('email', 'admin')"
    )
    op.drop_constraint("ck_psa_outbox_kind", "psa_outbox", type_="check")
    op.create_check_constraint("ck_psa_outbox_kind", "psa_outbox", NEW_KINDS)


def downgrade() -> None:
    op.execute("DELETE FROM psa_outbox WHERE kind IN ('resolution', 'assign')")
    op.drop_constraint("ck_psa_outbox_kind", "psa_outbox", type_="check")
    op.create_check_constraint("ck_psa_outbox_kind", "psa_outbox", OLD_KINDS)
    op.drop_constraint("ck_users_psa_member_source", "users", type_="check")
    for column in ("psa_member_checked_at", "psa_member_source", "psa_member_kind", "psa_member_id"):
        op.drop_column("users", column)
    op.drop_column("accounts", "psa_writeback")
