"""slack_sdk's SQLAlchemy OAuth stores on walkbot's PostgreSQL, with every token sealed at rest.

slack_sdk's installation store keeps bot and user tokens in plain text; ``SealedInstallationStore`` wraps
it so tokens are Fernet-sealed on the way in and opened on the way out. Bolt (and ``walkbot``) only ever see
the wrapper. The tables come from migration 0012, never from the stores' ``create_tables``.
"""

from __future__ import annotations

import copy
import logging
from typing import Any

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from storage.secret_box import SecretBox

log = logging.getLogger(__name__)

# Owned by slack_sdk's stores (their columns are theirs): alembic's model comparison skips them, and
# tests/storage/test_slack_stores.py checks the migration gives them every column slack_sdk reads.
SLACK_SDK_TABLES = frozenset({"slack_installations", "slack_bots", "slack_oauth_states"})

# Fields of an Installation (and of a Bot) that are credentials.
_INSTALLATION_SECRETS = ("bot_token", "bot_refresh_token", "user_token", "user_refresh_token")
_BOT_SECRETS = ("bot_token", "bot_refresh_token")


def _sealed(obj: Any, fields: tuple[str, ...], transform) -> Any:
    result = copy.copy(obj)
    for name in fields:
        value = getattr(result, name, None)
        if value:
            setattr(result, name, transform(value))
    return result


class SealedInstallationStore(AsyncInstallationStore):
    """The AsyncInstallationStore Bolt is given: slack_sdk's SQLAlchemy store, tokens sealed."""

    def __init__(self, client_id: str, engine: AsyncEngine, box: SecretBox) -> None:
        self.inner = AsyncSQLAlchemyInstallationStore(client_id=client_id, engine=engine, logger=log)
        self.box = box

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_save(self, installation: Installation) -> None:
        await self.inner.async_save(_sealed(installation, _INSTALLATION_SECRETS, self.box.seal))

    async def async_save_bot(self, bot: Bot) -> None:
        await self.inner.async_save_bot(_sealed(bot, _BOT_SECRETS, self.box.seal))

    async def async_find_bot(
        self, *, enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None = False
    ) -> Bot | None:
        bot = await self.inner.async_find_bot(
            enterprise_id=enterprise_id, team_id=team_id, is_enterprise_install=is_enterprise_install
        )
        return _sealed(bot, _BOT_SECRETS, self.box.open) if bot is not None else None

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        found = await self.inner.async_find_installation(
            enterprise_id=enterprise_id, team_id=team_id, user_id=user_id, is_enterprise_install=is_enterprise_install
        )
        return _sealed(found, _INSTALLATION_SECRETS, self.box.open) if found is not None else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.inner.async_delete_bot(enterprise_id=enterprise_id, team_id=team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        await self.inner.async_delete_installation(enterprise_id=enterprise_id, team_id=team_id, user_id=user_id)

    async def async_delete_all(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self.inner.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)


def oauth_state_store(engine: AsyncEngine, expiration_seconds: int) -> AsyncSQLAlchemyOAuthStateStore:
    """One-time ``state`` values for the install redirect, in slack_oauth_states (expired ones are refused)."""
    return AsyncSQLAlchemyOAuthStateStore(expiration_seconds=expiration_seconds, engine=engine, logger=log)


async def reseal_slack_tokens(conn: AsyncConnection, box: SecretBox) -> int:
    """Re-seal every stored Slack token with the newest key (``walkbot secrets rotate``); returns how many."""
    store = AsyncSQLAlchemyInstallationStore(client_id="", engine=conn.engine)  # for its table objects only
    count = 0
    for table, fields in ((store.installations, _INSTALLATION_SECRETS), (store.bots, _BOT_SECRETS)):
        columns = [table.c[name] for name in fields]
        rows = (await conn.execute(select(table.c.id, *columns).with_for_update())).mappings().all()
        for row in rows:
            values = {name: box.reseal(row[name]) for name in fields if row[name]}
            if values:
                await conn.execute(update(table).where(table.c.id == row["id"]).values(**values))
                count += len(values)
    return count
