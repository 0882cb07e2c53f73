"""``walkbot accounts list`` and ``walkbot accounts delete``: the workspaces in this database, and removing one.

An uninstalled workspace's account is kept (inactive) so a reinstall finds its walks and flows again;
deleting it is a separate, deliberate step that asks the operator to type the team id back.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.commands.database import database
from bot.config import Settings


def register_verbs(verbs: argparse._SubParsersAction) -> None:
    listing = verbs.add_parser("list", help="every workspace in this database, active or not")
    listing.set_defaults(run=lambda s, a: asyncio.run(_list(s)))
    channel = verbs.add_parser("channel", help="show or set the engineers' channel (handoff cards)")
    channel.add_argument("--set", dest="channel_id", metavar="CHANNEL_ID", help="the channel id, e.g. C0123ABCD")
    channel.set_defaults(run=lambda s, a: asyncio.run(_channel(s, a)))
    delete = verbs.add_parser("delete", help="delete a workspace's account and all its data (asks to confirm)")
    delete.add_argument("--yes", action="store_true", help="do not ask (scripts); the team id must still be given")
    delete.set_defaults(run=lambda s, a: asyncio.run(_delete(s, a)))


async def _list(settings: Settings) -> int:
    from bot.install.accounts import workspaces

    async with database(settings, pool_size=1) as db:
        rows = await workspaces(db)
    if not rows:
        print("No workspace yet: install walkbot in Slack, or run `walkbot flows import` to create the local one.")
    for account in rows:
        state = "active" if account.active else f"inactive since {account.deactivated_at:%Y-%m-%d %H:%M}"
        print(f"{account.slack_team_id:14} {account.psa_kind:12} {state:32} {account.name}")
    return 0


async def _channel(settings: Settings, args: argparse.Namespace) -> int:
    from bot.walks.roles import engineer_channel_of_workspace

    async with database(settings, pool_size=1) as db:
        try:
            channel = await engineer_channel_of_workspace(db, args.team, args.channel_id)
        except (LookupError, ValueError) as exc:
            print(exc, file=sys.stderr)
            return 1
    print(f"engineers' channel: {channel or 'not set (escalating posts no handoff card)'}")
    return 0


async def _delete(settings: Settings, args: argparse.Namespace) -> int:
    from bot.install.accounts import delete_workspace, workspace

    if not args.team:
        print(
            "say which workspace: walkbot accounts --team TEAM_ID delete (see `walkbot accounts list`)", file=sys.stderr
        )
        return 2
    async with database(settings, pool_size=1) as db:
        account = await workspace(db, args.team)
        if account is None:
            print(f"no workspace {args.team} in this database (see `walkbot accounts list`)", file=sys.stderr)
            return 1
        if not args.yes:
            print(
                f"This deletes every walk, flow, escalation and queued PSA note of {account.name or args.team} "
                f"({args.team}). It cannot be undone. Type the team id to confirm: ",
                end="",
                flush=True,
            )
            if sys.stdin.readline().strip() != args.team:
                print("not confirmed; nothing was deleted", file=sys.stderr)
                return 1
        counts = await delete_workspace(db, args.team) or {}
    removed = ", ".join(f"{n} {table}" for table, n in counts.items() if n)
    print(f"deleted workspace {args.team}" + (f" ({removed})" if removed else ""))
    return 0
