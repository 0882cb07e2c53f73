"""Room on each page of l1_walk_sessions for a walk's next versions (fillfactor 90).

A click rewrites its walk's row. When no indexed column changes (storage.queries.sessions moves
last_step_at at most once a minute), PostgreSQL can keep the new version on the same page without
touching an index (a HOT update), but only if the page has room; a full page sends the row to another
page and every index gets a new entry. Rows written from now on leave a tenth of each page free.

Revision ID: 0014
Revises: 0013
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("ALTER TABLE l1_walk_sessions SET (fillfactor = 90)")


def downgrade() -> None:
    op.execute("ALTER TABLE l1_walk_sessions RESET (fillfactor)")
