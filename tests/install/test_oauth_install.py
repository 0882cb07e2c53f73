"""End to end: "Add to Slack" against a fake oauth.v2.access, through walkbot's real HTTP endpoints."""

import asyncio
from collections.abc import AsyncIterator

import aiohttp
import psycopg
import pytest
from sqlalchemy import select

from storage.models import Account, User
from storage.slack_stores import oauth_state_store
from tests.harness.driver import SlackDriver
from tests.install.oauth import (
    CLIENT_ID,
    REDIRECT_URI,
    follow_redirect,
    install,
    open_install_page,
)

pytestmark = pytest.mark.slow


@pytest.fixture
async def browser() -> AsyncIterator[aiohttp.ClientSession]:
    async with aiohttp.ClientSession() as http:
        yield http


async def _accounts(db) -> list[Account]:
    async with db() as session:
        return list(await session.scalars(select(Account)))


async def test_the_install_page_links_to_slack_with_our_client_id_scopes_and_redirect(oauth_walkbot, browser):
    page = await open_install_page(browser, oauth_walkbot)
    assert page.status == 200
    assert "https://slack.com/oauth/v2/authorize" in page.html
    assert f"client_id={CLIENT_ID}" in page.html
    assert "scope=commands,chat:write" in page.html.replace("%2C", ",").replace("%3A", ":")
    assert "redirect_uri=https://walkbot.example.com/slack/oauth_redirect" in page.html.replace("%3A", ":").replace(
        "%2F", "/"
    )
    assert page.state and page.cookie


async def test_a_successful_install_creates_the_account_with_the_installer_as_admin(
    oauth_walkbot, browser, fake_slack, db, database_url
):
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", team_name="Acme IT", installer="U_BOSS")
    exchange = fake_slack.last("oauth.v2.access")
    assert exchange.ok and exchange.args["code"].startswith("code-T_ACME")
    [account] = await _accounts(db)
    assert (account.slack_team_id, account.name, account.active) == ("T_ACME", "Acme IT", True)
    async with db() as session:
        boss = await session.scalar(select(User).where(User.slack_user_id == "U_BOSS"))
    assert boss.role == "admin" and boss.account_id == account.id
    # The bot token is stored sealed, never as the xoxb- string Slack issued.
    with psycopg.connect(database_url) as conn:
        stored = [r[0] for r in conn.execute("SELECT bot_token FROM slack_bots WHERE team_id = 'T_ACME'")]
    assert stored and all(not token.startswith("xoxb-") for token in stored)


async def test_requests_from_an_installed_team_use_that_teams_token(oauth_walkbot, browser, fake_slack, db):
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", installer="U_BOSS")
    async with SlackDriver(oauth_walkbot.url, oauth_walkbot.signing_secret, "T_ACME", fake_slack) as acme:
        status, _ = await acme.slash("settings", user_id="U_BOSS")
        assert status == 200
        opened = (await fake_slack.wait_for("views.open"))[0]
    assert opened.ok and opened.token == fake_slack.token_for("T_ACME")


async def test_a_wrong_state_is_refused_and_nothing_is_installed(oauth_walkbot, browser, fake_slack, db):
    page = await open_install_page(browser, oauth_walkbot)
    code = fake_slack.approve_install("T_ACME", redirect_uri=REDIRECT_URI)
    status, html = await follow_redirect(browser, oauth_walkbot, {"code": code, "state": "forged-state"}, page.cookie)
    assert status == 400
    assert not fake_slack.calls_to("oauth.v2.access")
    assert await _accounts(db) == []


async def test_an_expired_state_is_refused(oauth_walkbot, browser, fake_slack, db):
    expired = await oauth_state_store(oauth_walkbot.runtime.engine, expiration_seconds=-5).async_issue()
    code = fake_slack.approve_install("T_ACME", redirect_uri=REDIRECT_URI)
    status, _ = await follow_redirect(
        browser, oauth_walkbot, {"code": code, "state": expired}, f"slack-app-oauth-state={expired}"
    )
    assert status == 401
    assert not fake_slack.calls_to("oauth.v2.access")
    assert await _accounts(db) == []


