"""Flow insights: the period index reports scan, flow search, and the account's report settings.

Revision ID: 0011
Revises: 0005
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0011"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Kept identical to storage.models.tree.SEARCH_DOCUMENT (alembic check compares them).
SEARCH_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(jsonb_to_tsvector('english'::regconfig, coalesce(definition -> 'match' -> 'keywords', '[]'::jsonb), "
    "'[\"string\"]'::jsonb), 'B') || "
    "setweight(jsonb_to_tsvector('english'::regconfig, coalesce(jsonb_path_query_array(definition, "
    "'$.nodes[*].text'::jsonpath), '[]'::jsonb), '[\"string\"]'::jsonb), 'C')"
)


def upgrade() -> None:
    op.create_index(
        "ix_l1_walk_sessions_account_started",
        "l1_walk_sessions",
        ["account_id", "started_at"],
    )
    op.add_column(
        "trees",
        sa.Column("search_document", postgresql.TSVECTOR(), sa.Computed(SEARCH_DOCUMENT, persisted=True)),
    )
    op.create_index("ix_trees_search_document", "trees", ["search_document"], postgresql_using="gin")
    op.add_column("accounts", sa.Column("timezone", sa.String(length=64), nullable=True))
    op.add_column("accounts", sa.Column("digest_channel_id", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column("accounts", "digest_channel_id")
    op.drop_column("accounts", "timezone")
    op.drop_index("ix_trees_search_document", table_name="trees")
    op.drop_column("trees", "search_document")
    op.drop_index("ix_l1_walk_sessions_account_started", table_name="l1_walk_sessions")
