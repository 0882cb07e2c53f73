"""One outbox worker as its own process, for tests of several workers on one database.

Runs the real ``deliver_due`` (the serve loop's pass) until nothing has been due for a few passes,
with the lease given on the command line, then prints what it did as JSON. Configuration comes from
the environment exactly as ``walkbot serve`` reads it.
"""

from __future__ import annotations

import asyncio
import json
import sys
from datetime import timedelta

import aiohttp

from bot.config import Settings
from bot.psa.factory import build_psa_client
from bot.psa.resolver import OnePSA
from bot.writeback.worker import RetryPolicy, deliver_due
from storage.database import create_engine, create_session_factory


async def work(database_url: str, lease_seconds: float) -> dict[str, int]:
    settings = Settings.from_env()
    engine = create_engine(database_url, pool_size=3)
    totals = {"delivered": 0, "retrying": 0, "parked": 0, "lost": 0}
    try:
        async with aiohttp.ClientSession() as http:
            psa = OnePSA(build_psa_client(settings.psa, http), None)
            policy = RetryPolicy(max_attempts=50, lease=timedelta(seconds=lease_seconds))
            idle = 0
            while idle < 4:
                report = await deliver_due(create_session_factory(engine), psa, policy)
                for key in totals:
                    totals[key] += len(getattr(report, key, []))
                busy = report.delivered or report.retrying or report.parked
                idle = 0 if busy else idle + 1
                if not busy:
                    await asyncio.sleep(0.5)
    finally:
        await engine.dispose()
    return totals


if __name__ == "__main__":
    print(json.dumps(asyncio.run(work(sys.argv[1], float(sys.argv[2])))))
