"""``walkbot accounts …``: account settings an operator changes from the terminal.

``categories`` shows or sets where AI-guided walks may be offered. The hard safety floor
(registry edits, deleting data, security software…) is not a category: it is enforced in
code on every AI step, and no setting here can enable it. ``floor`` shows the fixed floor
and adds or removes the account's own extra denied phrases (an MSP whose L1 may not touch
the RMM agent denies "rmm agent"): an account can add to the floor, never take from it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from bot.commands import account_lifecycle, account_psa, psa_settings
from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    accounts = sub.add_parser("accounts", help="account settings")
    accounts.add_argument("--team", help="Slack team id of the account (default: the only one)")
    verbs = accounts.add_subparsers(dest="verb", required=True)
    cats = verbs.add_parser("categories", help="show or set the categories AI-guided walks may be offered in")
    cats.add_argument(
        "--set",
        dest="keys",
        metavar="KEY,KEY,…",
        help="replace the enabled categories with these keys (an empty string disables AI-guided walks)",
    )
    cats.set_defaults(run=lambda s, a: asyncio.run(_with_account(s, a, _categories)))
    psa_settings.register_verb(verbs)
    floor = verbs.add_parser("floor", help="show the safety floor; add or remove this account's extra denied phrases")
    floor.add_argument("--deny", metavar="PHRASE,PHRASE,…", help="add phrases AI-built steps may never mention")
    floor.add_argument("--undeny", metavar="PHRASE,PHRASE,…", help="remove phrases this account added earlier")
    floor.set_defaults(run=lambda s, a: asyncio.run(_with_account(s, a, _floor)))
    account_lifecycle.register_verbs(verbs)
    account_psa.register_verbs(verbs)


def parse_category_keys(text: str) -> list[str]:
    """The keys of a comma-separated list, in order, without repeats. Raises ValueError naming every bad key."""
    from bot.ai.action_classes import FORBIDDEN_CLASS_LABELS
    from bot.ai.categories import ALL_CATEGORIES

    floor = {c.value: label for c, label in FORBIDDEN_CLASS_LABELS.items()}
    keys: list[str] = []
    problems: list[str] = []
    for raw in text.split(","):
        key = raw.strip().lower()
        if not key or key in keys:
            continue
        if key in floor:
            problems.append(
                f"'{key}' is part of the hard safety floor ({floor[key]}), not a category: "
                "AI steps of that kind are never shown to L1 and no setting can enable them"
            )
        elif key not in ALL_CATEGORIES:
            problems.append(f"unknown category '{key}'")
        else:
            keys.append(key)
    if problems:
        known = ", ".join(ALL_CATEGORIES)
        raise ValueError("; ".join(problems) + f". Categories are: {known}")
    return keys


async def _with_account(settings: Settings, args: argparse.Namespace, action) -> int:
    from bot.commands.users import with_account

    return await with_account(settings, args, action)


async def _categories(db, settings: Settings, args: argparse.Namespace) -> int:
    from bot.ai.categories import ALL_CATEGORIES, category_label
    from bot.walks.account_settings import ai_categories_of_workspace

    keys = None
    if args.keys is not None:
        try:
            keys = parse_category_keys(args.keys)
        except ValueError as exc:
            print(f"nothing changed: {exc}", file=sys.stderr)
            return 1
    enabled = await ai_categories_of_workspace(db, args.team, keys)
    if keys is not None:
        print(f"AI-guided walks are now offered in {len(enabled)} categor{'y' if len(enabled) == 1 else 'ies'}.")
    if not enabled:
        print("AI-guided walks are off: no category is enabled (walkbot accounts categories --set KEY,…).")
    else:
        print("Enabled for AI-guided walks:")
        for key in enabled:
            print(f"  {key:22} {category_label(key)}")
    available = [k for k in ALL_CATEGORIES if k not in enabled]
    if available:
        print("Not enabled:")
        for key in available:
            print(f"  {key:22} {category_label(key)}")
    return 0


async def _floor(db, settings: Settings, args: argparse.Namespace) -> int:
    from bot.ai.action_classes import FORBIDDEN_CLASS_LABELS
    from bot.ai.safety import parse_floor_denies
    from bot.walks.account_settings import floor_denies_of_workspace

    try:
        added = parse_floor_denies(args.deny) if args.deny is not None else []
        removed = parse_floor_denies(args.undeny) if args.undeny is not None else []
        phrases = await floor_denies_of_workspace(db, args.team, added, removed)
    except ValueError as exc:
        print(f"nothing changed: {exc}", file=sys.stderr)
        return 1
    if added or removed:
        print(f"Extra denies saved: {len(phrases)} phrase{'' if len(phrases) == 1 else 's'}.")
    print("The fixed safety floor (never shown to L1, no setting lifts it; see docs/safety.md):")
    for cls, label in FORBIDDEN_CLASS_LABELS.items():
        print(f"  {cls.value:22} {label}")
    if phrases:
        print("This account also denies AI-built steps that mention:")
        for phrase in phrases:
            print(f"  {phrase}")
    else:
        print("This account adds no extra denies (walkbot accounts floor --deny PHRASE,…).")
    return 0
