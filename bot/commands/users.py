"""``walkbot users …``: who uses walkbot and with which role; change a role without a restart;
which PSA member each one writes as (``link SLACK_ID PSA_ID`` overrides the email match).

``list`` prints one row per user from ``COLUMNS``: another column (a PSA member, say) is one more
entry there. ``VERBS`` maps each verb to its parser setup, its action and what it runs on (the database, or
the whole Runtime when it asks Slack), so a new verb is one entry.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from bot.commands.database import database
from bot.config import Settings
from bot.walks.role_names import ROLE_LABELS, ROLES

Column = tuple[str, Callable[[Any], str]]  # a user row (storage.models.User) in, a cell out


def psa_member_label(user: Any) -> str:
    """The PSA person this user writes as, and where that came from (see docs/psa.md)."""
    if not user.psa_member_kind:
        return "" if user.email else "(no email: writes as the API user)"
    if user.psa_member_id:
        how = "linked" if user.psa_member_source == "admin" else "by email"
        return f"{user.psa_member_kind} {user.psa_member_id} ({how})"
    if user.psa_member_source == "admin":
        return f"{user.psa_member_kind}: API user (linked)"
    return f"{user.psa_member_kind}: API user (no match for the email)"


# (heading, value) per column of `walkbot users list`.
COLUMNS: list[Column] = [
    ("SLACK ID", lambda u: u.slack_user_id),
    ("NAME", lambda u: u.display_name or u.real_name or "(not looked up yet)"),
    ("EMAIL", lambda u: u.email or ""),
    ("ROLE", lambda u: u.role + (" (deactivated)" if u.deleted else "")),
    ("FROM", lambda u: {"env": "env list", "admin": "set by admin"}.get(u.role_source, "first contact")),
    ("PSA MEMBER", psa_member_label),
]

# A verb: the session factory (or, for one that asks Slack, the Runtime), the settings and the arguments in, the
# exit status out (it calls one use case and prints).
Action = Callable[[Any, Settings, argparse.Namespace], Awaitable[int]]


async def list_users(db: Any, settings: Settings, args: argparse.Namespace) -> int:
    from bot.walks.roles import users_of_workspace

    users = await users_of_workspace(db, args.team)
    if not users:
        print("nobody has used walkbot in this workspace yet")
        return 0
    rows = [[heading for heading, _ in COLUMNS]] + [[value(u) for _, value in COLUMNS] for u in users]
    widths = [max(len(row[i]) for row in rows) for i in range(len(COLUMNS))]
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip())
    return 0


async def set_role(runtime: Any, settings: Settings, args: argparse.Namespace) -> int:
    from bot.install.workspace_bot import workspace_bot
    from bot.walks.roles import RoleRefused, change_role_from_terminal

    client = None
    if not args.unchecked:
        bot = await workspace_bot(runtime, args.team)
        client = bot.client
        if client is None:
            print(f"note: not checked with Slack ({bot.why})", file=sys.stderr)
    try:
        change = await change_role_from_terminal(runtime.db, args.team, args.slack_id, args.role, client=client)
    except RoleRefused as exc:
        unchecked = " (or pass --unchecked to skip the check)" if exc.slack_unanswered else ""
        print(f"nothing changed: {exc}{unchecked}", file=sys.stderr)
        return 1
    was = f" (was {change.previous})" if change.previous and change.previous != change.role else ""
    print(f"{change.slack_user_id} is now {ROLE_LABELS[change.role]}{was}; it applies from their next click.")
    return 0


async def link_member(db: Any, settings: Settings, args: argparse.Namespace) -> int:
    from bot.writeback.authors import link_psa_member

    psa_id = args.psa_id.strip()
    if psa_id.lower() != "none" and not psa_id.isdigit():
        print(f"nothing changed: {psa_id!r} is not a PSA member id; ids are numbers (or 'none')", file=sys.stderr)
        return 1
    member = None if psa_id.lower() == "none" else psa_id
    deployment_kind = (
        "none" if settings.slack.oauth_enabled else settings.psa.kind
    )  # no fallback once installed by OAuth
    link = await link_psa_member(db, args.team, args.slack_id, member, deployment_kind=deployment_kind)
    if link.kind == "none":
        print("nothing changed: this workspace has no PSA (PSA_KIND or `walkbot accounts psa`)", file=sys.stderr)
        return 1
    if not link.linked:
        print(f"nothing changed: walkbot has never seen Slack user {args.slack_id}", file=sys.stderr)
        return 1
    print(f"{args.slack_id} now writes to {link.kind} as {member or 'the API user'}.")
    return 0


def _link_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slack_id", metavar="SLACK_ID", help="the user's Slack id, e.g. U0123ABCD")
    parser.add_argument("psa_id", metavar="PSA_ID", help="member / resource / agent id, or 'none' (the API user)")


def _role_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("slack_id", metavar="SLACK_ID", help="the user's Slack id, e.g. U0123ABCD")
    parser.add_argument("role", metavar="ROLE", help=f"one of {', '.join(ROLES)}")
    parser.add_argument(
        "--unchecked",
        action="store_true",
        help="don't ask Slack first whether SLACK_ID is a person in the workspace (when Slack can't be reached)",
    )


async def with_account(settings: Settings, args: argparse.Namespace, action: Action) -> int:
    """Run one verb on the database; the account is the one --team names (or the only one). Shared with accounts."""
    async with database(settings) as db:
        try:
            return await action(db, settings, args)
        except LookupError as exc:  # no such workspace, or several and no --team
            print(exc, file=sys.stderr)
            return 1


async def with_runtime(settings: Settings, args: argparse.Namespace, action: Action) -> int:
    """The same for a verb that also asks Slack: it gets the Runtime ``walkbot serve`` builds (database, HTTP
    session, the workspaces' bot tokens, renewed when due) instead of the database alone."""
    from bot.runtime import build_runtime

    runtime = await build_runtime(settings)
    try:
        return await action(runtime, settings, args)
    except LookupError as exc:
        print(exc, file=sys.stderr)
        return 1
    finally:
        await runtime.close()


Runner = Callable[[Settings, argparse.Namespace, Action], Awaitable[int]]

VERBS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], Action, Runner]] = {
    "list": ("users and their roles", lambda parser: None, list_users, with_account),
    "role": ("give a user a role (kept across restarts)", _role_arguments, set_role, with_runtime),
    "link": (
        "write to the PSA as this member/resource/agent (overrides the email match)",
        _link_arguments,
        link_member,
        with_account,
    ),
}


def register(sub: argparse._SubParsersAction) -> None:
    users = sub.add_parser("users", help="who uses walkbot, and their roles")
    users.add_argument("--team", help="Slack team id of the account (default: the only one)")
    verbs = users.add_subparsers(dest="verb", required=True)
    for name, (help_text, arguments, action, runner) in VERBS.items():
        parser = verbs.add_parser(name, help=help_text)
        arguments(parser)
        parser.set_defaults(run=lambda s, a, action=action, runner=runner: asyncio.run(runner(s, a, action)))
