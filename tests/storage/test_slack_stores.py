"""slack_sdk's OAuth stores on our tables: every column they read exists, and tokens are sealed at rest."""

from datetime import UTC, datetime

import psycopg
import pytest
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import AsyncSQLAlchemyInstallationStore
from slack_sdk.oauth.state_store.sqlalchemy import AsyncSQLAlchemyOAuthStateStore

from storage.secret_box import SecretBox, SecretUnreadable, new_key
from storage.slack_stores import SealedInstallationStore, oauth_state_store, reseal_slack_tokens


def _columns(url: str, table: str) -> set[str]:
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT column_name FROM information_schema.columns WHERE table_name = %s", (table,))
        return {r[0] for r in rows}


def test_the_migration_gives_slack_sdk_every_column_its_stores_use(database_url, db_engine):
    store = AsyncSQLAlchemyInstallationStore(client_id="x", engine=db_engine)
    states = AsyncSQLAlchemyOAuthStateStore(expiration_seconds=60, engine=db_engine)
    for table in (store.installations, store.bots, states.oauth_states):
        assert set(table.c.keys()) <= _columns(database_url, table.name), table.name


def _installation(token: str = "xoxb-1111-secret-bot-token") -> Installation:
    return Installation(
        app_id="A1",
        team_id="T_ONE",
        team_name="One",
        bot_token=token,
        bot_id="B1",
        bot_user_id="UB1",
        bot_scopes="commands,chat:write",
        user_id="U_INSTALLER",
        installed_at=datetime.now(UTC).timestamp(),
    )


async def test_tokens_are_stored_sealed_and_come_back_plain(database_url, db_engine, db):
    box = SecretBox([new_key()])
    store = SealedInstallationStore("CLIENT", db_engine, box)
    await store.async_save(_installation())
    with psycopg.connect(database_url) as conn:
        stored = [
            r[0]
            for r in conn.execute(
                "SELECT bot_token FROM slack_installations UNION ALL SELECT bot_token FROM slack_bots"
            )
        ]
    assert len(stored) == 2
    assert all("xoxb" not in token for token in stored)
    found = await store.async_find_installation(enterprise_id=None, team_id="T_ONE")
    assert found.bot_token == "xoxb-1111-secret-bot-token"
    bot = await store.async_find_bot(enterprise_id=None, team_id="T_ONE")
    assert bot.bot_token == "xoxb-1111-secret-bot-token"


async def test_a_token_sealed_under_another_key_is_refused_without_showing_it(db_engine, db):
    await SealedInstallationStore("CLIENT", db_engine, SecretBox([new_key()])).async_save(_installation())
    stranger = SealedInstallationStore("CLIENT", db_engine, SecretBox([new_key()]))
    with pytest.raises(SecretUnreadable) as refused:
        await stranger.async_find_bot(enterprise_id=None, team_id="T_ONE")
    assert "xoxb" not in str(refused.value)


async def test_reseal_moves_every_token_to_the_new_key(db_engine, db):
    old, new = new_key(), new_key()
    await SealedInstallationStore("CLIENT", db_engine, SecretBox([old])).async_save(_installation())
    async with db_engine.begin() as conn:
        assert await reseal_slack_tokens(conn, SecretBox([new, old])) == 2
    only_new = SealedInstallationStore("CLIENT", db_engine, SecretBox([new]))
    assert (await only_new.async_find_bot(enterprise_id=None, team_id="T_ONE")).bot_token.startswith("xoxb-1111")


async def test_an_oauth_state_is_good_once_and_not_after_it_expires(db_engine, db):
    store = oauth_state_store(db_engine, expiration_seconds=60)
    state = await store.async_issue()
    assert await store.async_consume(state)
    assert not await store.async_consume(state)
    expired = await oauth_state_store(db_engine, expiration_seconds=-1).async_issue()
    assert not await store.async_consume(expired)
