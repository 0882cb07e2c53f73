"""``walkbot try FLOW_SLUG``: walk a published flow in the terminal, on the same engine and database as Slack.

It is how an author tests a flow without Slack, and it stores a real session row (an
internal ticket unless ``--ticket`` names a PSA ticket), so the walk shows up in
``/walk mine`` and can be finished there.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from bot.config import Settings

NO_FLOW = "no published flow {slug!r}: walkbot flows import flows/ first, see walkbot flows list"
BAD_TICKET = "--ticket {ticket!r} is neither a PSA ticket number (12345) nor an internal ticket (INT-7)"


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("try", help="walk a published flow in the terminal (stores a real walk)")
    cmd.add_argument("slug", metavar="FLOW_SLUG")
    cmd.add_argument("--ticket", help="PSA ticket number, or INT-N (default: a new internal ticket)")
    cmd.add_argument("--as", dest="as_name", metavar="NAME", help="who is walking (default: your login name)")
    cmd.add_argument("--team", help="Slack team id of the account (default: the only one)")
    cmd.set_defaults(run=run_try)


def run_try(settings: Settings, args: argparse.Namespace) -> int:
    from bot.walks.trying import ticket_to_try

    try:
        ticket = ticket_to_try(args.ticket) if args.ticket else None
    except ValueError:
        print(BAD_TICKET.format(ticket=args.ticket), file=sys.stderr)
        return 2
    name = (args.as_name or _login_name()).strip() or "terminal"
    return asyncio.run(_try(settings, args.slug, ticket, name, args.team))


def _login_name() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return "terminal"


async def _try(settings: Settings, slug: str, ticket: tuple[str, str] | None, name: str, team: str | None) -> int:
    from bot.runtime import build_runtime
    from bot.terminal.console import Console
    from bot.terminal.session import TerminalWalk, run_walk
    from bot.walks.trying import NoSuchFlow, try_flow

    runtime = await build_runtime(settings)
    try:
        try:
            tried = await try_flow(runtime, slug, ticket, name, team)
        except NoSuchFlow:
            print(NO_FLOW.format(slug=slug), file=sys.stderr)
            return 1
        walk = TerminalWalk(
            account_id=tried.account_id,
            session_id=tried.first.session.id,
            actor=tried.actor,
            psa_kind=tried.psa_kind,
            status_on_resolve=tried.status_on_resolve,
        )
        console = Console()
        console.say(
            f"Walking {tried.flow_title} (v{tried.flow_version}) on {tried.ticket_id} as {name}; "
            f"session {walk.session_id}"
        )
        console.say("Type ? for help.")
        await run_walk(runtime.db, walk, tried.first, console)
        return 0
    finally:
        await runtime.close()
