"""Everything a request needs that outlives it: database, HTTP session, integration clients.

Built once per process and passed to listeners as an argument (never stored on the
Bolt app), so tests can build one against fake servers and a throwaway database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import aiohttp
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings, resolve_database_url
from storage.database import create_engine, create_session_factory


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    db: async_sessionmaker[AsyncSession]
    http: aiohttp.ClientSession
    # Integration clients, None when not configured (see bot.psa and bot.ai).
    psa: Any = None
    claude: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    async def close(self) -> None:
        for client in (self.psa, self.claude):
            closer = getattr(client, "close", None)
            if closer is not None:
                await closer()
        await self.http.close()
        await self.engine.dispose()


async def build_runtime(settings: Settings, *, database_url: str | None = None) -> Runtime:
    url = database_url or resolve_database_url(settings)
    engine = create_engine(url)
    http = aiohttp.ClientSession()
    runtime = Runtime(settings=settings, engine=engine, db=create_session_factory(engine), http=http)
    runtime.psa = _build_psa(settings, http)
    runtime.claude = _build_claude(settings)
    return runtime


def _build_psa(settings: Settings, http: aiohttp.ClientSession) -> Any:
    try:
        from bot.psa.factory import build_psa_client
        from bot.psa.settings import PSASettings
    except ImportError:  # pragma: no cover - during bring-up only
        return None
    return build_psa_client(PSASettings.from_env(settings.env), http)


def _build_claude(settings: Settings) -> Any:
    try:
        from bot.ai.claude import ClaudeSettings, NodeBuilderClient
    except ImportError:  # pragma: no cover - during bring-up only
        return None
    claude_settings = ClaudeSettings.from_env(settings.env)
    return NodeBuilderClient(claude_settings) if claude_settings.api_key else None
