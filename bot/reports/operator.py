"""The terminal's reports (``walkbot report``, ``walkbot report-settings``, ``walkbot flows diagram --stats``).

The terminal is an operator's tool: it sees per-technician figures, as admins do. Each function is one
short transaction on the account named by ``--team`` (or the only one); rendering happens after it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.flows.model import Flow
from bot.insights.report import FlowReport, Report, report_for
from bot.insights.settings import change_report_settings
from bot.reports.figures import concurrent_figures
from storage.queries import trees
from storage.queries.accounts import cli_account


async def operator_report(
    db: async_sessionmaker[AsyncSession],
    team: str | None,
    *,
    since: str,
    now: datetime,
    flow: str | None = None,
    technician: str | None = None,
) -> Report:
    """The period's report. Raises BadPeriod, UnknownTechnician, or LookupError (no such workspace)."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        return await report_for(
            session,
            account.id,
            since=since,
            now=now,
            flow=flow,
            technician=technician,
            with_technicians=True,
            read_figures=concurrent_figures(db),
        )


async def change_operator_report_settings(
    db: async_sessionmaker[AsyncSession], team: str | None, *, timezone: str | None, digest_channel: str | None
) -> tuple[str | None, str | None]:
    """Set what is given (None keeps it); returns the account's (timezone, digest channel)."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        return await change_report_settings(session, account.id, timezone=timezone, digest_channel_id=digest_channel)


async def flow_with_figures(
    db: async_sessionmaker[AsyncSession],
    team: str | None,
    slug: str,
    *,
    version: int | None,
    stats_since: str | None,
    now: datetime,
) -> tuple[Flow, FlowReport | None]:
    """A published flow (default: its newest version) and, with ``stats_since``, its figures for the period
    (of that version when one is named). Raises LookupError when there is no such flow, BadPeriod."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        tree = (
            await trees.version(session, account.id, slug, version)
            if version
            else await trees.latest_version(session, account.id, slug, include_archived=True)
        )
        if tree is None:
            which = f" version {version}" if version else ""
            raise LookupError(f"no flow {slug!r}{which}: see walkbot flows list")
        stats = None
        if stats_since is not None:
            report = await report_for(
                session, account.id, since=stats_since, now=now, flow=slug, read_figures=concurrent_figures(db)
            )
            stats = report.flow(slug)
            if stats is not None and version:
                stats = _one_version(stats, version)
        return Flow.from_dict(tree.definition), stats


def _one_version(stats: FlowReport, version: int) -> FlowReport | None:
    """The figures of one version, shaped like a flow's (node ids are those of that version)."""
    v = next((v for v in stats.versions if v.version == version), None)
    if v is None:
        return None
    return FlowReport(
        slug=stats.slug,
        title=stats.title,
        outcomes=v.outcomes,
        top_categories=v.top_categories,
        nodes=v.nodes,
        drop_off_node=v.drop_off_node,
        drop_off_notes=(),
        versions=(),
    )
