"""``walkbot flows …``: validate, import (publish), list, export and archive flow files."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    flows = sub.add_parser("flows", help="author and publish flows")
    flows.add_argument("--team", help="Slack team id of the account (default: the only one)")
    verbs = flows.add_subparsers(dest="verb", required=True)
    validate = verbs.add_parser("validate", help="check flow files; prints every error")
    validate.add_argument("paths", nargs="+", type=Path)
    validate.set_defaults(run=run_validate)
    imp = verbs.add_parser("import", help="publish a new version of each changed flow file")
    imp.add_argument("paths", nargs="+", type=Path)
    imp.set_defaults(run=lambda s, a: _run_db(s, a, _import))
    lst = verbs.add_parser("list", help="published flows, newest version of each")
    lst.set_defaults(run=lambda s, a: _run_db(s, a, _list))
    exp = verbs.add_parser("export", help="print a published flow as YAML")
    exp.add_argument("slug")
    exp.add_argument("--version", type=int)
    exp.set_defaults(run=lambda s, a: _run_db(s, a, _export))
    arc = verbs.add_parser("archive", help="stop offering a flow (walks keep their version)")
    arc.add_argument("slug")
    arc.set_defaults(run=lambda s, a: _run_db(s, a, _archive))


def expand(paths: list[Path]) -> list[Path]:
    """Folders stand for the *.yaml / *.yml files in them."""
    out: list[Path] = []
    for path in paths:
        out += sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
    return out


def run_validate(settings: Settings, args: argparse.Namespace) -> int:
    from bot.flows.loader import load_flow_files

    flows, errors = load_flow_files(expand(args.paths))
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print(f"{len(flows)} flow(s) valid")
    return 0


def _run_db(settings: Settings, args: argparse.Namespace, action) -> int:
    async def go() -> int:
        from bot.config import resolve_database_url
        from storage.database import create_engine, create_session_factory
        from storage.queries.accounts import cli_account

        engine = create_engine(resolve_database_url(settings), pool_size=2)
        try:
            async with create_session_factory(engine).begin() as db:
                account = await cli_account(db, args.team)
                return await action(db, account.id, args)
        finally:
            await engine.dispose()

    return asyncio.run(go())


async def _import(db, account_id, args) -> int:
    from bot.flows.library import import_flow_files

    report = await import_flow_files(db, account_id, expand(args.paths))
    for error in report.errors:
        print(error, file=sys.stderr)
    if report.errors:
        print(f"nothing published: {len(report.errors)} error(s)", file=sys.stderr)
        return 1
    for slug, version in report.published:
        print(f"published {slug} v{version}")
    for slug, version in report.unchanged:
        print(f"unchanged {slug} v{version}")
    return 0


async def _list(db, account_id, args) -> int:
    from storage.queries.trees import latest_published

    flows = await latest_published(db, account_id)
    if not flows:
        print("no flows published yet: walkbot flows import flows/")
    for tree in flows:
        nodes = len(tree.definition.get("nodes", []))
        print(f"{tree.slug:32} v{tree.version:<3} {tree.category:20} {nodes:>3} nodes  {tree.title}")
    return 0


async def _export(db, account_id, args) -> int:
    from bot.flows.export import flow_to_yaml
    from bot.flows.library import tree_flow
    from storage.queries import trees

    tree = (
        await trees.version(db, account_id, args.slug, args.version)
        if args.version
        else await trees.latest_version(db, account_id, args.slug, include_archived=True)
    )
    if tree is None:
        which = f" version {args.version}" if args.version else ""
        print(f"no flow {args.slug!r}{which}: see walkbot flows list", file=sys.stderr)
        return 1
    sys.stdout.write(flow_to_yaml(tree_flow(tree)))
    return 0


async def _archive(db, account_id, args) -> int:
    from storage.queries.trees import archive

    count = await archive(db, account_id, args.slug)
    if not count:
        print(f"no published flow {args.slug!r} to archive", file=sys.stderr)
        return 1
    print(f"archived {args.slug} ({count} version(s)); walks already started keep their version")
    return 0
