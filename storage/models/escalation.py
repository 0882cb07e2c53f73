"""Handoff of an escalated walk to the engineer channel, and who picked it up.

Claiming is one conditional UPDATE (``picked_up_by_user_id IS NULL``), so two engineers
clicking Pick up at once produce exactly one claim.
"""

import uuid
from datetime import UTC, datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base


class Escalation(Base):
    __tablename__ = "escalations"

    session_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("l1_walk_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    handoff_channel_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    handoff_message_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)
    picked_up_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True), ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
    )
    picked_up_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=lambda: datetime.now(UTC)
    )
