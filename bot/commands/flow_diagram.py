"""``walkbot flows diagram SLUG [--stats]``: the flow map as SVG or PNG, optionally shaded by the period's walks."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.config import Settings, resolve_database_url
from bot.flows.model import Flow
from bot.insights.diagram import FORMATS, DiagramUnavailable, flow_diagram
from bot.insights.period import BadPeriod
from bot.insights.report import FlowReport, report_for
from storage.database import create_engine, create_session_factory
from storage.queries import trees
from storage.queries.accounts import cli_account


def register_diagram_verb(verbs: argparse._SubParsersAction) -> None:
    diagram = verbs.add_parser("diagram", help="draw a published flow as SVG or PNG (needs Graphviz)")
    diagram.add_argument("slug")
    diagram.add_argument("--version", type=int, help="this version (default: the newest)")
    diagram.add_argument("--stats", action="store_true", help="shade nodes and edges by walks and outcomes")
    diagram.add_argument("--since", default="30d", help="period of --stats: 30d, 2w or a date (default 30d)")
    diagram.add_argument("-o", "--output", type=Path, help="file to write (default SLUG.svg); .png writes PNG")
    diagram.add_argument("--format", choices=FORMATS, help="svg or png (default: from --output, else svg)")
    diagram.set_defaults(run=run_diagram)


def run_diagram(settings: Settings, args: argparse.Namespace) -> int:
    output: Path = args.output or Path(f"{args.slug}.{args.format or 'svg'}")
    fmt = args.format or (output.suffix.lstrip(".").lower() if output.suffix.lower() in (".svg", ".png") else "svg")
    try:
        flow, stats = asyncio.run(_read(settings, args))
    except (LookupError, BadPeriod) as exc:
        print(f"walkbot: {exc}", file=sys.stderr)
        return 1
    try:
        output.write_bytes(flow_diagram(flow, stats, fmt=fmt))
    except DiagramUnavailable as exc:
        print(f"walkbot: {exc}", file=sys.stderr)
        return 1
    walks = f", {stats.outcomes.walks} walks" if stats else (", no walks in the period" if args.stats else "")
    print(f"wrote {output} ({flow.slug}, {len(flow.nodes)} nodes{walks})")
    return 0


async def _read(settings: Settings, args: argparse.Namespace) -> tuple[Flow, FlowReport | None]:
    engine = create_engine(resolve_database_url(settings), pool_size=2)
    try:
        async with create_session_factory(engine).begin() as db:
            account = await cli_account(db, args.team)
            tree = (
                await trees.version(db, account.id, args.slug, args.version)
                if args.version
                else await trees.latest_version(db, account.id, args.slug, include_archived=True)
            )
            if tree is None:
                which = f" version {args.version}" if args.version else ""
                raise LookupError(f"no flow {args.slug!r}{which}: see walkbot flows list")
            stats = None
            if args.stats:
                report = await report_for(db, account.id, since=args.since, now=datetime.now(UTC), flow=args.slug)
                stats = report.flow(args.slug)
                if stats is not None and args.version:
                    stats = _one_version(stats, args.version)
            return Flow.from_dict(tree.definition), stats
    finally:
        await engine.dispose()


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
