"""A walk the idle sweep should abandon: active, untouched for two days, with its card posted in Slack."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from slack_sdk.web.async_client import AsyncWebClient

from storage.queries import accounts, sessions
from tests.harness.fake_slack import FakeSlack


async def idle_walk(db, fake: FakeSlack, *, team: str, token: str, ticket_kind: str = "psa") -> tuple[uuid.UUID, str]:
    """Post an old walk card with ``token`` and store its walk for ``team``'s U_SLEEPY; returns (account id, card ts)."""
    client = AsyncWebClient(token=token, base_url=fake.base_url)
    posted = await client.chat_postMessage(channel="C_HELPDESK", text="an old walk card")
    async with db.begin() as s:
        account = await accounts.account_for_team(s, team)
        tech = await accounts.user_for_slack_id(s, account.id, "U_SLEEPY")
        walk = await sessions.create_session(
            s,
            account_id=account.id,
            created_by_user_id=tech.id,
            ticket_id="999",
            ticket_kind=ticket_kind,
            session_kind="adhoc",
            channel_id="C_HELPDESK",
            message_ts=posted["ts"],
        )
        walk.last_step_at = datetime.now(UTC) - timedelta(days=2)
    return account.id, posted["ts"]