async def test_a_denied_install_shows_the_failure_page_and_installs_nothing(oauth_walkbot, browser, fake_slack, db):
    page = await open_install_page(browser, oauth_walkbot)
    status, html = await follow_redirect(
        browser, oauth_walkbot, {"error": "access_denied", "state": page.state}, page.cookie
    )
    assert status == 200
    assert "Something went wrong" in html or "access_denied" in html
    assert not fake_slack.calls_to("oauth.v2.access")
    assert await _accounts(db) == []


async def test_uninstall_marks_the_account_inactive_and_forgets_its_token(oauth_walkbot, browser, fake_slack, db):
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", installer="U_BOSS")
    async with SlackDriver(oauth_walkbot.url, oauth_walkbot.signing_secret, "T_ACME", fake_slack) as acme:
        fake_slack.revoke_team("T_ACME")
        status, _ = await acme.event({"type": "app_uninstalled"})
        assert status == 200
        account = await _wait_for_account(db, lambda a: not a.active)
        assert account.deactivated_at is not None
        assert await oauth_walkbot.runtime.installations.async_find_bot(enterprise_id=None, team_id="T_ACME") is None
        # Its data stays; its requests are no longer served, and the user is told why.
        status, _ = await acme.slash("mine", user_id="U_BOSS")
        [told] = await fake_slack.wait_for_response()
    assert "no longer installed in this workspace" in told["text"]
    assert "https://walkbot.example.com/slack/install" in told["text"]
    assert len(await _accounts(db)) == 1


async def test_reinstalling_reactivates_the_same_account(oauth_walkbot, browser, fake_slack, db):
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", installer="U_BOSS")
    [first] = await _accounts(db)
    async with SlackDriver(oauth_walkbot.url, oauth_walkbot.signing_secret, "T_ACME", fake_slack) as acme:
        await acme.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT_T_ACME"]}})
        await _wait_for_account(db, lambda a: not a.active)
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", installer="U_OTHER")
    [again] = await _accounts(db)
    assert again.id == first.id and again.active and again.deactivated_at is None


async def _wait_for_account(db, done) -> Account:
    for _ in range(100):
        [account] = await _accounts(db)
        if done(account):
            return account
        await asyncio.sleep(0.05)
    raise AssertionError(f"account never reached the expected state: {account.active=}")


async def test_no_token_or_secret_reaches_the_log(oauth_walkbot, browser, fake_slack, db, caplog):
    caplog.set_level("INFO")
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", installer="U_BOSS")
    page = await open_install_page(browser, oauth_walkbot)
    await follow_redirect(browser, oauth_walkbot, {"code": "code-stolen", "state": page.state}, page.cookie)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "install refused: invalid_code" in logged
    for secret in (fake_slack.token_for("T_ACME"), "walkbot-client-secret", oauth_walkbot.settings.secret_keys[0]):
        assert secret not in logged


async def test_an_org_wide_enterprise_install_is_refused_handed_back_and_says_to_install_per_workspace(
    oauth_walkbot, browser, fake_slack, db, database_url
):
    page = await open_install_page(browser, oauth_walkbot)
    code = fake_slack.approve_install("E_GRID", team_name="Grid Org", redirect_uri=REDIRECT_URI, org_wide=True)
    status, html = await follow_redirect(browser, oauth_walkbot, {"code": code, "state": page.state}, page.cookie)

    exchange = fake_slack.last("oauth.v2.access")
    assert exchange.ok and exchange.response["is_enterprise_install"] is True and exchange.response["team"] is None
    assert status == 400
    assert "walkbot is installed per workspace" in html
    assert 'href="https://walkbot.example.com/slack/install"' in html
    # Nothing stored, no account; the org-wide token went back to Slack and no longer works.
    assert await _accounts(db) == []
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT count(*) FROM slack_bots").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM slack_installations").fetchone()[0] == 0
    [uninstall] = fake_slack.calls_to("apps.uninstall")
    assert uninstall.ok and uninstall.args["client_id"] == CLIENT_ID
    assert fake_slack.uninstalled == ["E_GRID"] and not [w for w in fake_slack.tokens.values() if w.enterprise_id]


