"""Slack users of an account, created on first contact, with the role that gates admin actions.

The profile columns cache what Slack's ``users.info`` said once (``profile_checked_at``), so
PSA notes and handoff cards name people without a Slack call per note.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy import text as sa_text
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class User(Base):
    __tablename__ = "users"
    __table_args__ = (
        UniqueConstraint("account_id", "slack_user_id"),
        CheckConstraint("role IN ('l1', 'engineer', 'admin')", name="ck_users_role"),
        CheckConstraint(
            "psa_member_source IS NULL OR psa_member_source IN ('email', 'admin')", name="ck_users_psa_member_source"
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    slack_user_id: Mapped[str] = mapped_column(String(32), nullable=False)
    display_name: Mapped[str] = mapped_column(String(200), nullable=False, server_default=sa_text("''"))
    role: Mapped[str] = mapped_column(String(20), nullable=False, server_default=sa_text("'l1'"))
    # Where the role came from: 'default' (first contact), 'env' (WALKBOT_ADMINS / WALKBOT_ENGINEERS,
    # re-applied at every start: leaving the list demotes) or 'admin' (set by an admin in Slack or
    # with `walkbot users role`, kept until changed; the env lists still win for the ids they name).
    role_source: Mapped[str] = mapped_column(String(10), nullable=False, server_default=sa_text("'default'"))

    # ── Slack profile (users.info, cached) ──
    real_name: Mapped[str] = mapped_column(String(200), nullable=False, server_default=sa_text("''"))
    # Only present when the app holds users:read.email; the PSA fidelity work matches members by it.
    email: Mapped[str | None] = mapped_column(String(254), nullable=True)
    # Deactivated in Slack (user_change with deleted: true): the role is gone and their
    # active walks are open to take-over. Never set back to false except by Slack saying so.
    deleted: Mapped[bool] = mapped_column(Boolean(), nullable=False, server_default=sa_text("false"))
    # When Slack was last asked; NULL means never, so the next contact resolves the profile once.
    profile_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # The PSA member (ConnectWise), resource (Autotask) or agent (Halo) this person writes as, found by the
    # email on their Slack profile ('email') or set with `walkbot users link` ('admin', never overwritten by a
    # lookup). ``psa_member_kind`` names the PSA it belongs to: an id from another PSA is never used.
    psa_member_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    psa_member_kind: Mapped[str | None] = mapped_column(String(20), nullable=True)
    psa_member_source: Mapped[str | None] = mapped_column(String(10), nullable=True)
    # When a lookup last ran, found or not: a person with no PSA account is not looked up on every write.
    psa_member_checked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=lambda: datetime.now(UTC)
    )
