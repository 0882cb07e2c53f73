"""PSA credentials from Slack: /walk settings shows the PSA masked, offers a one-time link to a walkbot page
(signed, expiring, bound to the admin), and Test connection answers in the vendor's words. The page is
driven in a real headless Chromium."""

import json
import time
from urllib.parse import parse_qs, urlparse

import aiohttp
import psycopg
import pytest
from sqlalchemy import update

from bot.install.psa_link import PAGE_PATH, issue_link
from bot.rendering import action_ids as ids
from storage.models import User
from storage.queries.accounts import account_for_team
from storage.secret_box import SecretBox, new_key
from tests.fakes.psa_halo import FakeHalo
from tests.harness.app import start_walkbot
from tests.harness.driver import SlackDriver
from tests.install.browser import page_on

pytestmark = pytest.mark.slow
KEY = new_key()
PUBLIC = "https://walkbot.example.com"


@pytest.fixture
async def halo():
    fake = FakeHalo()
    await fake.start()
    fake.add_ticket(777, "Printer offline in reception")
    yield fake
    await fake.stop()


@pytest.fixture
async def keyed_walkbot(database_url, fake_slack, db):
    running = await start_walkbot(
        database_url, fake_slack, env={"WALKBOT_SECRET_KEY": KEY, "WALKBOT_PUBLIC_URL": PUBLIC}
    )
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
async def admin(keyed_walkbot, fake_slack):
    async with SlackDriver(keyed_walkbot.url, keyed_walkbot.signing_secret, "T0001", fake_slack) as driver:
        yield driver


def halo_form(halo, **extra):
    env = halo.env()
    form = {"kind": "halo", **{k: v for k, v in env.items() if k.startswith("HALO_")}}
    form.update(extra)
    return form


async def open_settings_link(admin, fake_slack, walkbot) -> str:
    """The admin's /walk settings; returns the one-time link, pointed at this test's walkbot."""
    await admin.slash("settings", user_id="U_ADMIN")
    view = (await fake_slack.wait_for("views.open"))[-1].args["view"]
    link = next(
        e["url"] for b in view["blocks"] if b.get("block_id") == ids.PSA_LINK for e in b["elements"] if e.get("url")
    )
    assert link.startswith(f"{PUBLIC}{PAGE_PATH}?t=")
    return walkbot.url + link[len(PUBLIC) :]


async def test_the_link_page_saves_credentials_once_and_test_connection_reports_success(
    admin, fake_slack, keyed_walkbot, halo, database_url
):
    link = await open_settings_link(admin, fake_slack, keyed_walkbot)
    async with page_on(keyed_walkbot.url) as (page, outside):
        await page.goto(link)
        assert await page.locator("h1").inner_text() == "PSA connection for T0001"
        await page.select_option("#kind", "halo")
        for name, value in halo_form(halo).items():
            if name != "kind":
                await page.locator(f'fieldset[data-vendor="halo"] #{name}').fill(value)
        await page.click("button[type=submit]")
        await page.wait_for_selector("p.ok")
        assert "This workspace now uses HaloPSA" in await page.locator("p.ok").inner_text()
        # The same link again: refused.
        await page.goto(link)
        assert "already used" in await page.locator("p.error").inner_text()
        assert outside == []
    with psycopg.connect(database_url) as conn:
        kind, sealed = conn.execute("SELECT psa_kind, psa_secrets FROM accounts").fetchone()
    assert kind == "halo" and halo.client_secret not in sealed
    assert json.loads(SecretBox([KEY]).open(sealed)) == {"HALO_CLIENT_SECRET": halo.client_secret}

    # Back in Slack: the modal shows the secret masked; Test connection asks Halo once.
    await admin.slash("settings", user_id="U_ADMIN")
    view = (await fake_slack.wait_for("views.open", count=2))[-1]
    assert halo.client_secret not in json.dumps(view.args["view"])
    assert "•••••• (set; replace to change)" in json.dumps(view.args["view"], ensure_ascii=False)
    await admin.post_payload(
        {
            "type": "block_actions",
            "team": {"id": "T0001", "domain": "walkbot-test"},
            "user": {"id": "U_ADMIN", "team_id": "T0001"},
            "api_app_id": "A0WALKBOT",
            "trigger_id": admin.trigger_id(),
            "view": view.response["view"],
            "actions": [{"action_id": ids.PSA_TEST, "block_id": ids.PSA_LINK, "value": "test", "type": "button"}],
        }
    )
    updated = (await fake_slack.wait_for("views.update"))[0]
    result = next(b for b in updated.args["view"]["blocks"] if b.get("block_id") == ids.PSA_TEST_RESULT)
    assert "Connected to HaloPSA: the credentials work." in json.dumps(result)


async def test_a_wrong_setting_is_shown_on_the_page_and_the_link_still_works(admin, fake_slack, keyed_walkbot, halo):
    link = await open_settings_link(admin, fake_slack, keyed_walkbot)
    token = parse_qs(urlparse(link).query)["t"][0]
    async with aiohttp.ClientSession() as http:
        bad = halo_form(halo, HALO_BASE_URL="acme.halopsa.com", t=token)
        async with http.post(f"{keyed_walkbot.url}{PAGE_PATH}", data=bad) as resp:
            assert resp.status == 400
            page = await resp.text()
        assert "Not saved: HALO_BASE_URL must be" in page
        assert halo.client_secret not in page  # a typed secret is never sent back
        async with http.post(f"{keyed_walkbot.url}{PAGE_PATH}", data=halo_form(halo, t=token)) as resp:
            assert resp.status == 200


async def test_an_expired_or_forged_link_is_refused(keyed_walkbot, db, halo):
    box = SecretBox([KEY])
    async with db.begin() as session:
        account = await account_for_team(session, "T0001")
    old = box.fernet.encrypt_at_time(
        json.dumps({"a": str(account.id), "u": "U_ADMIN", "n": "x" * 32}).encode(), int(time.time()) - 3600
    ).decode()
    forged = SecretBox([new_key()]).seal(json.dumps({"a": str(account.id), "u": "U_ADMIN", "n": "y" * 32}))
    async with aiohttp.ClientSession() as http:
        for token in (old, forged):
            async with http.get(f"{keyed_walkbot.url}{PAGE_PATH}", params={"t": token}) as resp:
                assert resp.status == 403
                assert "not valid or has expired" in await resp.text()


async def test_the_link_is_bound_to_an_admin_who_is_still_an_admin(keyed_walkbot, db, halo):
    box = SecretBox([KEY])
    async with db.begin() as session:
        account = await account_for_team(session, "T0001")
        session.add(User(account_id=account.id, slack_user_id="U_WAS_ADMIN", role="admin"))
    link = issue_link(box, keyed_walkbot.url, account.id, "U_WAS_ADMIN")
    token = parse_qs(urlparse(link).query)["t"][0]
    async with db.begin() as session:
        await session.execute(update(User).where(User.slack_user_id == "U_WAS_ADMIN").values(role="l1"))
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{keyed_walkbot.url}{PAGE_PATH}", data=halo_form(halo, t=token)) as resp,
    ):
        assert resp.status == 403
        assert "Only walkbot admins" in await resp.text()
