"""The period index of ad-hoc and AI walks, which the insights report groups into candidates for new flows.

Revision ID: 0013
Revises: 0009
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_l1_walk_sessions_free_text_started",
        "l1_walk_sessions",
        ["account_id", "started_at"],
        unique=False,
        postgresql_where=sa.text("session_kind IN ('adhoc', 'ai_build') AND problem_text IS NOT NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_l1_walk_sessions_free_text_started", table_name="l1_walk_sessions")
