"""Transactional outbox for PSA write-back.

A row commits in the same transaction as the session outcome it reports, so an
outcome can never exist without its pending note. Workers claim rows with
``FOR UPDATE SKIP LOCKED``; ``idempotency_key`` is embedded in the note text so a
crash between delivering and marking can be detected by reading the ticket back.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy import text as sa_text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class PsaOutbox(Base):
    __tablename__ = "psa_outbox"
    __table_args__ = (
        CheckConstraint("status IN ('pending', 'delivered', 'parked')", name="ck_psa_outbox_status"),
        CheckConstraint("kind IN ('note', 'status', 'time_entry', 'resolution', 'assign')", name="ck_psa_outbox_kind"),
        Index("ix_psa_outbox_due", "next_attempt_at", postgresql_where=sa_text("status = 'pending'")),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=True)
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    session_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("l1_walk_sessions.id", ondelete="CASCADE"), nullable=True, index=True
    )
    psa_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    ticket_id: Mapped[str] = mapped_column(String(64), nullable=False)
    kind: Mapped[str] = mapped_column(String(20), nullable=False, server_default=sa_text("'note'"))
    payload: Mapped[dict[str, Any]] = mapped_column(JSONB(), nullable=False)
    idempotency_key: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    status: Mapped[str] = mapped_column(String(20), nullable=False, server_default=sa_text("'pending'"))
    attempts: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sa_text("0"))
    next_attempt_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=lambda: datetime.now(UTC)
    )
    last_error: Mapped[str | None] = mapped_column(Text(), nullable=True)
    # Fencing token of the current lease: a new one per lease, so a worker whose lease ran out
    # can neither mark the row delivered nor park it (its UPDATEs match no row).
    lease_token: Mapped[uuid.UUID | None] = mapped_column(UUID(as_uuid=True), nullable=True)
    # The PSA's id for the delivered note, for audit and to prove delivery.
    external_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    delivered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=lambda: datetime.now(UTC)
    )
