"""``walkbot secrets new-key`` and ``walkbot secrets rotate``: the keys that seal secrets at rest.

Rotation, step by step: make a key (``new-key``), put it FIRST in WALKBOT_SECRET_KEY and keep the old one
after it (``NEW,OLD``), restart walkbot (it now seals with NEW and still opens OLD), run ``rotate`` (every
stored secret is re-sealed with NEW), then drop OLD from the list.
"""

from __future__ import annotations

import argparse
import asyncio

from bot.commands.database import database
from bot.config import ConfigError, Settings


def register(sub: argparse._SubParsersAction) -> None:
    secrets = sub.add_parser("secrets", help="keys for secrets at rest (WALKBOT_SECRET_KEY)")
    verbs = secrets.add_subparsers(dest="verb", required=True)
    make = verbs.add_parser("new-key", help="print a new key for WALKBOT_SECRET_KEY")
    make.set_defaults(run=_new_key)
    rotate = verbs.add_parser("rotate", help="re-seal every stored secret with the first key in WALKBOT_SECRET_KEY")
    rotate.set_defaults(run=lambda s, a: asyncio.run(_rotate(s)))


def _new_key(settings: Settings, args: argparse.Namespace) -> int:
    from bot.install.accounts import new_secret_key

    print(new_secret_key())
    return 0


async def _rotate(settings: Settings) -> int:
    from bot.install.accounts import reseal_secrets

    if not settings.secret_keys:
        raise ConfigError("WALKBOT_SECRET_KEY is not set: there is nothing to rotate to (`walkbot secrets new-key`)")
    async with database(settings, pool_size=1) as db:
        psa, slack = await reseal_secrets(db, settings.secret_keys)
    print(f"re-sealed {psa} PSA credential set(s) and {slack} Slack token(s) with the first key of WALKBOT_SECRET_KEY")
    if len(settings.secret_keys) > 1:
        print("the other keys are no longer needed: remove them from WALKBOT_SECRET_KEY")
    return 0
