"""A workspace's AI settings changed from the terminal (``walkbot accounts categories|floor``).

The same settings ``/walk settings`` saves in Slack (``bot/walks/actors.save_settings``): the categories
AI-guided walks may be offered in, and the account's extra denied phrases on top of the fixed safety floor.
An account can add to the floor, never take from it. The terminal acts as an admin of the workspace named by
``--team`` (or the only one); each function is one transaction.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.ai.action_classes import FORBIDDEN_CLASS_LABELS
from bot.ai.safety import match_floor
from storage.queries import accounts
from storage.queries.accounts import cli_account


async def ai_categories_of_workspace(
    db: async_sessionmaker[AsyncSession], team: str | None, keys: list[str] | None = None
) -> list[str]:
    """The enabled category keys; with ``keys`` (already checked), replaced by them first."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        if keys is None:
            return [str(k) for k in account.ai_categories or ()]
        await accounts.set_ai_categories(session, account.id, keys)
        return list(keys)


async def floor_denies_of_workspace(
    db: async_sessionmaker[AsyncSession], team: str | None, added: Sequence[str] = (), removed: Sequence[str] = ()
) -> list[str]:
    """The account's extra denied phrases, after adding ``added`` and removing ``removed``.

    Raises ValueError, changing nothing, when a phrase to remove is not one the account added."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        phrases = [str(p) for p in account.floor_denies or ()]
        problems = undeny_problems(list(removed), phrases)
        if problems:
            raise ValueError("; ".join(problems))
        if added or removed:
            phrases = [p for p in phrases if p not in removed] + [p for p in added if p not in phrases]
            await accounts.set_floor_denies(session, account.id, phrases)
        return phrases


def undeny_problems(phrases: list[str], account_phrases: list[str]) -> list[str]:
    """Why each phrase cannot be removed: the account never added it, and it may be part of the fixed floor."""
    floor = {c.value: label for c, label in FORBIDDEN_CLASS_LABELS.items()}
    problems = []
    for phrase in phrases:
        key = phrase.replace(" ", "_")
        if phrase in account_phrases:
            continue  # removing the account's own copy; the fixed floor still applies to it
        if key in floor or match_floor(phrase) is not None:
            label = floor.get(key) or floor[match_floor(phrase)[0].value]
            problems.append(f"'{phrase}' is part of the fixed safety floor ({label}): no account setting removes it")
        else:
            problems.append(f"'{phrase}' is not one of this account's extra denies")
    return problems
