"""Fixtures for the AI layer: a fake Anthropic API and a real client pointed at it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.ai.claude import ClaudeSettings, NodeBuilderClient
from tests.fakes.anthropic import FakeAnthropic


@pytest.fixture
async def fake_anthropic() -> AsyncIterator[FakeAnthropic]:
    async with FakeAnthropic() as fake:
        yield fake


@pytest.fixture
async def claude(fake_anthropic: FakeAnthropic) -> AsyncIterator[NodeBuilderClient]:
    client = NodeBuilderClient(
        ClaudeSettings(api_key=fake_anthropic.api_key, base_url=fake_anthropic.base_url, timeout_seconds=10)
    )
    yield client
    await client.close()
