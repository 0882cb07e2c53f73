"""Everything a request needs that outlives it: database, HTTP session, integration clients.

Built once per process and passed to listeners as an argument (never stored on the
Bolt app), so tests can build one against fake servers and a throwaway database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import aiohttp
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.ai.claude import ClaudeClient, NodeBuilderClient
from bot.config import Settings, resolve_database_url
from bot.listener_work import ListenerWork
from bot.psa.accounts import AccountPSA
from bot.psa.factory import build_psa_client
from bot.psa.resolver import OnePSA, PSAResolver
from bot.slack_channels import ChannelGuard
from bot.slack_tokens import BotTokens
from storage.click_memory import ClickMemory
from storage.database import create_autocommit_session_factory, create_engine, create_session_factory
from storage.secret_box import SecretBox
from storage.slack_stores import SealedInstallationStore

# How long stopping waits for listeners already running (a PSA call, Slack's retries) before cancelling them.
LISTENERS_FINISH_SECONDS = 15


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
    # Installed by OAuth: each team's bot token for work outside a request, renewed when it is about to expire.
    bot_tokens: BotTokens | None = None
    # Which channels are shared with another organisation (Slack Connect), asked of Slack and cached briefly.
    channels: ChannelGuard = field(default_factory=ChannelGuard)
    # Statements that commit one by one, on the same pool: the click's hot path (bot/walks/answering.py),
    # whose one write is a conditional UPDATE and needs no transaction around it. (Its read and write go
    # through psycopg itself, storage/driver.py; this reads what the per-process caches miss.)
    autocommit_db: async_sessionmaker[AsyncSession] | None = None
    # Listeners Bolt runs after acknowledging their request: close() lets them finish before it closes
    # what they use (bot/listener_work.py).
    listener_work: ListenerWork = field(default_factory=ListenerWork)
    # The walks this process's clicks last wrote: the next click on the card steps from them without a read.
    click_memory: ClickMemory = field(default_factory=ClickMemory)

    def __post_init__(self) -> None:
        if self.autocommit_db is None:
            self.autocommit_db = create_autocommit_session_factory(self.engine)

    async def close(self) -> None:
        await self.listener_work.finish(LISTENERS_FINISH_SECONDS)
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
    installations = bot_tokens = None
    if settings.slack.oauth_enabled and secrets is not None:
        slack = settings.slack
        installations = SealedInstallationStore(slack.client_id or "", engine, secrets)
        renewing = AsyncWebClient(base_url=slack.api_url or AsyncWebClient.BASE_URL, session=http, timeout=10)
        bot_tokens = BotTokens(installations, slack.client_id or "", slack.client_secret or "", renewing)
    db = create_session_factory(engine)
    # The environment's PSA (PSA_KIND) serves every account of a single-workspace set-up. With a secret key,
    # accounts may have their own (bot/psa/accounts.py); installed by OAuth, only their own.
    psa: PSAResolver = OnePSA(build_psa_client(settings.psa, http), settings.psa.status_on_resolve)
    if secrets is not None:
        psa = AccountPSA(db, http, secrets, fallback=None if settings.slack.oauth_enabled else psa)
    return Runtime(
        settings=settings,
        engine=engine,
        db=db,
        http=http,
        psa=psa,
        claude=NodeBuilderClient(settings.claude) if settings.claude.api_key else None,
        secrets=secrets,
        installations=installations,
        bot_tokens=bot_tokens,
    )
