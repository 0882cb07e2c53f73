"""``walkbot outbox …``: see PSA write-backs, re-queue parked ones, run a delivery pass by hand."""

from __future__ import annotations

import argparse
import asyncio
from typing import Any

from bot.commands.database import database
from bot.config import Settings


def register(sub: argparse._SubParsersAction) -> None:
    box = sub.add_parser("outbox", help="PSA write-back queue: list, retry parked writes, deliver now")
    verbs = box.add_subparsers(dest="verb", required=True)
    lst = verbs.add_parser("list", help="newest writes first, with attempts and the last error")
    lst.add_argument("--status", choices=("pending", "parked", "delivered"))
    lst.add_argument("--limit", type=int, default=50)
    lst.set_defaults(run=lambda s, a: asyncio.run(_with_db(s, a, _list)))
    retry = verbs.add_parser("retry", help="send parked writes (all, or the given ids) back to the queue")
    retry.add_argument("ids", nargs="*", type=int, metavar="ID")
    retry.set_defaults(run=lambda s, a: asyncio.run(_with_db(s, a, _retry)))
    deliver = verbs.add_parser("deliver", help="deliver everything due now, then exit")
    deliver.set_defaults(run=lambda s, a: asyncio.run(_deliver(s)))


async def _with_db(settings: Settings, args: argparse.Namespace, action) -> int:
    async with database(settings) as db:
        return await action(db, args)


async def _list(db: Any, args: argparse.Namespace) -> int:
    from bot.writeback.queue import outbox_writes

    writes = await outbox_writes(db, status=args.status, limit=args.limit)
    if not writes:
        print(f"no {args.status or ''} writes in the outbox".replace("  ", " "))
    for w in writes:
        when = w.delivered_at if w.status == "delivered" else w.next_attempt_at
        error = f"  last error: {' '.join((w.last_error or '').split())[:120]}" if w.last_error else ""
        print(
            f"{w.id:>6} {w.status:9} {w.psa_kind:11} ticket {w.ticket_id:10} {w.kind:6} "
            f"attempts {w.attempts:<2} {when:%Y-%m-%d %H:%M:%S}{error}"
        )
    return 0


async def _retry(db: Any, args: argparse.Namespace) -> int:
    from bot.writeback.queue import retry_parked

    count = await retry_parked(db, args.ids or None)
    if not count:
        print("nothing parked to retry: see walkbot outbox list --status parked")
        return 1
    print(f"re-queued {count} parked write(s); a running walkbot delivers them within seconds")
    return 0


async def _deliver(settings: Settings) -> int:
    import aiohttp

    from bot.psa.factory import build_psa_client
    from bot.psa.resolver import OnePSA
    from bot.writeback.lease import outbox_lease
    from bot.writeback.queue import deliver_everything_due
    from bot.writeback.worker import RetryPolicy

    async with database(settings) as db, aiohttp.ClientSession() as http:
        psa = OnePSA(build_psa_client(settings.psa, http), settings.psa.status_on_resolve)
        policy = RetryPolicy(max_attempts=settings.outbox_max_attempts, lease=outbox_lease(settings))
        totals = await deliver_everything_due(db, psa, policy)
    print(f"delivered {totals.delivered}, will retry {totals.retrying}, parked {totals.parked}")
    return 0 if not (totals.retrying or totals.parked) else 1
