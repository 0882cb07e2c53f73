"""``walkbot flows …``: validate, import (publish), list, export and archive flow files."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

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
    async def go() -> int:
        from bot.config import resolve_database_url
        from storage.database import create_engine, create_session_factory
        from storage.queries.accounts import cli_account

        engine = create_engine(resolve_database_url(settings), pool_size=2)
        try:
            async with create_session_factory(engine).begin() as db:
                try:
                    account = await cli_account(db, args.team)
                except LookupError as exc:  # several workspaces and no --team
                    print(f"walkbot: {exc}", file=sys.stderr)
                    return 2
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


# ── draft flows (proposals) ──


async def _proposal_id(db, account_id, text: str):
    """A full proposal id, or a prefix that names exactly one proposal; None (after saying why) otherwise."""
    import uuid

    from storage.queries.proposals import proposals_with_id_prefix

    try:
        return uuid.UUID(text)
    except ValueError:
        pass
    matches = await proposals_with_id_prefix(db, account_id, text) if len(text) >= 4 else []
    if len(matches) == 1:
        return matches[0].id
    why = "matches several proposals: give more of it" if matches else "is not a proposal id"
    print(f"{text!r} {why}; see walkbot flows proposals", file=sys.stderr)
    return None


async def _review(action) -> int:
    """Run one review step, printing the refusal (which says what to do) instead of a traceback."""
    from bot.proposals.review import NotAllowed

    try:
        return await action()
    except (NotAllowed, LookupError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1


async def _propose(db, account_id, args) -> int:
    from bot.proposals.review import propose_file, stub_ids

    async def go() -> int:
        proposal = await propose_file(db, account_id, args.path)
        stubs = stub_ids(proposal)
        print(
            f"proposed {proposal.slug} as draft {proposal.id}" + (f" ({len(stubs)} stub(s) to review)" if stubs else "")
        )
        return 0

    return await _review(go)


async def _proposals(db, account_id, args) -> int:
    from bot.proposals.review import list_drafts, stub_ids

    drafts = await list_drafts(db, account_id)
    if not drafts:
        print("no draft flows waiting for review")
    for p in drafts:
        created = p.created_at.strftime("%Y-%m-%d %H:%M")
        print(f"{p.id}  {p.slug:32} {p.source:8} {len(stub_ids(p)):>2} stubs  {created}  {p.title}")
    return 0


async def _proposal_export(db, account_id, args) -> int:
    from bot.flows.export import flow_to_yaml
    from bot.proposals.review import proposal_flow
    from storage.queries.proposals import proposal_by_id

    proposal_id = await _proposal_id(db, account_id, args.id)
    proposal = await proposal_by_id(db, account_id, proposal_id) if proposal_id else None
    if proposal is None:
        if proposal_id:
            print(f"no proposal {proposal_id}; see walkbot flows proposals", file=sys.stderr)
        return 1
    sys.stdout.write(flow_to_yaml(proposal_flow(proposal)))
    return 0


async def _proposal_update(db, account_id, args) -> int:
    from bot.proposals.review import stub_ids, update_draft

    proposal_id = await _proposal_id(db, account_id, args.id)
    if proposal_id is None:
        return 1

    async def go() -> int:
        proposal = await update_draft(db, account_id, proposal_id, args.path)
        stubs = stub_ids(proposal)
        left = f"; {len(stubs)} stub(s) still to review" if stubs else "; ready to publish"
        print(f"updated draft {proposal.id} ({proposal.slug}){left}")
        return 0

    return await _review(go)


async def _publish(db, account_id, args) -> int:
    from bot.proposals.review import publish_proposal

    proposal_id = await _proposal_id(db, account_id, args.id)
    if proposal_id is None:
        return 1

    async def go() -> int:
        slug, version = await publish_proposal(db, account_id, proposal_id, reviewer_user_id=None, is_admin=True)
        print(f"published {slug} v{version}")
        return 0

    return await _review(go)


async def _reject(db, account_id, args) -> int:
    from bot.proposals.review import reject_proposal

    proposal_id = await _proposal_id(db, account_id, args.id)
    if proposal_id is None:
        return 1

    async def go() -> int:
        proposal = await reject_proposal(
            db, account_id, proposal_id, reviewer_user_id=None, is_admin=True, reason=args.reason
        )
        print(f"rejected {proposal.slug} ({proposal.id})")
        return 0

    return await _review(go)
