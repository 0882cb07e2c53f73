"""Everything a request needs that outlives it: database, HTTP session, integration clients.

Built once per process and passed to listeners as an argument (never stored on the
Bolt app), so tests can build one against fake servers and a throwaway database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import aiohttp
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.ai.claude import ClaudeClient, NodeBuilderClient
from bot.config import Settings, resolve_database_url
from bot.psa.factory import build_psa_client
from bot.psa.resolver import OnePSA, PSAResolver
from storage.database import create_engine, create_session_factory
from storage.secret_box import SecretBox
from storage.slack_stores import SealedInstallationStore


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    db: async_sessionmaker[AsyncSession]
    http: aiohttp.ClientSession
    # Which PSA serves an account (an account may have none: internal tickets only).
    psa: PSAResolver = field(default_factory=lambda: OnePSA(None))
    # None when no ANTHROPIC_API_KEY is set: AI-guided walks are not offered.
    claude: ClaudeClient | None = None
    # Secrets at rest (WALKBOT_SECRET_KEY), and the OAuth installation store when installed by OAuth.
    secrets: SecretBox | None = None
    installations: SealedInstallationStore | None = None

    async def close(self) -> None:
        await self.psa.close()
        if self.claude is not None:
            await self.claude.close()
        await self.http.close()
        await self.engine.dispose()


async def build_runtime(settings: Settings, *, database_url: str | None = None) -> Runtime:
    url = database_url or resolve_database_url(settings)
    engine = create_engine(url, pool_size=settings.db_pool_size, max_overflow=settings.db_max_overflow)
    http = aiohttp.ClientSession()
    secrets = SecretBox(settings.secret_keys) if settings.secret_keys else None
    installations = None
    if settings.slack.oauth_enabled and secrets is not None:
        installations = SealedInstallationStore(settings.slack.client_id or "", engine, secrets)
    return Runtime(
        settings=settings,
        engine=engine,
        db=create_session_factory(engine),
        http=http,
        psa=OnePSA(build_psa_client(settings.psa, http), settings.psa.status_on_resolve),
        claude=NodeBuilderClient(settings.claude) if settings.claude.api_key else None,
        secrets=secrets,
        installations=installations,
    )
