"""How walks are written back to the PSA, as an operator sets it from the terminal (``walkbot accounts writeback``).

Statuses are checked against the PSA before anything is saved: ConnectWise's per board, Autotask's picklist,
Halo's status list. The account is read, the PSA asked, then the account written, each in its own step, so no
transaction waits on the PSA.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import PSASettings
from bot.psa.accounts import account_psa_settings
from bot.psa.errors import PSAError
from bot.psa.factory import build_psa_client
from bot.psa.writeback_settings import WritebackSettings
from storage.queries.accounts import cli_account
from storage.queries.psa_writeback import set_writeback, writeback_of
from storage.secret_box import SecretBox


class WritebackRefused(ValueError):
    """Nothing was saved; the message says why, ``problems`` lists each status the PSA does not know."""

    def __init__(self, message: str, problems: Sequence[str] = ()) -> None:
        super().__init__(message)
        self.problems = list(problems)


@dataclass(frozen=True)
class AccountWriteback:
    account_id: uuid.UUID
    settings: WritebackSettings
    psa: PSASettings  # the workspace's own PSA when it has one (its statuses are checked there), else the deployment's


async def writeback_of_workspace(
    db: async_sessionmaker[AsyncSession], team: str | None, deployment_psa: PSASettings, secret_keys: Sequence[str]
) -> AccountWriteback:
    async with db.begin() as session:
        account = await cli_account(session, team)
        current = WritebackSettings.from_json(await writeback_of(session, account.id))
        own = await account_psa_settings(session, SecretBox(list(secret_keys)), account.id) if secret_keys else None
    return AccountWriteback(account.id, current, own or deployment_psa)


async def change_writeback(
    db: async_sessionmaker[AsyncSession], current: AccountWriteback, wanted: WritebackSettings
) -> None:
    """Save ``wanted`` once the PSA knows every status it names. Raises WritebackRefused, saving nothing."""
    async with aiohttp.ClientSession() as http:
        client = build_psa_client(current.psa, http)
        if client is None and wanted.statuses():
            raise WritebackRefused("no PSA is configured (PSA_KIND), so statuses can't be checked")
        try:
            problems = await status_problems(client, wanted) if client is not None else []
        except PSAError as exc:
            raise WritebackRefused(f"the statuses could not be checked: {exc}") from exc
    if problems:
        raise WritebackRefused("the PSA does not know these statuses", problems)
    async with db.begin() as session:
        await set_writeback(session, current.account_id, wanted.to_json())


async def status_problems(client, settings: WritebackSettings) -> list[str]:
    """Every configured status the PSA doesn't know, in words (empty: all fine)."""
    problems = []
    for name, status in settings.statuses().items():
        problem = await client.check_status(status)
        if problem:
            problems.append(f"{name.replace('_', ' ')} {status!r}: {problem}")
    return problems
