"""``walkbot accounts writeback``: how walks are written back to the PSA (statuses, resolution text, time).

Statuses are checked against the PSA before anything is saved: ConnectWise's per board, Autotask's
picklist, Halo's status list. The account is read, the PSA asked, then the account written, each in
its own step, so no transaction waits on the PSA.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from typing import Any

from bot.config import Settings

ON_OFF = {"on": True, "off": False, "yes": True, "no": False}


def register_verb(verbs: argparse._SubParsersAction) -> None:
    psa = verbs.add_parser("writeback", help="show or set how walks are written back to the PSA")
    psa.add_argument("--escalate-status", metavar="STATUS", help="status when a walk is escalated ('' clears)")
    psa.add_argument("--pickup-status", metavar="STATUS", help="status when an engineer picks up ('' clears)")
    psa.add_argument("--resolve-status", metavar="STATUS", help="status when a walk resolves ('' clears)")
    psa.add_argument("--assign-on-pickup", choices=("on", "off"), help="assign the ticket to the engineer")
    psa.add_argument("--resolution-text", choices=("on", "off"), help="technician's resolution text to the PSA")
    psa.add_argument("--time-entries", choices=("on", "off"), help="log the walk's time on the ticket")
    psa.add_argument("--billable", choices=("yes", "no"), help="logged time is billable")
    psa.add_argument("--work-type", metavar="WORK_TYPE", help="ConnectWise work type name / Autotask billing code id")
    psa.set_defaults(run=lambda s, a: asyncio.run(_psa(s, a)))


def changed_settings(current: Any, args: argparse.Namespace) -> Any:
    """The settings with what the command line changes ('' clears a status or work type)."""
    changes: dict[str, Any] = {}
    for name in ("escalate_status", "pickup_status", "resolve_status"):
        value = getattr(args, name)
        if value is not None:
            changes[f"status_on_{name.split('_')[0]}"] = value.strip() or None
    for name, field in (
        ("assign_on_pickup", "assign_on_pickup"),
        ("resolution_text", "resolution_text"),
        ("time_entries", "time_entries"),
        ("billable", "time_billable"),
    ):
        value = getattr(args, name)
        if value is not None:
            changes[field] = ON_OFF[value]
    if args.work_type is not None:
        changes["work_type"] = args.work_type.strip() or None
    return replace(current, **changes)


async def status_problems(client: Any, settings: Any) -> list[str]:
    """Every configured status the PSA doesn't know, in words (empty: all fine)."""
    problems = []
    for name, status in settings.statuses().items():
        problem = await client.check_status(status)
        if problem:
            problems.append(f"{name.replace('_', ' ')} {status!r}: {problem}")
    return problems


async def _psa(settings: Settings, args: argparse.Namespace) -> int:
    import aiohttp

    from bot.config import resolve_database_url
    from bot.psa.errors import PSAError
    from bot.psa.factory import build_psa_client
    from bot.psa.writeback_settings import WritebackSettings
    from storage.database import create_engine, create_session_factory
    from storage.queries.accounts import cli_account
    from storage.queries.psa_writeback import set_writeback, writeback_of

    engine = create_engine(resolve_database_url(settings), pool_size=2)
    db = create_session_factory(engine)
    try:
        async with db.begin() as session:
            try:
                account = await cli_account(session, args.team)
            except LookupError as exc:
                print(exc, file=sys.stderr)
                return 1
            current = WritebackSettings.from_json(await writeback_of(session, account.id))
            psa_settings = await _account_psa(session, account.id, settings) or settings.psa
        wanted = changed_settings(current, args)
        if wanted != current:
            async with aiohttp.ClientSession() as http:
                client = build_psa_client(psa_settings, http)
                if client is None and wanted.statuses():
                    print(
                        "nothing changed: no PSA is configured (PSA_KIND), so statuses can't be checked",
                        file=sys.stderr,
                    )
                    return 1
                try:
                    problems = await status_problems(client, wanted) if client is not None else []
                except PSAError as exc:
                    print(f"nothing changed: the statuses could not be checked: {exc}", file=sys.stderr)
                    return 1
            if problems:
                print("nothing changed:\n  " + "\n  ".join(problems), file=sys.stderr)
                return 1
            async with db.begin() as session:
                await set_writeback(session, account.id, wanted.to_json())
            print("saved.")
        _show(wanted, settings, psa_settings)
        return 0
    finally:
        await engine.dispose()


async def _account_psa(db: Any, account_id: Any, settings: Settings) -> Any:
    """The workspace's own PSA connection when it has one (checked where its statuses live), else None."""
    from bot.psa.accounts import account_psa_settings
    from storage.secret_box import SecretBox

    if not settings.secret_keys:
        return None
    return await account_psa_settings(db, SecretBox(settings.secret_keys), account_id)


def _show(current: Any, settings: Settings, psa: Any) -> None:
    def state(value: Any) -> str:
        return "on" if value is True else "off" if value is False else (value or "—")

    resolve = current.status_on_resolve or psa.status_on_resolve
    print(f"PSA: {psa.kind}")
    print(f"  status on escalate   {state(current.status_on_escalate)}")
    print(f"  status on pick-up    {state(current.status_on_pickup)}")
    print(f"  status on resolve    {state(resolve)}")
    print(f"  assign on pick-up    {state(current.assign_on_pickup)}")
    print(f"  resolution text      {state(current.resolution_text)}")
    print(
        f"  time entries         {state(current.time_entries)}"
        + (f" ({'billable' if current.time_billable else 'not billable'})" if current.time_entries else "")
    )
    print(f"  work type            {state(current.work_type)}")
