"""Published flow versions. A row is immutable once published: sessions point at the exact version walked.

Rows are archived, never deleted: a ``flow`` session's ``flow_id`` is ON DELETE SET NULL,
but the session's target-consistency CHECK forbids a flow session without one, so the
database refuses to delete a tree that was ever walked.
"""

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Computed, DateTime, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR, UUID
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base

# What `/walk flows WORDS` searches: the title first, then the match keywords, then every node's text.
# Built by PostgreSQL itself (a generated column), so a published version is searchable the moment it exists.
SEARCH_DOCUMENT = (
    "setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A') || "
    "setweight(jsonb_to_tsvector('english'::regconfig, coalesce(definition -> 'match' -> 'keywords', '[]'::jsonb), "
    "'[\"string\"]'::jsonb), 'B') || "
    "setweight(jsonb_to_tsvector('english'::regconfig, coalesce(jsonb_path_query_array(definition, "
    "'$.nodes[*].text'::jsonpath), '[]'::jsonb), '[\"string\"]'::jsonb), 'C')"
)


class Tree(Base):
    __tablename__ = "trees"
    __table_args__ = (
        UniqueConstraint("account_id", "slug", "version"),
        Index("ix_trees_search_document", "search_document", postgresql_using="gin"),
    )

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    account_id: Mapped[uuid.UUID] = mapped_column(
        UUID(as_uuid=True), ForeignKey("accounts.id", ondelete="CASCADE"), nullable=False, index=True
    )
    slug: Mapped[str] = mapped_column(String(100), nullable=False)
    title: Mapped[str] = mapped_column(String(200), nullable=False)
    category: Mapped[str] = mapped_column(String(100), nullable=False)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    definition: Mapped[dict[str, Any]] = mapped_column(JSONB(), nullable=False)
    # sha256 of the canonical definition: re-importing an unchanged file publishes nothing.
    fingerprint: Mapped[str] = mapped_column(String(64), nullable=False)
    source: Mapped[str | None] = mapped_column(Text(), nullable=True)
    published_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), nullable=False, default=lambda: datetime.now(UTC)
    )
    archived_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    search_document: Mapped[Any] = mapped_column(TSVECTOR(), Computed(SEARCH_DOCUMENT, persisted=True), deferred=True)
