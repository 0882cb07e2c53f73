"""``walkbot flows diagram SLUG [--stats]``: the flow map as SVG or PNG, optionally shaded by the period's walks."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.database import database
from bot.config import Settings
from bot.insights.formatting import MAP_FORMATS


def register_diagram_verb(verbs: argparse._SubParsersAction) -> None:
    diagram = verbs.add_parser("diagram", help="draw a published flow as SVG or PNG (needs Graphviz)")
    diagram.add_argument("slug")
    diagram.add_argument("--version", type=int, help="this version (default: the newest)")
    diagram.add_argument("--stats", action="store_true", help="shade nodes and edges by walks and outcomes")
    diagram.add_argument("--since", default="30d", help="period of --stats: 30d, 2w or a date (default 30d)")
    diagram.add_argument("-o", "--output", type=Path, help="file to write (default SLUG.svg); .png writes PNG")
    diagram.add_argument("--format", choices=MAP_FORMATS, help="svg or png (default: from --output, else svg)")
    diagram.set_defaults(run=run_diagram)


def run_diagram(settings: Settings, args: argparse.Namespace) -> int:
    from bot.insights.diagram import DiagramUnavailable, flow_diagram
    from bot.insights.period import BadPeriod

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


async def _read(settings: Settings, args: argparse.Namespace):
    from bot.reports.operator import flow_with_figures

    async with database(settings) as db:
        return await flow_with_figures(
            db,
            args.team,
            args.slug,
            version=args.version,
            stats_since=args.since if args.stats else None,
            now=datetime.now(UTC),
        )
