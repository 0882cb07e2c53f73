"""End-to-end fixtures: walkbot over HTTP with a fake Slack, a fake ConnectWise, and the sample flows published."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.flows.library import import_flow_files
from storage.queries.accounts import account_for_team
from tests.fakes.psa_connectwise import FakeConnectWise
from tests.harness.app import start_walkbot
from tests.harness.driver import SlackDriver

FLOWS = sorted((Path(__file__).resolve().parents[2] / "flows").glob("*.yaml"))
TEAM = "T0001"


@pytest.fixture
async def connectwise() -> AsyncIterator[FakeConnectWise]:
    fake = FakeConnectWise()
    await fake.start()
    fake.add_ticket(
        12345,
        "Printer offline on floor 2",
        description="The HP on floor 2 shows offline.",
        board="Service Desk",
        type="Printer",
        company="Acme Dental",
    )
    try:
        yield fake
    finally:
        await fake.stop()


@pytest.fixture
async def published(db) -> None:
    async with db.begin() as session:
        account = await account_for_team(session, TEAM)
        report = await import_flow_files(session, account.id, FLOWS)
        assert not report.errors, report.errors


@pytest.fixture
async def psa_walkbot(database_url, fake_slack, connectwise, db, published):
    running = await start_walkbot(database_url, fake_slack, env=connectwise.env())
    try:
        yield running
    finally:
        await running.close()


@pytest.fixture
async def tech(psa_walkbot, fake_slack) -> AsyncIterator[SlackDriver]:
    async with SlackDriver(psa_walkbot.url, psa_walkbot.signing_secret, TEAM, fake_slack) as driver:
        yield driver
