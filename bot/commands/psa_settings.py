"""``walkbot accounts writeback``: how walks are written back to the PSA (statuses, resolution text, time).

The statuses are checked against the PSA before anything is saved (``bot/writeback/settings.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from dataclasses import replace
from typing import Any

from bot.commands.database import database
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


async def _psa(settings: Settings, args: argparse.Namespace) -> int:
    from bot.writeback.settings import WritebackRefused, change_writeback, writeback_of_workspace

    async with database(settings) as db:
        try:
            current = await writeback_of_workspace(db, args.team, settings.psa, settings.secret_keys)
        except LookupError as exc:  # no such workspace, or several and no --team
            print(exc, file=sys.stderr)
            return 1
        wanted = changed_settings(current.settings, args)
        if wanted != current.settings:
            try:
                await change_writeback(db, current, wanted)
            except WritebackRefused as exc:
                why = "\n  " + "\n  ".join(exc.problems) if exc.problems else f" {exc}"
                print(f"nothing changed:{why}", file=sys.stderr)
                return 1
            print("saved.")
    _show(wanted, current.psa)
    return 0


def _show(current: Any, psa: Any) -> None:
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
