"""All configuration, read once from the environment into one typed object.

A bad value stops the process with one line naming the variable, before anything
connects anywhere: operators fix configuration from that line alone.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bot.config.claude import ClaudeSettings
from bot.config.psa import PSASettings
from bot.config.values import ConfigError, env_int
from storage.embedded import start_embedded_postgres
from storage.secret_box import is_valid_key

__all__ = ["ClaudeSettings", "ConfigError", "PSASettings", "Settings", "SlackSettings", "env_int"]


# Every WALKBOT_* variable the app reads; any other WALKBOT_* name is a typo worth stopping for.
KNOWN_WALKBOT_VARS = frozenset(
    {
        "WALKBOT_DATA_DIR",
        "WALKBOT_IDLE_ABANDON_MINUTES",
        "WALKBOT_OUTBOX_MAX_ATTEMPTS",
        "WALKBOT_OUTBOX_POLL_SECONDS",
        "WALKBOT_OUTBOX_LEASE_SECONDS",
        "WALKBOT_AI_MODEL",
        "WALKBOT_AI_FAST_MODEL",
        "WALKBOT_AI_MAX_TOKENS",
        "WALKBOT_AI_TIMEOUT_SECONDS",
        "WALKBOT_AI_MAX_DEPTH",
        "WALKBOT_LOG_LEVEL",
        "WALKBOT_DB_POOL_SIZE",
        "WALKBOT_DB_MAX_OVERFLOW",
        "WALKBOT_ADMINS",
        "WALKBOT_ENGINEERS",
        "WALKBOT_SECRET_KEY",
        "WALKBOT_PUBLIC_URL",
        # Read by scripts/run and scripts/test, not by the app; listed so they are not mistaken for typos.
        "WALKBOT_VENV",
        "WALKBOT_PYTHON",
        "WALKBOT_TEST_WORKERS",
    }
)


def _ids(env: Mapping[str, str], name: str) -> frozenset[str]:
    return frozenset(part.strip() for part in env.get(name, "").split(",") if part.strip())


@dataclass(frozen=True)
class SlackSettings:
    bot_token: str | None
    signing_secret: str | None
    app_token: str | None  # set => Socket Mode
    api_url: str | None  # another Web API base URL (a fake Slack in tests and local runs)
    escalation_channel: str | None
    # OAuth install for many workspaces ("Add to Slack"); with both set, tokens come from the installation
    # store per team and SLACK_BOT_TOKEN is not used (see bot/install/).
    client_id: str | None = None
    client_secret: str | None = None

    @property
    def oauth_enabled(self) -> bool:
        return bool(self.client_id and self.client_secret)

    def require_http(self) -> None:
        """Serving needs both credentials (or, installed by OAuth, the signing secret); name every one missing."""
        needed = [("SLACK_SIGNING_SECRET", self.signing_secret)]
        if not self.oauth_enabled:
            needed.insert(0, ("SLACK_BOT_TOKEN", self.bot_token))
        missing = [n for n, v in needed if not v]
        if missing:
            raise ConfigError(f"missing {' and '.join(missing)}: create the app from slack-manifest.yml and set them")


@dataclass(frozen=True)
class Settings:
    database_url: str | None
    data_dir: Path
    port: int
    slack: SlackSettings
    idle_abandon_minutes: int
    outbox_max_attempts: int
    outbox_poll_seconds: int
    log_level: str
    # Database connections per process: kept open, and extra ones opened under load. No
    # transaction waits on Slack, a PSA or Claude, so a few serve many concurrent requests; the pool
    # keeps as many as a burst of clicks holds at once (20 in flight), because a connection opened
    # beyond it is closed on return and a new backend costs more than the statements it runs.
    db_pool_size: int = 20
    db_max_overflow: int = 10
    # Slack user ids granted roles on first contact (single-workspace bootstrap).
    admin_user_ids: frozenset[str] = field(default_factory=frozenset)
    engineer_user_ids: frozenset[str] = field(default_factory=frozenset)
    psa: PSASettings = field(default_factory=PSASettings)
    # How long one outbox row stays leased to a worker without a heartbeat; must outlast one PSA call
    # with its retries (bot.writeback.lease checks it at start-up).
    outbox_lease_seconds: int = 300
    claude: ClaudeSettings = field(default_factory=ClaudeSettings)
    env: Mapping[str, str] = field(default_factory=dict, repr=False)
    # Fernet keys from WALKBOT_SECRET_KEY (comma-separated, newest first): secrets at rest are sealed with
    # the first and opened with any, so a rotation keeps the old key listed until `walkbot secrets rotate`.
    secret_keys: tuple[str, ...] = field(default=(), repr=False)
    # The https:// address Slack and browsers reach walkbot at (OAuth redirect, the PSA credentials page).
    public_url: str | None = None

    @property
    def pgdata_dir(self) -> Path:
        return self.data_dir / "pgdata"

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        unknown = sorted(k for k in env if k.startswith("WALKBOT_") and k not in KNOWN_WALKBOT_VARS)
        if unknown:
            raise ConfigError(f"{unknown[0]} is not a walkbot setting (see README: Configuration)")
        database_url = env.get("DATABASE_URL") or None
        if database_url and not database_url.startswith(("postgres://", "postgresql://", "postgresql+psycopg://")):
            raise ConfigError("DATABASE_URL must be a postgresql:// URL")
        log_level = env.get("WALKBOT_LOG_LEVEL", "INFO").upper()
        if log_level not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ConfigError(f"WALKBOT_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR, got {log_level!r}")
        api_url = env.get("SLACK_API_URL") or None
        if api_url and not api_url.startswith(("http://", "https://")):
            raise ConfigError("SLACK_API_URL must be an http(s):// URL")
        if api_url and not api_url.endswith("/"):
            api_url += "/"
        secret_keys = _secret_keys(env)
        client_id = env.get("SLACK_CLIENT_ID") or None
        client_secret = env.get("SLACK_CLIENT_SECRET") or None
        if bool(client_id) != bool(client_secret):
            missing = "SLACK_CLIENT_SECRET" if client_id else "SLACK_CLIENT_ID"
            raise ConfigError(f"{missing} is missing: the OAuth install needs SLACK_CLIENT_ID and SLACK_CLIENT_SECRET")
        if client_id and not secret_keys:
            raise ConfigError(
                "WALKBOT_SECRET_KEY is missing: installed by OAuth, bot tokens are stored encrypted "
                "(make a key with `walkbot secrets new-key`)"
            )
        public_url = (env.get("WALKBOT_PUBLIC_URL") or "").rstrip("/") or None
        if public_url and not public_url.startswith(("http://", "https://")):
            raise ConfigError("WALKBOT_PUBLIC_URL must be an http(s):// URL, e.g. https://walkbot.example.com")
        return cls(
            database_url=database_url,
            data_dir=Path(env.get("WALKBOT_DATA_DIR") or ".walkbot"),
            port=env_int(env, "PORT", 3000, minimum=1),
            slack=SlackSettings(
                bot_token=env.get("SLACK_BOT_TOKEN") or None,
                signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
                app_token=env.get("SLACK_APP_TOKEN") or None,
                api_url=api_url,
                escalation_channel=env.get("ESCALATION_CHANNEL") or None,
                client_id=client_id,
                client_secret=client_secret,
            ),
            idle_abandon_minutes=env_int(env, "WALKBOT_IDLE_ABANDON_MINUTES", 240, minimum=1),
            outbox_max_attempts=env_int(env, "WALKBOT_OUTBOX_MAX_ATTEMPTS", 8, minimum=1),
            outbox_poll_seconds=env_int(env, "WALKBOT_OUTBOX_POLL_SECONDS", 5, minimum=1),
            outbox_lease_seconds=env_int(env, "WALKBOT_OUTBOX_LEASE_SECONDS", 300, minimum=1),
            log_level=log_level,
            db_pool_size=env_int(env, "WALKBOT_DB_POOL_SIZE", cls.db_pool_size, minimum=1),
            db_max_overflow=env_int(env, "WALKBOT_DB_MAX_OVERFLOW", cls.db_max_overflow, minimum=0),
            admin_user_ids=_ids(env, "WALKBOT_ADMINS"),
            engineer_user_ids=_ids(env, "WALKBOT_ENGINEERS"),
            psa=PSASettings.from_env(env),
            claude=ClaudeSettings.from_env(env),
            env=env,
            secret_keys=secret_keys,
            public_url=public_url,
        )


def _secret_keys(env: Mapping[str, str]) -> tuple[str, ...]:
    """WALKBOT_SECRET_KEY as Fernet keys; a malformed one is named by position, never echoed."""
    keys = tuple(part.strip() for part in (env.get("WALKBOT_SECRET_KEY") or "").split(",") if part.strip())
    for position, key in enumerate(keys, start=1):
        if not is_valid_key(key):
            raise ConfigError(
                f"WALKBOT_SECRET_KEY key #{position} is not a Fernet key (32 url-safe base64 bytes): "
                "make one with `walkbot secrets new-key`"
            )
    return keys


def resolve_database_url(settings: Settings) -> str:
    """``DATABASE_URL`` when set, else the embedded server in the data folder (started on demand)."""
    if settings.database_url:
        return settings.database_url
    return start_embedded_postgres(settings.pgdata_dir)