async def test_after_a_refused_org_wide_install_a_workspace_install_still_works(oauth_walkbot, browser, fake_slack, db):
    page = await open_install_page(browser, oauth_walkbot)
    code = fake_slack.approve_install("E_GRID", redirect_uri=REDIRECT_URI, org_wide=True)
    await follow_redirect(browser, oauth_walkbot, {"code": code, "state": page.state}, page.cookie)

    await install(browser, oauth_walkbot, fake_slack, "T_ACME", team_name="Acme IT", installer="U_BOSS")

    [account] = await _accounts(db)
    assert (account.slack_team_id, account.active) == ("T_ACME", True)


async def _open_settings(acme: SlackDriver, fake_slack) -> str:
    """One request from the workspace (/walk settings): the token its views.open was sent with."""
    opened = len(fake_slack.calls_to("views.open"))
    status, _ = await acme.slash("settings", user_id="U_BOSS")
    assert status == 200
    return (await fake_slack.wait_for("views.open", count=opened + 1))[-1].token


def _auth_tests(fake_slack, token: str) -> int:
    return len([c for c in fake_slack.calls_to("auth.test") if c.token == token])


async def test_a_workspaces_token_is_asked_of_auth_test_once_not_on_every_request(
    oauth_walkbot, browser, fake_slack, db
):
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", installer="U_BOSS")
    token = fake_slack.token_for("T_ACME")
    asked_at_install = _auth_tests(fake_slack, token)
    async with SlackDriver(oauth_walkbot.url, oauth_walkbot.signing_secret, "T_ACME", fake_slack) as acme:
        used = [await _open_settings(acme, fake_slack) for _ in range(4)]
    assert used == [token] * 4
    assert _auth_tests(fake_slack, token) == asked_at_install + 1


async def test_a_rotated_token_is_used_from_the_request_it_is_rotated_in_and_asked_of_auth_test_once(
    oauth_walkbot, browser, fake_slack, db, database_url
):
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", installer="U_BOSS", token_rotation=True)
    first = fake_slack.token_for("T_ACME")
    async with SlackDriver(oauth_walkbot.url, oauth_walkbot.signing_secret, "T_ACME", fake_slack) as acme:
        assert [await _open_settings(acme, fake_slack) for _ in range(2)] == [first, first]
        assert not fake_slack.rotated
        with psycopg.connect(database_url) as conn:  # hours later: the token expires within Bolt's margin
            conn.execute(
                "UPDATE slack_bots SET bot_token_expires_at = now() AT TIME ZONE 'utc' + interval '5 minutes' "
                "WHERE team_id = 'T_ACME'"
            )
        used = [await _open_settings(acme, fake_slack) for _ in range(3)]
    [rotated] = fake_slack.rotated
    assert used == [rotated] * 3
    assert _auth_tests(fake_slack, rotated) == 1


async def test_a_revoked_install_is_refused_at_once_though_its_auth_test_answer_was_kept(
    oauth_walkbot, browser, fake_slack, db
):
    await install(browser, oauth_walkbot, fake_slack, "T_ACME", installer="U_BOSS")
    async with SlackDriver(oauth_walkbot.url, oauth_walkbot.signing_secret, "T_ACME", fake_slack) as acme:
        await _open_settings(acme, fake_slack)  # auth.test's answer for the token is kept from here
        fake_slack.revoke_team("T_ACME")
        await acme.event({"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT_T_ACME"]}})
        await _wait_for_account(db, lambda a: not a.active)
        status, _ = await acme.slash("settings", user_id="U_BOSS")
        [told] = await fake_slack.wait_for_response()
    assert "no longer installed in this workspace" in told["text"]
    assert len(fake_slack.calls_to("views.open")) == 1
