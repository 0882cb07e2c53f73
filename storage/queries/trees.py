"""Published flow versions: publish, look up, archive. Versions are immutable and never deleted."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Tree


async def latest_version(
    db: AsyncSession, account_id: uuid.UUID, slug: str, *, include_archived: bool = False
) -> Tree | None:
    stmt = select(Tree).where(Tree.account_id == account_id, Tree.slug == slug)
    if not include_archived:
        stmt = stmt.where(Tree.archived_at.is_(None))
    return await db.scalar(stmt.order_by(Tree.version.desc()).limit(1))


async def version(db: AsyncSession, account_id: uuid.UUID, slug: str, number: int) -> Tree | None:
    return await db.scalar(select(Tree).where(Tree.account_id == account_id, Tree.slug == slug, Tree.version == number))


async def tree_by_id(db: AsyncSession, account_id: uuid.UUID, tree_id: uuid.UUID) -> Tree | None:
    return await db.scalar(select(Tree).where(Tree.account_id == account_id, Tree.id == tree_id))


async def publish(
    db: AsyncSession,
    account_id: uuid.UUID,
    *,
    slug: str,
    title: str,
    category: str,
    definition: dict[str, Any],
    fingerprint: str,
    source: str | None = None,
) -> Tree:
    """Add the next version of ``slug``. Locks the account's slug row set so two publishers can't both get v2."""
    await db.execute(select(func.pg_advisory_xact_lock(func.hashtext(f"{account_id}:{slug}"))))
    current = await db.scalar(select(func.max(Tree.version)).where(Tree.account_id == account_id, Tree.slug == slug))
    tree = Tree(
        id=uuid.uuid4(),
        account_id=account_id,
        slug=slug,
        title=title,
        category=category,
        version=(current or 0) + 1,
        definition=definition,
        fingerprint=fingerprint,
        source=source,
        published_at=datetime.now(UTC),
    )
    db.add(tree)
    await db.flush()
    return tree


async def latest_published(db: AsyncSession, account_id: uuid.UUID) -> list[Tree]:
    """The newest non-archived version of every flow of the account, by slug.

    One pass over the account's versions in the order of uq_trees_account_id_slug_version (read backwards:
    each slug's newest first), keeping the first of each slug; a flow whose newest version is archived is gone."""
    newest = (
        select(Tree)
        .distinct(Tree.slug)
        .where(Tree.account_id == account_id)
        .order_by(Tree.slug.desc(), Tree.version.desc())
        .subquery()
    )
    flow = aliased(Tree, newest)
    return list(await db.scalars(select(flow).where(flow.archived_at.is_(None)).order_by(flow.slug)))


async def archive(db: AsyncSession, account_id: uuid.UUID, slug: str) -> int:
    """Hide every version of ``slug`` from new walks; sessions keep their version. Returns rows archived."""
    result = await db.execute(
        update(Tree)
        .where(Tree.account_id == account_id, Tree.slug == slug, Tree.archived_at.is_(None))
        .values(archived_at=datetime.now(UTC))
    )
    return result.rowcount
