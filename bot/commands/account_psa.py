"""``walkbot accounts --team T psa``: show, set and test a workspace's own PSA connection.

Credentials are never typed on the command line (shell history, process lists): ``--secret NAME`` reads the
value from standard input, one line per name, or prompts without echo on a terminal.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import sys

import aiohttp

from bot.config import ConfigError, Settings, resolve_database_url
from bot.psa.accounts import VENDOR_NAMES, account_psa_settings, check_connection, masked, save_account_psa
from storage.database import create_engine, create_session_factory
from storage.queries import accounts
from storage.secret_box import SecretBox


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
    if not settings.secret_keys:
        raise ConfigError(
            "WALKBOT_SECRET_KEY is not set: PSA credentials are stored encrypted (`walkbot secrets new-key`)"
        )
    box = SecretBox(settings.secret_keys)
    engine = create_engine(resolve_database_url(settings), pool_size=1)
    try:
        factory = create_session_factory(engine)
        async with factory.begin() as db:
            account = await accounts.cli_account(db, args.team)
            if args.kind:
                new_secrets = {name: _read_secret(name) for name in args.secrets}
                try:
                    await save_account_psa(db, box, account.id, args.kind, _pairs(args.settings), new_secrets)
                except ConfigError as exc:
                    print(f"nothing changed: {exc}", file=sys.stderr)
                    return 1
                print(f"{account.slack_team_id} now uses {VENDOR_NAMES[args.kind]}.")
            stored = await accounts.stored_psa(db, account.id)
            parsed = await account_psa_settings(db, box, account.id) if args.test else None
        if stored is not None and stored.configured:
            print(f"PSA: {VENDOR_NAMES.get(stored.kind, stored.kind)}")
            for name, value in sorted(masked(stored, box).items()):
                print(f"  {name:22} {value}")
        else:
            print("PSA: not set for this workspace (the deployment's PSA_KIND applies, if any)")
        if args.test:
            if parsed is None:
                print("nothing to test: set a PSA first (--kind …)", file=sys.stderr)
                return 1
            async with aiohttp.ClientSession() as http:
                worked, message = await check_connection(parsed, http)
            print(message, file=sys.stdout if worked else sys.stderr)
            return 0 if worked else 1
    finally:
        await engine.dispose()
    return 0
