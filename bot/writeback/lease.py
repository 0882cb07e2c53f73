"""How long a worker holds an outbox row, and the start-up check that it is long enough.

A lease shorter than one PSA call (with its timeouts and inline retries) would let a second
worker take a row whose POST is still in flight and post the note twice. The heartbeat renews
the lease while a write is in flight; this check covers the case the heartbeat can't (the
database unreachable for a while): the call in flight gives up before the lease runs out.
"""

from __future__ import annotations

from datetime import timedelta

from bot.config import ConfigError, Settings
from bot.psa.http import longest_call_seconds


def outbox_lease(settings: Settings) -> timedelta:
    """The configured lease, refused (ConfigError) when one PSA call with its retries could outlast it."""
    longest = longest_call_seconds(settings.psa.timeout_seconds)
    if settings.outbox_lease_seconds <= longest:
        raise ConfigError(
            f"WALKBOT_OUTBOX_LEASE_SECONDS ({settings.outbox_lease_seconds}) must be longer than one PSA call "
            f"can take with its retries ({longest:g} s at PSA_TIMEOUT_SECONDS={settings.psa.timeout_seconds:g}): "
            "raise it, or lower PSA_TIMEOUT_SECONDS"
        )
    return timedelta(seconds=settings.outbox_lease_seconds)


def heartbeat_every(lease: timedelta) -> float:
    """Renew three times per lease, so one missed beat never loses it."""
    return max(lease.total_seconds() / 3, 0.05)
