"""``walkbot secrets new-key`` and ``walkbot secrets rotate``: the keys that seal secrets at rest.

Rotation, step by step: make a key (``new-key``), put it FIRST in WALKBOT_SECRET_KEY and keep the old one
after it (``NEW,OLD``), restart walkbot (it now seals with NEW and still opens OLD), run ``rotate`` (every
stored secret is re-sealed with NEW), then drop OLD from the list.
"""

from __future__ import annotations

import argparse
import asyncio

from bot.config import ConfigError, Settings, resolve_database_url
from storage.database import create_engine, create_session_factory
from storage.queries.accounts import reseal_psa_secrets
from storage.secret_box import SecretBox, new_key
from storage.slack_stores import reseal_slack_tokens


def register(sub: argparse._SubParsersAction) -> None:
    secrets = sub.add_parser("secrets", help="keys for secrets at rest (WALKBOT_SECRET_KEY)")
    verbs = secrets.add_subparsers(dest="verb", required=True)
    make = verbs.add_parser("new-key", help="print a new key for WALKBOT_SECRET_KEY")
    make.set_defaults(run=lambda s, a: print(new_key()) or 0)
    rotate = verbs.add_parser("rotate", help="re-seal every stored secret with the first key in WALKBOT_SECRET_KEY")
    rotate.set_defaults(run=lambda s, a: asyncio.run(_rotate(s)))


async def _rotate(settings: Settings) -> int:
    if not settings.secret_keys:
        raise ConfigError("WALKBOT_SECRET_KEY is not set: there is nothing to rotate to (`walkbot secrets new-key`)")
    box = SecretBox(settings.secret_keys)
    engine = create_engine(resolve_database_url(settings), pool_size=1)
    try:
        # One transaction: a key that opens nothing stops the rotation with every secret as it was.
        async with create_session_factory(engine).begin() as db:
            psa = await reseal_psa_secrets(db, box)
            slack = await reseal_slack_tokens(await db.connection(), box)
    finally:
        await engine.dispose()
    print(f"re-sealed {psa} PSA credential set(s) and {slack} Slack token(s) with the first key of WALKBOT_SECRET_KEY")
    if len(settings.secret_keys) > 1:
        print("the other keys are no longer needed: remove them from WALKBOT_SECRET_KEY")
    return 0
