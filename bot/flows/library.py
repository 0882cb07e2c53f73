"""The account's published flows: import files as new versions, list, export, archive.

Import is all-or-nothing: links are validated across the whole batch and the flows
already published, and a batch with any error publishes nothing, so a half-imported
library never links to a flow that isn't there.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from bot.flows.fingerprint import flow_fingerprint
from bot.flows.loader import load_flow_files
from bot.flows.model import Flow
from bot.flows.validation import FlowError, flow_links
from storage.models import Tree
from storage.queries import trees


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


def tree_flow(tree: Tree) -> Flow:
    return Flow.from_dict(tree.definition)


def _source_of(flow: Flow, paths: Sequence[Path]) -> str | None:
    for path in paths:
        if path.stem == flow.slug:
            return str(path)
    return None
