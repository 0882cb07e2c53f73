"""Choose the PSA client for this process from ``PSA_KIND``."""

from __future__ import annotations

import aiohttp

from bot.config.psa import PSASettings
from bot.psa.autotask import AutotaskClient
from bot.psa.client import PSAClient
from bot.psa.connectwise import ConnectWiseClient
from bot.psa.halo import HaloClient


def build_psa_client(settings: PSASettings, http: aiohttp.ClientSession) -> PSAClient | None:
    """None when ``PSA_KIND=none``: walks then run on internal tickets only and nothing is written back."""
    if settings.kind == "connectwise" and settings.connectwise is not None:
        return ConnectWiseClient(settings.connectwise, http, timeout=settings.timeout_seconds)
    if settings.kind == "autotask" and settings.autotask is not None:
        return AutotaskClient(settings.autotask, http, timeout=settings.timeout_seconds)
    if settings.kind == "halo" and settings.halo is not None:
        return HaloClient(settings.halo, http, timeout=settings.timeout_seconds)
    return None
