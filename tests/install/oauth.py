"""Helpers for tests of the OAuth install: a walkbot installed by OAuth, and a browser's side of "Add to Slack"."""

from __future__ import annotations

import re
from dataclasses import dataclass
from http.cookies import SimpleCookie

import aiohttp

from storage.secret_box import new_key
from tests.harness.app import RunningWalkbot, start_walkbot
from tests.harness.fake_slack import FakeSlack

CLIENT_ID = "1111.2222"
CLIENT_SECRET = "walkbot-client-secret"
PUBLIC_URL = "https://walkbot.example.com"
REDIRECT_URI = f"{PUBLIC_URL}/slack/oauth_redirect"


def oauth_env(secret_key: str | None = None) -> dict[str, str]:
    return {
        "SLACK_BOT_TOKEN": "",  # installed by OAuth: there is no one bot token
        "SLACK_CLIENT_ID": CLIENT_ID,
        "SLACK_CLIENT_SECRET": CLIENT_SECRET,
        "WALKBOT_SECRET_KEY": secret_key or new_key(),
        "WALKBOT_PUBLIC_URL": PUBLIC_URL,
        "ESCALATION_CHANNEL": "",
        "WALKBOT_ADMINS": "",
        "WALKBOT_ENGINEERS": "",
    }


async def start_oauth_walkbot(database_url: str, fake: FakeSlack, **env: str) -> RunningWalkbot:
    fake.register_app(CLIENT_ID, CLIENT_SECRET)
    return await start_walkbot(database_url, fake, env=oauth_env() | env)


@dataclass
class InstallPage:
    status: int
    html: str
    state: str | None  # the state in the "Add to Slack" link
    cookie: str | None  # the state cookie Bolt set for this browser


async def open_install_page(http: aiohttp.ClientSession, walkbot: RunningWalkbot) -> InstallPage:
    async with http.get(f"{walkbot.url}/slack/install") as resp:
        html = await resp.text()
        cookies = SimpleCookie()
        for header in resp.headers.getall("Set-Cookie", []):
            cookies.load(header)
    state = re.search(r"[?&]state=([^&\"']+)", html)
    cookie = "; ".join(f"{k}={m.value}" for k, m in cookies.items()) or None
    return InstallPage(resp.status, html, state.group(1) if state else None, cookie)


async def follow_redirect(
    http: aiohttp.ClientSession, walkbot: RunningWalkbot, query: dict[str, str], cookie: str | None
) -> tuple[int, str]:
    """What the browser does when Slack sends it back to walkbot after the authorize page."""
    headers = {"Cookie": cookie} if cookie else {}
    async with http.get(f"{walkbot.url}/slack/oauth_redirect", params=query, headers=headers) as resp:
        return resp.status, await resp.text()


async def install(http: aiohttp.ClientSession, walkbot: RunningWalkbot, fake: FakeSlack, team_id: str, **kw) -> None:
    """A whole successful "Add to Slack" for ``team_id``."""
    page = await open_install_page(http, walkbot)
    code = fake.approve_install(team_id, redirect_uri=REDIRECT_URI, **kw)
    status, html = await follow_redirect(http, walkbot, {"code": code, "state": page.state}, page.cookie)
    assert status == 200, html
