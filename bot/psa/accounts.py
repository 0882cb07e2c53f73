"""Each account's own PSA: set from Slack (``/walk settings``) or ``walkbot accounts psa``, stored per account
(settings in ``accounts.psa_settings``, credentials Fernet-sealed in ``accounts.psa_secrets``).

Clients are built on first use and cached per account; the cache key is the stored row itself, so a change of
settings (or of credentials) builds a new client on the next call, in this process and in every other one. An
account that never chose a PSA falls back to the environment's (``PSA_KIND``), which keeps single-workspace
set-ups working unchanged; installed by OAuth there is no such fallback, so one MSP never reaches another's PSA.

Stored settings use the environment's variable names (``CW_SITE``, ``HALO_BASE_URL``…), so one parser
(bot/config/psa.py) checks both, with the same messages.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Mapping

import aiohttp
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import ConfigError, PSASettings
from bot.psa.errors import PSAAuthError, PSAError, TicketNotFound
from bot.psa.factory import build_psa_client
from bot.psa.resolver import PSAConnection, PSAResolver
from bot.psa.vendors import COMMON_FIELDS, SECRETS_OF, SETTING_FIELDS, VENDOR_NAMES
from storage.queries import accounts
from storage.secret_box import SecretBox, SecretUnreadable

log = logging.getLogger(__name__)


def parse_account_psa(kind: str, settings: Mapping[str, str], secrets: Mapping[str, str]) -> PSASettings:
    """Check an account's PSA the way the environment's is checked; raises ConfigError naming what to set."""
    allowed = set(SETTING_FIELDS.get(kind, ())) | set(COMMON_FIELDS)
    unknown = sorted(set(settings) - allowed) + sorted(set(secrets) - set(SECRETS_OF.get(kind, ())))
    if kind not in SETTING_FIELDS:
        raise ConfigError(f"PSA must be connectwise, autotask, halo or none, got {kind!r}")
    if unknown:
        raise ConfigError(f"{unknown[0]} is not a {VENDOR_NAMES[kind]} setting")
    return PSASettings.from_env({**settings, **secrets, "PSA_KIND": kind})


class AccountPSA(PSAResolver):
    """The PSAResolver of a multi-account process: each account's stored PSA, else ``fallback``."""

    def __init__(
        self,
        db: async_sessionmaker[AsyncSession],
        http: aiohttp.ClientSession,
        box: SecretBox,
        fallback: PSAResolver | None,
    ) -> None:
        self._db, self._http, self._box, self._fallback = db, http, box, fallback
        self._cache: dict[uuid.UUID, tuple[tuple, PSAConnection | None]] = {}

    async def connection_for(self, account_id: uuid.UUID) -> PSAConnection | None:
        async with self._db() as db:
            stored = await accounts.stored_psa(db, account_id)
        if stored is None or not stored.configured:
            return await self._fallback.connection_for(account_id) if self._fallback is not None else None
        key = (stored.kind, json.dumps(stored.settings, sort_keys=True), stored.sealed_secrets)
        cached = self._cache.get(account_id)
        if cached is not None and cached[0] == key:
            return cached[1]
        connection = self._build(account_id, stored)
        if cached is not None and cached[1] is not None:
            await cached[1].client.close()
        self._cache[account_id] = (key, connection)
        return connection

    def _build(self, account_id: uuid.UUID, stored: accounts.StoredPSA) -> PSAConnection | None:
        try:
            secrets = json.loads(self._box.open(stored.sealed_secrets)) if stored.sealed_secrets else {}
            settings = parse_account_psa(stored.kind, stored.settings, secrets)
        except (ConfigError, SecretUnreadable) as exc:  # messages name variables, never values
            log.warning("account %s: its PSA settings are unusable: %s", account_id, exc)
            return None
        client = build_psa_client(settings, self._http)
        return PSAConnection(client, settings.status_on_resolve) if client is not None else None

    async def close(self) -> None:
        for _key, connection in self._cache.values():
            if connection is not None:
                await connection.client.close()
        self._cache.clear()
        if self._fallback is not None:
            await self._fallback.close()


async def check_connection(settings: PSASettings, http: aiohttp.ClientSession) -> tuple[bool, str]:
    """One read call with these settings; (worked, what to tell the admin, in plain words)."""
    vendor = VENDOR_NAMES.get(settings.kind, settings.kind)
    client = build_psa_client(settings, http)
    if client is None:
        return True, "No PSA: walks run on internal tickets only and nothing is written back."
    try:
        await client.get_ticket("1")
    except TicketNotFound:
        pass  # the credentials were accepted; there is simply no ticket 1
    except PSAAuthError as exc:
        return False, f"{vendor} refused walkbot's credentials: {exc}"
    except PSAError as exc:
        return False, f"{vendor} could not be reached: {exc}"
    finally:
        await client.close()
    return True, f"Connected to {vendor}: the credentials work."


def masked(stored: accounts.StoredPSA, box: SecretBox) -> dict[str, str]:
    """What a settings view may show: every setting, and each saved credential only as "set"."""
    shown = {name: str(value) for name, value in stored.settings.items()}
    try:
        saved = json.loads(box.open(stored.sealed_secrets)) if stored.sealed_secrets else {}
    except SecretUnreadable:
        saved = {}
    for name in SECRETS_OF.get(stored.kind, ()):
        shown[name] = "•••••• (set; replace to change)" if saved.get(name) else "(not set)"
    return shown


async def save_account_psa(
    db: AsyncSession,
    box: SecretBox,
    account_id: uuid.UUID,
    kind: str,
    settings: Mapping[str, str],
    new_secrets: Mapping[str, str],
) -> PSASettings:
    """Check and store an account's PSA. Credentials not given again are kept (a form shows them masked with
    a "replace" field); a change of vendor drops the old vendor's. Raises ConfigError; nothing is stored then."""
    stored = await accounts.stored_psa(db, account_id)
    kept: dict[str, str] = {}
    if stored is not None and stored.kind == kind and stored.sealed_secrets:
        try:
            kept = json.loads(box.open(stored.sealed_secrets))
        except SecretUnreadable:
            kept = {}
    secrets = {**kept, **{k: v for k, v in new_secrets.items() if v}}
    clean = {k: v for k, v in settings.items() if v}
    parsed = parse_account_psa(kind, clean, secrets)
    sealed = box.seal(json.dumps(secrets)) if secrets else None
    await accounts.set_psa_connection(db, account_id, kind, clean, sealed)
    return parsed


async def account_psa_settings(db: AsyncSession, box: SecretBox, account_id: uuid.UUID) -> PSASettings | None:
    """The account's stored PSA, parsed (for Test connection); None when it never chose one."""
    stored = await accounts.stored_psa(db, account_id)
    if stored is None or not stored.configured:
        return None
    secrets = json.loads(box.open(stored.sealed_secrets)) if stored.sealed_secrets else {}
    return parse_account_psa(stored.kind, stored.settings, secrets)
