"""Background work in a workspace installed by OAuth with Slack's token rotation: a bot token that expired (or
expires within Bolt's margin) is renewed with its refresh token before the work calls Slack, and the new token is
stored sealed, as the install stored it."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import aiohttp
import psycopg
import pytest

from bot.background import expire_idle_walks
from bot.install.oauth import bot_token_of_account
from tests.harness.idle_walk import idle_walk
from tests.install.oauth import install

pytestmark = pytest.mark.slow

TEAM = "T_ACME"


@pytest.fixture
async def rotating(oauth_walkbot, fake_slack) -> AsyncIterator[None]:
    """T_ACME installed with token rotation on."""
    async with aiohttp.ClientSession() as browser:
        await install(browser, oauth_walkbot, fake_slack, TEAM, installer="U_BOSS", token_rotation=True)
    yield


def tokens_expire(database_url: str, fake_slack, *, in_minutes: int) -> None:
    """Hours after the install: the stored token expires (or expired) ``in_minutes`` from now."""
    if in_minutes <= 0:
        fake_slack.expire_tokens(TEAM)
    with psycopg.connect(database_url) as conn:
        conn.execute(
            "UPDATE slack_bots SET bot_token_expires_at = now() AT TIME ZONE 'utc' + make_interval(mins => %s) "
            "WHERE team_id = %s",
            (in_minutes, TEAM),
        )


def stored_token(database_url: str) -> str:
    with psycopg.connect(database_url) as conn:
        row = conn.execute(
            "SELECT bot_token FROM slack_bots WHERE team_id = %s ORDER BY installed_at DESC LIMIT 1", (TEAM,)
        ).fetchone()
    return row[0]


async def test_idle_expiry_renews_an_expired_token_before_it_redraws_the_card(
    oauth_walkbot, rotating, fake_slack, db, database_url
):
    _, ts = await idle_walk(db, fake_slack, team=TEAM, token=fake_slack.token_for(TEAM), ticket_kind="internal")
    tokens_expire(database_url, fake_slack, in_minutes=-1)

    loop = asyncio.create_task(expire_idle_walks(oauth_walkbot.runtime, oauth_walkbot.bolt))
    try:
        [redrawn] = await fake_slack.wait_for("chat.update", where=lambda c: c.args.get("ts") == ts)
    finally:
        loop.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await loop
    [renewed] = fake_slack.rotated
    assert redrawn.ok and redrawn.token == renewed
    assert "abandoned after" in redrawn.args["text"]
    stored = stored_token(database_url)
    assert renewed not in stored  # sealed at rest
    assert oauth_walkbot.runtime.secrets.open(stored) == renewed


async def test_a_token_expiring_within_the_margin_is_renewed_once_for_work_running_together(
    oauth_walkbot, rotating, fake_slack, db, database_url
):
    account_id, _ = await idle_walk(db, fake_slack, team=TEAM, token=fake_slack.token_for(TEAM), ticket_kind="internal")
    tokens_expire(database_url, fake_slack, in_minutes=5)
    runtime = oauth_walkbot.runtime

    used = await asyncio.gather(*(bot_token_of_account(runtime, account_id) for _ in range(3)))

    [renewed] = fake_slack.rotated
    assert used == [renewed] * 3
    assert await bot_token_of_account(runtime, account_id) == renewed  # fresh for 12 hours: not renewed again
    assert fake_slack.rotated == [renewed]


async def test_a_token_that_does_not_expire_is_used_as_stored(oauth_walkbot, fake_slack, db):
    async with aiohttp.ClientSession() as browser:
        await install(browser, oauth_walkbot, fake_slack, TEAM, installer="U_BOSS")
    account_id, _ = await idle_walk(db, fake_slack, team=TEAM, token=fake_slack.token_for(TEAM), ticket_kind="internal")
    assert await bot_token_of_account(oauth_walkbot.runtime, account_id) == fake_slack.token_for(TEAM)
    assert fake_slack.rotated == []
