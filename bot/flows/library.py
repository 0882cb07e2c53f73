"""The account's published flows: import files as new versions, list, export, archive.

The functions taking a session (``import_flow_files``, ``publish_flow``) serve a caller's transaction
(a proposal published from Slack); those taking the session factory are the terminal's use cases
(``walkbot flows …``), each one transaction on the account named by ``--team`` (or the only one).

Import is all-or-nothing: links are validated across the whole batch and the flows
already published, and a batch with any error publishes nothing, so a half-imported
library never links to a flow that isn't there.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.flows.fingerprint import flow_fingerprint
from bot.flows.loader import load_flow_files
from bot.flows.model import Flow
from bot.flows.validation import FlowError, flow_links
from storage.models import Tree
from storage.queries import trees
from storage.queries.accounts import cli_account


@dataclass
class ImportReport:
    published: list[tuple[str, int]] = field(default_factory=list)  # (slug, new version)
    unchanged: list[tuple[str, int]] = field(default_factory=list)  # (slug, current version)
    errors: list[FlowError] = field(default_factory=list)


async def import_flow_files(db: AsyncSession, account_id: uuid.UUID, paths: Sequence[Path]) -> ImportReport:
    report = ImportReport()
    published = {t.slug: t for t in await trees.latest_published(db, account_id)}
    links = {slug: flow_links(tree_flow(tree)) for slug, tree in published.items()}
    flows, errors = load_flow_files(
        list(paths), known_slugs=set(published), existing_links=links, allow_needs_review=False
    )
    if errors:
        report.errors = list(errors)
        return report
    for flow in flows:
        report_entry = await publish_flow(db, account_id, flow, source=_source_of(flow, paths))
        (report.published if report_entry[2] else report.unchanged).append(report_entry[:2])
    return report


async def publish_flow(
    db: AsyncSession, account_id: uuid.UUID, flow: Flow, *, source: str | None
) -> tuple[str, int, bool]:
    """Publish ``flow`` unless its newest live version is identical. Returns (slug, version, published?)."""
    fingerprint = flow_fingerprint(flow)
    current = await trees.latest_version(db, account_id, flow.slug)
    if current is not None and current.fingerprint == fingerprint:
        return flow.slug, current.version, False
    tree = await trees.publish(
        db,
        account_id,
        slug=flow.slug,
        title=flow.title,
        category=flow.category,
        definition=flow.to_dict(),
        fingerprint=fingerprint,
        source=source,
    )
    return flow.slug, tree.version, True


# ── the terminal's use cases ──


async def import_flows(db: async_sessionmaker[AsyncSession], team: str | None, paths: Sequence[Path]) -> ImportReport:
    """``walkbot flows import``: all or nothing, in one transaction."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        return await import_flow_files(session, account.id, paths)


async def published_flows(db: async_sessionmaker[AsyncSession], team: str | None) -> list[Tree]:
    """The newest published version of each flow."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        return list(await trees.latest_published(session, account.id))


async def published_version(
    db: async_sessionmaker[AsyncSession], team: str | None, slug: str, version: int | None
) -> Tree | None:
    """One version of a flow (default: the newest, archived or not); None when there is no such flow."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        if version:
            return await trees.version(session, account.id, slug, version)
        return await trees.latest_version(session, account.id, slug, include_archived=True)


async def archive_flow(db: async_sessionmaker[AsyncSession], team: str | None, slug: str) -> int:
    """Stop offering ``slug``; walks already started keep their version. Returns how many versions it archived."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        return await trees.archive(session, account.id, slug)


def tree_flow(tree: Tree) -> Flow:
    return Flow.from_dict(tree.definition)


def _source_of(flow: Flow, paths: Sequence[Path]) -> str | None:
    for path in paths:
        if path.stem == flow.slug:
            return str(path)
    return None
