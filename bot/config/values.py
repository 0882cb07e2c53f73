"""Reading one environment value, and the error that names a bad one (shared by every settings module)."""

from __future__ import annotations

from collections.abc import Mapping


class ConfigError(ValueError):
    """A missing or malformed environment variable; the message names it."""


def env_int(env: Mapping[str, str], name: str, default: int, *, minimum: int = 0) -> int:
    """A whole-number setting; a malformed one is a ConfigError naming the variable."""
    raw = (env.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from None
    if value < minimum:
        raise ConfigError(f"{name} must be at least {minimum}, got {value}")
    return value
