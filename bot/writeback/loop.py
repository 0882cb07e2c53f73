"""The outbox worker as a background task of ``walkbot serve``: one delivery pass every few seconds, forever.

It must outlive any one failure (a database restart, a bug in one row): a pass that raises
is logged and the next pass runs as usual. PSA outages never reach here; the worker turns
them into retries with backoff.
"""

from __future__ import annotations

import asyncio
import logging

from bot.runtime import Runtime
from bot.writeback.lease import outbox_lease
from bot.writeback.worker import ParkedCallback, RetryPolicy, deliver_due

log = logging.getLogger(__name__)

BATCH = 10


async def run_outbox_loop(runtime: Runtime, on_parked: ParkedCallback | None = None) -> None:
    settings = runtime.settings
    policy = RetryPolicy(max_attempts=settings.outbox_max_attempts, lease=outbox_lease(settings))
    while True:
        busy = False
        try:
            report = await deliver_due(runtime.db, runtime.psa, policy, on_parked=on_parked, batch=BATCH)
            handled = len(report.delivered) + len(report.retrying) + len(report.parked)
            busy = handled >= BATCH  # a full batch: more may be due, go again without waiting
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("outbox delivery pass failed; trying again in %s s", settings.outbox_poll_seconds)
        if not busy:
            await asyncio.sleep(settings.outbox_poll_seconds)
