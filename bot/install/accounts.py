"""Workspaces as an operator manages them from the terminal (``walkbot accounts list|delete|psa``,
``walkbot secrets rotate``): each function is one transaction, and no PSA is called inside one.

An uninstalled workspace's account is kept (inactive) so a reinstall finds its walks and flows again;
deleting it is a separate, deliberate step (the command asks the operator to type the team id back).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import PSASettings
from bot.psa.accounts import account_psa_settings, masked, save_account_psa
from storage.models import Account
from storage.queries import accounts
from storage.queries.accounts import cli_account
from storage.secret_box import SecretBox, new_key
from storage.slack_stores import reseal_slack_tokens


async def workspaces(db: async_sessionmaker[AsyncSession]) -> list[Account]:
    """Every workspace in this database, active or not, oldest first."""
    async with db.begin() as session:
        return await accounts.all_accounts(session)


async def workspace(db: async_sessionmaker[AsyncSession], team: str) -> Account | None:
    async with db.begin() as session:
        return await accounts.find_account(session, team)


async def delete_workspace(db: async_sessionmaker[AsyncSession], team: str) -> dict[str, int] | None:
    """Delete the workspace's account and every row of it; rows deleted per table (None: no such workspace)."""
    async with db.begin() as session:
        account = await accounts.find_account(session, team)
        return None if account is None else await accounts.delete_account(session, account)


@dataclass(frozen=True)
class WorkspacePSA:
    account_id: uuid.UUID
    team_id: str
    kind: str | None  # None: the workspace never chose a PSA (the deployment's PSA_KIND applies, if any)
    shown: dict[str, str]  # its settings, credentials masked
    parsed: PSASettings | None  # the stored connection, parsed (to test it), when asked for


async def workspace_psa(
    db: async_sessionmaker[AsyncSession],
    secret_keys: Sequence[str],
    team: str | None,
    *,
    kind: str | None = None,
    settings: Mapping[str, str] | None = None,
    new_secrets: Mapping[str, str] | None = None,
    parse: bool = False,
) -> WorkspacePSA:
    """The workspace's own PSA connection; with ``kind``, replaced first (credentials not given again are kept).
    Raises ConfigError, storing nothing, for settings that don't parse."""
    box = SecretBox(list(secret_keys))
    async with db.begin() as session:
        account = await cli_account(session, team)
        if kind:
            await save_account_psa(session, box, account.id, kind, settings or {}, new_secrets or {})
        stored = await accounts.stored_psa(session, account.id)
        parsed = await account_psa_settings(session, box, account.id) if parse else None
    configured = stored is not None and stored.configured
    return WorkspacePSA(
        account_id=account.id,
        team_id=account.slack_team_id,
        kind=stored.kind if configured else None,
        shown=masked(stored, box) if configured else {},
        parsed=parsed,
    )


async def reseal_secrets(db: async_sessionmaker[AsyncSession], secret_keys: Sequence[str]) -> tuple[int, int]:
    """Re-seal every stored secret with the first key; returns (PSA credential sets, Slack tokens).

    One transaction: a key that opens nothing stops the rotation with every secret as it was."""
    box = SecretBox(list(secret_keys))
    async with db.begin() as session:
        psa = await accounts.reseal_psa_secrets(session, box)
        slack = await reseal_slack_tokens(await session.connection(), box)
    return psa, slack


def new_secret_key() -> str:
    """A new key for WALKBOT_SECRET_KEY (``walkbot secrets new-key``)."""
    return new_key()
