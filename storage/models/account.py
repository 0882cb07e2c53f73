"""One account per Slack workspace: the unit every query is scoped to."""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Boolean, CheckConstraint, DateTime, String, Text
from sqlalchemy import text as sa_text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Account(Base):
    __tablename__ = "accounts"
    __table_args__ = (
        CheckConstraint(
            "psa_kind IN ('connectwise', 'autotask', 'halo', 'none')",
            name="ck_accounts_psa_kind",
        ),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    slack_team_id: Mapped[str] = mapped_column(String(32), nullable=False, unique=True)
    name: Mapped[str] = mapped_column(String(200), nullable=False, server_default=sa_text("''"))
    # Where handoff cards go; escalating is refused with a clear message until it is set.
    engineer_channel_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # 'env' when ESCALATION_CHANNEL set it (a changed value replaces it at the next start), 'admin'
    # when an admin chose it in Slack (`/walk channel`), which then wins over ESCALATION_CHANNEL.
    engineer_channel_source: Mapped[str | None] = mapped_column(String(10), nullable=True)
    psa_kind: Mapped[str] = mapped_column(String(20), nullable=False, server_default=sa_text("'none'"))
    # Categories in which AI-guided walks may be offered. The hard safety floor is
    # enforced in code and cannot be lifted from here (migration 0002).
    ai_categories: Mapped[list[Any]] = mapped_column(
        JSONB(),
        nullable=False,
        server_default=sa_text(
            '\'["password_reset", "account_lockout", "printer", "email_client", "network_basics", '
            '"vpn", "av_conferencing", "browser", "peripherals", "os_restart_updates"]\'::jsonb'
        ),
    )
    # Reports count days and weeks in this IANA zone (e.g. "Europe/London"); unset: UTC.
    timezone: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Where the weekly insights digest is posted; unset: no digest (the default).
    digest_channel_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    # Extra phrases this account's AI-built steps may never mention ("RMM agent"), on top of
    # the fixed floor in bot.ai.safety. Accounts can only add: nothing here lifts the floor (0006).
    floor_denies: Mapped[list[Any]] = mapped_column(JSONB(), nullable=False, server_default=sa_text("'[]'::jsonb"))

    # ---- install lifecycle
    # False once Slack reports the app uninstalled or its tokens revoked: its background work stops and its
    # requests are refused. The data stays until an admin runs `walkbot accounts delete`.
    active: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default=sa_text("true"))
    deactivated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)

    # ---- PSA connection, set per account from Slack (`/walk settings`) or `walkbot accounts psa`
    # The non-secret half (site, company, base URL…); psa_kind says which vendor reads it.
    psa_settings: Mapped[dict[str, Any]] = mapped_column(JSONB(), nullable=False, server_default=sa_text("'{}'::jsonb"))
    # The secret half (API keys, client secrets) as one Fernet-sealed JSON object (storage/secret_box.py);
    # never decrypted except to build the account's PSA client.
    psa_secrets: Mapped[str | None] = mapped_column(Text, nullable=True)
    # How walks are written back to the PSA: statuses, resolution text, time entries (bot.psa.writeback_settings).
    # Keyed by account like everything else, so per-account PSA connections keep their own choices.
    psa_writeback: Mapped[dict[str, Any]] = mapped_column(
        JSONB(), nullable=False, server_default=sa_text("'{}'::jsonb")
    )
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=lambda: datetime.now(UTC)
    )
