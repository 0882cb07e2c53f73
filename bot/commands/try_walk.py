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
CLI_USER_PREFIX = "cli:"


def register(sub: argparse._SubParsersAction) -> None:
    cmd = sub.add_parser("try", help="walk a published flow in the terminal (stores a real walk)")
    cmd.add_argument("slug", metavar="FLOW_SLUG")
    cmd.add_argument("--ticket", help="PSA ticket number, or INT-N (default: a new internal ticket)")
    cmd.add_argument("--as", dest="as_name", metavar="NAME", help="who is walking (default: your login name)")
    cmd.add_argument("--team", help="Slack team id of the account (default: the only one)")
    cmd.set_defaults(run=run_try)


def run_try(settings: Settings, args: argparse.Namespace) -> int:
    from bot.psa.ticket_refs import parse_ticket_word
    from bot.walks.command_text import INTERNAL_TICKET

    ticket = None
    if args.ticket:
        ref = parse_ticket_word(args.ticket)
        if ref is not None and ref.ticket_id.isdigit():  # a number, #number or ticket link
            ticket = ("psa", ref.ticket_id)
        elif match := INTERNAL_TICKET.match(args.ticket.strip()):
            ticket = ("internal", match.group(1).upper())
        else:
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
    from bot.psa.models import Ticket
    from bot.runtime import build_runtime
    from bot.terminal.console import Console
    from bot.terminal.session import TerminalWalk, run_walk
    from bot.walks.actors import actor_of
    from bot.walks.starting import create_walk
    from bot.walks.tickets import new_internal_ticket, ticket_from_snapshot
    from storage.queries import sessions, trees
    from storage.queries.accounts import cli_account, user_for_slack_id

    runtime = await build_runtime(settings)
    try:
        async with runtime.db.begin() as db:
            account = await cli_account(db, team)
            tree = await trees.latest_version(db, account.id, slug)
            if tree is None:
                print(NO_FLOW.format(slug=slug), file=sys.stderr)
                return 1
            user = await user_for_slack_id(db, account.id, (CLI_USER_PREFIX + name)[:32], display_name=name)
            actor = actor_of(account, user)
            kind, ticket_id = ticket or ("internal", await sessions.next_internal_ticket_id(db))
            if kind == "internal":
                snapshot = await sessions.latest_ticket_snapshot(db, account.id, ticket_id, "internal")
                found = ticket_from_snapshot(snapshot) if snapshot else None
                walked = found or new_internal_ticket(ticket_id, f"Trying {tree.title}")
            else:  # not looked up: trying a flow must not depend on the PSA being reachable
                walked = Ticket(id=ticket_id, kind="psa", psa=settings.psa.kind, summary="")
            # The same creation as `/walk TICKET FLOW` in Slack; only the card is not posted.
            first = (await create_walk(runtime, db, actor, walked, slug, channel_id="")).stepped
        connection = await runtime.psa.connection_for(account.id)
        walk = TerminalWalk(
            account_id=account.id,
            session_id=first.session.id,
            actor=user.slack_user_id,
            psa_kind=connection.kind if connection else "none",
            status_on_resolve=connection.status_on_resolve if connection else None,
        )
        console = Console()
        console.say(f"Walking {tree.title} (v{tree.version}) on {ticket_id} as {name}; session {walk.session_id}")
        console.say("Type ? for help.")
        await run_walk(runtime.db, walk, first, console)
        return 0
    finally:
        await runtime.close()
