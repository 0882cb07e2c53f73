"""Per-account allowlist of categories in which AI-guided walks may be offered.

Revision ID: 0002
Revises: 0001
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The ten L1-appropriate defaults (bot.ai.categories.DEFAULT_ALLOWED_CATEGORIES).
DEFAULT = (
    '\'["password_reset", "account_lockout", "printer", "email_client", "network_basics", '
    '"vpn", "av_conferencing", "browser", "peripherals", "os_restart_updates"]\'::jsonb'
)


def upgrade() -> None:
    op.add_column(
        "accounts",
        sa.Column(
            "ai_categories", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text(DEFAULT), nullable=False
        ),
    )


def downgrade() -> None:
    op.drop_column("accounts", "ai_categories")
