"""Claude configuration from the environment: the API key, models, limits and the AI walk's depth cap."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from bot.config.values import ConfigError, env_int


def _seconds(env: Mapping[str, str], name: str, default: float) -> float:
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a number of seconds, got {raw!r}") from None
    if not 0 < value <= 600:
        raise ConfigError(f"{name} must be between 0 and 600 seconds, got {raw}")
    return value


@dataclass(frozen=True)
class ClaudeSettings:
    """Claude configuration. No API key means AI-guided walks are not offered and classification uses keywords."""

    api_key: str | None = None
    base_url: str | None = None
    model: str = "claude-sonnet-4-5"
    fast_model: str = "claude-haiku-4-5"
    max_tokens: int = 1024
    timeout_seconds: float = 30.0
    max_depth: int = 12

    def __repr__(self) -> str:  # never print the key
        key = "set" if self.api_key else "unset"
        return f"ClaudeSettings(api_key={key}, base_url={self.base_url!r}, model={self.model!r})"

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> ClaudeSettings:
        base_url = (env.get("ANTHROPIC_BASE_URL") or "").strip() or None
        if base_url and not base_url.startswith(("http://", "https://")):
            raise ConfigError("ANTHROPIC_BASE_URL must be an http(s):// URL")
        return cls(
            api_key=(env.get("ANTHROPIC_API_KEY") or "").strip() or None,
            base_url=base_url,
            model=(env.get("WALKBOT_AI_MODEL") or "").strip() or cls.model,
            fast_model=(env.get("WALKBOT_AI_FAST_MODEL") or "").strip() or cls.fast_model,
            max_tokens=env_int(env, "WALKBOT_AI_MAX_TOKENS", cls.max_tokens, minimum=64),
            timeout_seconds=_seconds(env, "WALKBOT_AI_TIMEOUT_SECONDS", cls.timeout_seconds),
            max_depth=env_int(env, "WALKBOT_AI_MAX_DEPTH", cls.max_depth, minimum=1),
        )
