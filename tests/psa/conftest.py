"""Fake PSA servers on 127.0.0.1 and an HTTP session, per test; each test ends by checking no violations."""

from __future__ import annotations

import aiohttp
import pytest

from bot.config.psa import PSASettings
from bot.psa.factory import build_psa_client
from tests.fakes.psa_autotask import FakeAutotask
from tests.fakes.psa_connectwise import FakeConnectWise
from tests.fakes.psa_halo import FakeHalo


@pytest.fixture
async def http():
    async with aiohttp.ClientSession() as session:
        yield session


async def _serve(fake):
    await fake.start()
    yield fake
    await fake.stop()
    assert fake.violations == []


@pytest.fixture
async def cw():
    async for fake in _serve(FakeConnectWise()):
        yield fake


@pytest.fixture
async def autotask():
    async for fake in _serve(FakeAutotask()):
        yield fake


@pytest.fixture
async def halo():
    async for fake in _serve(FakeHalo()):
        yield fake


def client_for(fake, http, **env):
    """The client walkbot would build from the environment pointing at ``fake``."""
    return build_psa_client(PSASettings.from_env(fake.env(**env)), http)
