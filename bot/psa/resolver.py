"""Which PSA serves an account: a resolver from account to client, so per-account connections can come later.

Today one connection, configured from the environment (``PSA_KIND``), serves every account.
Callers ask the resolver for the account they work for and never hold a client of their own.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Protocol

from bot.psa.client import PSAClient


@dataclass(frozen=True)
class PSAConnection:
    """A PSA client and what walkbot does with it for this account (the status set when a walk resolves)."""

    client: PSAClient
    status_on_resolve: str | None = None

    @property
    def kind(self) -> str:
        return self.client.kind


class PSAResolver(Protocol):
    async def connection_for(self, account_id: uuid.UUID) -> PSAConnection | None:
        """The account's PSA connection; None when it has no PSA (walks run on internal tickets only)."""
        ...

    async def close(self) -> None: ...


class OnePSA:
    """The same connection (or none) for every account: the single-workspace set-up from the environment."""

    def __init__(self, client: PSAClient | None, status_on_resolve: str | None = None) -> None:
        self._connection = PSAConnection(client, status_on_resolve) if client is not None else None

    async def connection_for(self, account_id: uuid.UUID) -> PSAConnection | None:
        return self._connection

    async def close(self) -> None:
        if self._connection is not None:
            await self._connection.client.close()
