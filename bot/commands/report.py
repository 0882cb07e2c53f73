"""``walkbot report``: flow insights for a period, as text, JSON (``--json``) or one HTML file (``--html FILE``)."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.commands.database import database
from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    report = sub.add_parser("report", help="which flows resolve and where walks get stuck (see docs/insights.md)")
    report.add_argument("--since", default="30d", help="30d, 2w, 12h or a date like 2026-11-01 (default 30d)")
    report.add_argument("--flow", metavar="SLUG", help="only this flow")
    report.add_argument("--technician", metavar="SLACK_USER_ID", help="only this technician's walks")
    out = report.add_mutually_exclusive_group()
    out.add_argument("--json", action="store_true", help="print the figures as JSON")
    out.add_argument("--html", metavar="FILE", type=Path, help="write one self-contained HTML file")
    report.add_argument("--team", help="Slack team id of the account (default: the only one)")
    report.set_defaults(run=run_report)
    prefs = sub.add_parser("report-settings", help="the account's report timezone and weekly digest channel")
    prefs.add_argument("--timezone", help="IANA name, e.g. Europe/London; 'UTC' or '' for UTC")
    prefs.add_argument("--digest-channel", help="channel id for the weekly digest (invite @walkbot); '' turns it off")
    prefs.add_argument("--team", help="Slack team id of the account (default: the only one)")
    prefs.set_defaults(run=run_report_settings)


def run_report(settings: Settings, args: argparse.Namespace) -> int:
    from bot.insights.flow_maps import inline_svgs, report_flow_maps
    from bot.insights.html_report import report_html
    from bot.insights.json_report import report_json
    from bot.insights.period import BadPeriod
    from bot.insights.report import UnknownTechnician
    from bot.insights.text_report import report_text

    try:
        report = asyncio.run(_read(settings, args))
    except (BadPeriod, UnknownTechnician, LookupError) as exc:
        print(f"walkbot: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(report_json(report))
    elif args.html:
        args.html.write_text(report_html(report, flow_maps=inline_svgs(report_flow_maps(report))), encoding="utf-8")
        print(f"wrote {args.html} ({len(report.flows)} flow(s))")
    else:
        sys.stdout.write(report_text(report))
    return 0


async def _read(settings: Settings, args: argparse.Namespace):
    from bot.reports.operator import operator_report

    async with database(settings) as db:
        return await operator_report(
            db, args.team, since=args.since, now=datetime.now(UTC), flow=args.flow, technician=args.technician
        )


def run_report_settings(settings: Settings, args: argparse.Namespace) -> int:
    from bot.insights.period import BadPeriod

    try:
        timezone, channel = asyncio.run(_settings(settings, args))
    except (BadPeriod, LookupError) as exc:
        print(f"walkbot: {exc}", file=sys.stderr)
        return 2
    print(f"timezone: {timezone or 'UTC'} · weekly digest: {f'channel {channel}' if channel else 'off'}")
    return 0


async def _settings(settings: Settings, args: argparse.Namespace) -> tuple[str | None, str | None]:
    from bot.reports.operator import change_operator_report_settings

    async with database(settings) as db:
        return await change_operator_report_settings(
            db, args.team, timezone=args.timezone, digest_channel=args.digest_channel
        )
