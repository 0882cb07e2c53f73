"""A finished walk on a PSA ticket, and a fake ConnectWise to deliver its note to."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from sqlalchemy import text

from bot.config.psa import PSASettings
from bot.psa.factory import build_psa_client
from bot.writeback.outcome import enqueue_outcome
from storage.queries import accounts, sessions
from tests.fakes.psa_connectwise import FakeConnectWise

PATH = [
    {"node_id": "online", "node_type": "question", "text": "Is the printer online?", "option_label": "No"},
    {"node_id": "power", "node_type": "instruction", "text": "Power-cycle it", "option_label": "Worked"},
]


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


@pytest.fixture
async def cw():
    fake = FakeConnectWise()
    await fake.start()
    yield fake
    await fake.stop()
    assert fake.violations == []


def cw_client(cw, http, **env):
    return build_psa_client(PSASettings.from_env(cw.env(**env)), http)


async def finish_walk(
    db,
    ticket_id: str = "123",
    *,
    status: str = "resolved",
    ticket_kind: str = "psa",
    psa_kind: str = "connectwise",
    **kw,
) -> uuid.UUID:
    """Resolve (or escalate) a walk and enqueue its write-back in one transaction, as the resolve click does."""
    now = datetime.now(UTC)
    async with db.begin() as s:
        account = await accounts.account_for_team(s, "T1")
        tech = await accounts.user_for_slack_id(s, account.id, "U1", display_name="Jane")
        walk = await sessions.create_session(
            s,
            account_id=account.id,
            created_by_user_id=tech.id,
            ticket_id=ticket_id,
            ticket_kind=ticket_kind,
            session_kind="adhoc",
            status=status,
            walked_path=PATH,
            walk_notes=[{"node_id": "power", "text": "jammed tray", "source": "thread"}],
            resolution_notes="Cleared the jam" if status == "resolved" else None,
            escalation_reason="tray sensor broken" if status == "escalated" else None,
            started_at=now - timedelta(minutes=12),
            resolved_at=now,
        )
        kw.setdefault("author_slack_id", "U1")
        await enqueue_outcome(s, walk, psa_kind=psa_kind, flow_title="Printer offline", technician="Jane", **kw)
        return walk.id


async def make_due(db) -> None:
    """Skip the backoff wait (or let a lease expire): every pending row is due now."""
    async with db.begin() as s:
        await s.execute(
            text("UPDATE psa_outbox SET next_attempt_at = now() - interval '1 second' WHERE status = 'pending'")
        )
