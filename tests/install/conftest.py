"""Fixtures shared by the OAuth install tests."""

from __future__ import annotations

import pytest

from tests.install.oauth import start_oauth_walkbot


@pytest.fixture
async def oauth_walkbot(database_url, fake_slack, db):
    """walkbot in OAuth mode (many workspaces, installed with "Add to Slack") against the fake Slack."""
    running = await start_oauth_walkbot(database_url, fake_slack)
    try:
        yield running
    finally:
        await running.close()
