"""L1 walk session model.

Per-session state for an L1 technician walking a ticket through a flow, flow
proposal, or ad-hoc investigation. Tracks the walked path, notes captured at each
step, and terminal resolution / escalation metadata.

The seed's ``l1_walk_sessions`` table is the reference model: every seed column, constraint
and index is kept as is; walkbot adds only the Slack columns (``channel_id``,
``message_ts``), ``revision`` for compare-and-set clicks, ``ticket_snapshot``, ``ai_usage`` and
``ended_by_user_id``.
"""

import uuid
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, Optional

from sqlalchemy import Boolean, CheckConstraint, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy import text as sa_text
from sqlalchemy.dialects.postgresql import JSONB, UUID
from sqlalchemy.orm import Mapped, mapped_column, relationship

from storage.models.base import Base

if TYPE_CHECKING:
    from storage.models.account import Account
    from storage.models.flow_proposal import FlowProposal
    from storage.models.tree import Tree
    from storage.models.user import User


class L1WalkSession(Base):
    """A single L1 technician session walking a ticket.

    session_kind values:
    - flow: Walking a published flow (flow_id required, flow_proposal_id null).
    - proposal: Walking a draft flow proposal (flow_proposal_id required, flow_id null).
    - adhoc: Free-form investigation (both flow_id and flow_proposal_id null).
    - ai_build: AI-generated decision-tree walk (both flow_id and flow_proposal_id null).

    status lifecycle:
    - active: Session is in progress.
    - resolved: Issue resolved; resolution_notes captured.
    - escalated: Could not resolve; escalation_reason captured.
    - abandoned: Session exited without resolution or explicit escalation.
    """

    __tablename__ = "l1_walk_sessions"
    __table_args__ = (
        CheckConstraint(
            "ticket_kind IN ('psa', 'internal')",
            name="ck_l1_walk_sessions_ticket_kind",
        ),
        CheckConstraint(
            "session_kind IN ('flow', 'proposal', 'adhoc', 'ai_build')",
            name="ck_l1_walk_sessions_session_kind",
        ),
        CheckConstraint(
            "status IN ('active', 'resolved', 'escalated', 'abandoned')",
            name="ck_l1_walk_sessions_status",
        ),
        CheckConstraint(
            "(session_kind = 'flow' AND flow_id IS NOT NULL AND flow_proposal_id IS NULL) "
            "OR (session_kind = 'proposal' AND flow_proposal_id IS NOT NULL AND flow_id IS NULL) "
            "OR (session_kind IN ('adhoc', 'ai_build') AND flow_id IS NULL AND flow_proposal_id IS NULL)",
            name="ck_l1_walk_sessions_target_consistency",
        ),
        # Partial index backing the engineer handoff queue (/walk escalations).
        Index(
            "ix_l1_walk_sessions_escalated",
            "account_id",
            sa_text("last_step_at DESC"),
            postgresql_where=sa_text("status = 'escalated'"),
        ),
        # Reports read one account's walks started in a period (storage/queries/insights.py).
        Index("ix_l1_walk_sessions_account_started", "account_id", "started_at"),
        # Candidates for new flows read only the period's ad-hoc and AI walks that say what the problem was
        # (a sixth of the walks), not every walk of the period (migration 0013).
        Index(
            "ix_l1_walk_sessions_free_text_started",
            "account_id",
            "started_at",
            postgresql_where=sa_text("session_kind IN ('adhoc', 'ai_build') AND problem_text IS NOT NULL"),
        ),
        # ── Request-path lookups (migration 0010) ──
        # Each request reads one account's rows by a key; without these a lookup scans the
        # account's whole history (a million past walks made a thread reply 32× slower).
        # A thread reply or card click finds its walk by the card it is on.
        Index("ix_l1_walk_sessions_card", "account_id", "channel_id", "message_ts"),
        # A ticket's walks, newest first: how an internal ticket is found again at intake.
        Index(
            "ix_l1_walk_sessions_ticket",
            "account_id",
            "ticket_kind",
            "ticket_id",
            sa_text("started_at DESC"),
        ),
        # `/walk mine` and App Home: a technician's active walks, most recently touched first.
        Index(
            "ix_l1_walk_sessions_active_by_user",
            "account_id",
            "created_by_user_id",
            sa_text("last_step_at DESC"),
            postgresql_where=sa_text("status = 'active'"),
        ),
        # The idle sweep reads only active walks, not the resolved history.
        Index(
            "ix_l1_walk_sessions_active_idle",
            "last_step_at",
            postgresql_where=sa_text("status = 'active'"),
        ),
        # Storage: fillfactor 90, room on each page for a clicked walk's next version, so a click's update
        # can stay on its page without new index entries (migration 0014; SQLAlchemy's table options here
        # have no storage parameters).
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("accounts.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )
    created_by_user_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="RESTRICT"),
        nullable=False,
        index=True,
    )

    # ── Actor context ──
    acting_as: Mapped[str | None] = mapped_column(String(30), nullable=True)

    # ── Ticket reference ──
    ticket_id: Mapped[str] = mapped_column(String(64), nullable=False)
    ticket_kind: Mapped[str] = mapped_column(String(10), nullable=False)

    # ── Session kind + target ──
    session_kind: Mapped[str] = mapped_column(String(20), nullable=False)
    # AI-build context (ai_build sessions only). Persisted at intake so the next-node
    # step never has to re-fetch the ticket or scan walked_path to recover them — they
    # are immutable for the life of the session. Replaces the former hidden
    # ``{"node_type":"meta"}`` walked_path entry (deleted: it leaked into every
    # consumer that forgot to skip it — junk proposals, off-by-one depth cap,
    # blank escalation rows).
    category: Mapped[str | None] = mapped_column(String(100), nullable=True)
    problem_text: Mapped[str | None] = mapped_column(Text(), nullable=True)
    flow_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("trees.id", ondelete="SET NULL"),
        nullable=True,
    )
    flow_proposal_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("flow_proposals.id", ondelete="SET NULL"),
        nullable=True,
    )

    # ── Navigation state ──
    current_node_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    # The node served to the tech but not yet answered (ai_build only). Replayed on
    # the next next-node request so a refresh, a re-posted card or a redelivered click
    # doesn't fire a fresh paid LLM call (and possibly swap the question mid-answer).
    pending_node: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB(),
        nullable=True,
    )
    walked_path: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB(),
        nullable=False,
        server_default=sa_text("'[]'::jsonb"),
    )
    walk_notes: Mapped[list[dict[str, Any]]] = mapped_column(
        JSONB(),
        nullable=False,
        server_default=sa_text("'[]'::jsonb"),
    )
    # Bumped by every step-changing action; a click carries the revision it was
    # rendered at. A step is applied with the row locked (SELECT ... FOR UPDATE) and the
    # engine refuses a revision that is not the current one, so two racing clicks (or an
    # old card) advance the walk at most once.
    revision: Mapped[int] = mapped_column(Integer, nullable=False, server_default=sa_text("0"))

    # ── Lifecycle ──
    status: Mapped[str] = mapped_column(
        String(20),
        nullable=False,
        server_default=sa_text("'active'"),
        index=True,
    )

    # ── Resolution ──
    resolution_notes: Mapped[str | None] = mapped_column(Text(), nullable=True)
    helpful: Mapped[bool | None] = mapped_column(Boolean(), nullable=True)

    # ── Escalation ──
    escalation_reason: Mapped[str | None] = mapped_column(Text(), nullable=True)
    escalation_reason_category: Mapped[str | None] = mapped_column(
        String(30),
        nullable=True,
    )

    # ── Slack ──
    # The walk card; its thread is the walk's notebook, so thread replies are
    # matched to a session by (channel_id, message_ts).
    channel_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    message_ts: Mapped[str | None] = mapped_column(String(32), nullable=True)

    # The ticket as looked up at intake (summary, company, URL…), for the walk card and
    # the handoff card: a click never waits on the PSA, and a PSA outage mid-walk
    # doesn't blank the card.
    ticket_snapshot: Mapped[dict[str, Any] | None] = mapped_column(JSONB(), nullable=True)

    # ── AI cost ──
    # Token usage summed over the session's Claude calls (input, output, cache reads).
    ai_usage: Mapped[dict[str, Any] | None] = mapped_column(JSONB(), nullable=True)

    # ── Timestamps ──
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=lambda: datetime.now(UTC))
    last_step_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True),
        default=lambda: datetime.now(UTC),
        onupdate=lambda: datetime.now(UTC),
        index=True,
    )
    resolved_at: Mapped[datetime | None] = mapped_column(
        DateTime(timezone=True),
        nullable=True,
    )
    # Who resolved, escalated or abandoned the walk: after a take-over not its technician,
    # and the PSA note names both (migration 0008). NULL for idle expiry.
    ended_by_user_id: Mapped[uuid.UUID | None] = mapped_column(
        UUID(as_uuid=True),
        ForeignKey("users.id", ondelete="RESTRICT"),
        nullable=True,
    )

    # ── Relationships ──
    account: Mapped["Account"] = relationship("Account")
    created_by: Mapped["User"] = relationship("User", foreign_keys=[created_by_user_id])
    flow: Mapped[Optional["Tree"]] = relationship("Tree")
    # Two FK paths exist between L1WalkSession and FlowProposal
    # (L1WalkSession.flow_proposal_id here, FlowProposal.l1_session_id there),
    # so each relationship must name its foreign_keys explicitly.
    flow_proposal: Mapped[Optional["FlowProposal"]] = relationship(
        "FlowProposal", foreign_keys="[L1WalkSession.flow_proposal_id]"
    )
