"""The ticket as looked up at intake, and numbers for internal tickets.

Revision ID: 0005
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0005"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "l1_walk_sessions",
        sa.Column("ticket_snapshot", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    )
    op.execute("CREATE SEQUENCE internal_ticket_numbers START 1")


def downgrade() -> None:
    op.execute("DROP SEQUENCE internal_ticket_numbers")
    op.drop_column("l1_walk_sessions", "ticket_snapshot")
