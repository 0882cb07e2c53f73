"""``walkbot accounts --team T psa``: show, set and test a workspace's own PSA connection.

Credentials are never typed on the command line (shell history, process lists): ``--secret NAME`` reads the
value from standard input, one line per name, or prompts without echo on a terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

from bot.commands.database import database
from bot.config import ConfigError, Settings
from bot.psa.vendors import VENDOR_NAMES


def register_verbs(verbs: argparse._SubParsersAction) -> None:
    psa = verbs.add_parser("psa", help="show, set or test this workspace's own PSA connection")
    psa.add_argument("--kind", choices=sorted(VENDOR_NAMES), help="the PSA (its settings replace the old ones)")
    psa.add_argument(
        "--set",
        dest="settings",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="a setting, e.g. HALO_BASE_URL=https://acme.halopsa.com (repeat)",
    )
    psa.add_argument(
        "--secret",
        dest="secrets",
        action="append",
        default=[],
        metavar="NAME",
        help="a credential to set, read from standard input (repeat); others are kept",
    )
    psa.add_argument("--test", action="store_true", help="one read call with the stored settings")
    psa.set_defaults(run=lambda s, a: asyncio.run(_psa(s, a)))


def _pairs(items: list[str]) -> dict[str, str]:
    pairs = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep:
            raise ConfigError(f"--set {item!r} must be NAME=VALUE")
        pairs[name.strip()] = value.strip()
    return pairs


def _read_secret(name: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(f"{name}: ")
    return sys.stdin.readline().rstrip("\n")


async def _psa(settings: Settings, args: argparse.Namespace) -> int:
    from bot.install.accounts import workspace_psa

    if not settings.secret_keys:
        raise ConfigError(
            "WALKBOT_SECRET_KEY is not set: PSA credentials are stored encrypted (`walkbot secrets new-key`)"
        )
    pairs = _pairs(args.settings) if args.kind else {}
    new_secrets = {name: _read_secret(name) for name in args.secrets} if args.kind else {}
    async with database(settings, pool_size=1) as db:
        try:
            psa = await workspace_psa(
                db,
                settings.secret_keys,
                args.team,
                kind=args.kind,
                settings=pairs,
                new_secrets=new_secrets,
                parse=args.test,
            )
        except ConfigError as exc:
            print(f"nothing changed: {exc}", file=sys.stderr)
            return 1
        except LookupError as exc:  # no such workspace, or several and no --team
            print(exc, file=sys.stderr)
            return 1
    if args.kind:
        print(f"{psa.team_id} now uses {VENDOR_NAMES[args.kind]}.")
    if psa.kind is not None:
        print(f"PSA: {VENDOR_NAMES.get(psa.kind, psa.kind)}")
        for name, value in sorted(psa.shown.items()):
            print(f"  {name:22} {value}")
    else:
        print("PSA: not set for this workspace (the deployment's PSA_KIND applies, if any)")
    if args.test:
        return await _test(psa.parsed)
    return 0


async def _test(parsed) -> int:
    """One read call with the stored settings, after the transaction."""
    import aiohttp

    from bot.psa.accounts import check_connection

    if parsed is None:
        print("nothing to test: set a PSA first (--kind …)", file=sys.stderr)
        return 1
    async with aiohttp.ClientSession() as http:
        worked, message = await check_connection(parsed, http)
    print(message, file=sys.stdout if worked else sys.stderr)
    return 0 if worked else 1
