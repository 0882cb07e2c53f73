"""``walkbot flows …``: validate, import (publish), list, export and archive flow files."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from bot.commands.database import database
from bot.commands.flow_diagram import register_diagram_verb
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
    register_proposal_verbs(verbs)
    register_diagram_verb(verbs)


def register_proposal_verbs(verbs: argparse._SubParsersAction) -> None:
    """Draft flows from the terminal. The terminal is an operator tool: it reviews as an admin."""
    propose = verbs.add_parser("propose", help="submit a flow file as a draft for review (publishes nothing)")
    propose.add_argument("path", type=Path)
    propose.set_defaults(run=lambda s, a: _run_db(s, a, _propose))
    drafts = verbs.add_parser("proposals", help="draft flows waiting for review")
    drafts.set_defaults(run=lambda s, a: _run_db(s, a, _proposals))
    pexp = verbs.add_parser("proposal-export", help="print a draft as YAML, to edit and proposal-update")
    pexp.add_argument("id", help="proposal id (or a unique prefix of it)")
    pexp.set_defaults(run=lambda s, a: _run_db(s, a, _proposal_export))
    pupd = verbs.add_parser("proposal-update", help="replace a draft with an edited file (fill or remove stubs)")
    pupd.add_argument("id", help="proposal id (or a unique prefix of it)")
    pupd.add_argument("path", type=Path)
    pupd.set_defaults(run=lambda s, a: _run_db(s, a, _proposal_update))
    pub = verbs.add_parser("publish", help="publish a draft as a new flow or the next version of its slug")
    pub.add_argument("id", help="proposal id (or a unique prefix of it)")
    pub.set_defaults(run=lambda s, a: _run_db(s, a, _publish))
    rej = verbs.add_parser("reject", help="reject a draft, with the reason the author will see")
    rej.add_argument("id", help="proposal id (or a unique prefix of it)")
    rej.add_argument("--reason", required=True)
    rej.set_defaults(run=lambda s, a: _run_db(s, a, _reject))


def expand(paths: list[Path]) -> list[Path]:
    """Folders stand for the *.yaml / *.yml files in them."""
    out: list[Path] = []
    for path in paths:
        out += sorted([*path.glob("*.yaml"), *path.glob("*.yml")]) if path.is_dir() else [path]
    return out


def run_validate(settings: Settings, args: argparse.Namespace) -> int:
    from bot.flows.loader import load_flow_files

    flows, errors = load_flow_files(expand(args.paths), allow_needs_review=False)
    for error in errors:
        print(error, file=sys.stderr)
    if errors:
        print(f"{len(errors)} error(s)", file=sys.stderr)
        return 1
    print(f"{len(flows)} flow(s) valid")
    return 0


def _run_db(settings: Settings, args: argparse.Namespace, action) -> int:
    """Run one verb's use case on the database; a refusal is printed (it says what to do), not a traceback."""

    async def go() -> int:
        from bot.proposals.operator import REFUSALS

        async with database(settings) as db:
            try:
                return await action(db, args)
            except REFUSALS as exc:
                print(exc, file=sys.stderr)
                return 1
            except LookupError as exc:  # several workspaces and no --team
                print(f"walkbot: {exc}", file=sys.stderr)
                return 2

    return asyncio.run(go())


async def _import(db, args) -> int:
    from bot.flows.library import import_flows

    report = await import_flows(db, args.team, expand(args.paths))
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


async def _list(db, args) -> int:
    from bot.flows.library import published_flows

    flows = await published_flows(db, args.team)
    if not flows:
        print("no flows published yet: walkbot flows import flows/")
    for tree in flows:
        nodes = len(tree.definition.get("nodes", []))
        print(f"{tree.slug:32} v{tree.version:<3} {tree.category:20} {nodes:>3} nodes  {tree.title}")
    return 0


async def _export(db, args) -> int:
    from bot.flows.export import flow_to_yaml
    from bot.flows.library import published_version, tree_flow

    tree = await published_version(db, args.team, args.slug, args.version)
    if tree is None:
        which = f" version {args.version}" if args.version else ""
        print(f"no flow {args.slug!r}{which}: see walkbot flows list", file=sys.stderr)
        return 1
    sys.stdout.write(flow_to_yaml(tree_flow(tree)))
    return 0


async def _archive(db, args) -> int:
    from bot.flows.library import archive_flow

    count = await archive_flow(db, args.team, args.slug)
    if not count:
        print(f"no published flow {args.slug!r} to archive", file=sys.stderr)
        return 1
    print(f"archived {args.slug} ({count} version(s)); walks already started keep their version")
    return 0


# ── draft flows (proposals) ──


async def _propose(db, args) -> int:
    from bot.proposals.operator import propose_flow_file
    from bot.proposals.review import stub_ids

    proposal = await propose_flow_file(db, args.team, args.path)
    stubs = stub_ids(proposal)
    print(f"proposed {proposal.slug} as draft {proposal.id}" + (f" ({len(stubs)} stub(s) to review)" if stubs else ""))
    return 0


async def _proposals(db, args) -> int:
    from bot.proposals.operator import drafts_of
    from bot.proposals.review import stub_ids

    drafts = await drafts_of(db, args.team)
    if not drafts:
        print("no draft flows waiting for review")
    for p in drafts:
        created = p.created_at.strftime("%Y-%m-%d %H:%M")
        print(f"{p.id}  {p.slug:32} {p.source:8} {len(stub_ids(p)):>2} stubs  {created}  {p.title}")
    return 0


async def _proposal_export(db, args) -> int:
    from bot.flows.export import flow_to_yaml
    from bot.proposals.operator import draft_as_flow

    sys.stdout.write(flow_to_yaml(await draft_as_flow(db, args.team, args.id)))
    return 0


async def _proposal_update(db, args) -> int:
    from bot.proposals.operator import update_draft_from_file
    from bot.proposals.review import stub_ids

    proposal = await update_draft_from_file(db, args.team, args.id, args.path)
    stubs = stub_ids(proposal)
    left = f"; {len(stubs)} stub(s) still to review" if stubs else "; ready to publish"
    print(f"updated draft {proposal.id} ({proposal.slug}){left}")
    return 0


async def _publish(db, args) -> int:
    from bot.proposals.operator import publish_draft

    slug, version = await publish_draft(db, args.team, args.id)
    print(f"published {slug} v{version}")
    return 0


async def _reject(db, args) -> int:
    from bot.proposals.operator import reject_draft

    proposal = await reject_draft(db, args.team, args.id, args.reason)
    print(f"rejected {proposal.slug} ({proposal.id})")
    return 0
