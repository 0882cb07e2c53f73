"""What each request path's SQL reads, independent of the machine's load: shared buffers and rows per statement.

bench/scale.py runs every request path once more (untimed) while recording the statements walkbot's
engine sends (``before_cursor_execute``), then replays each with ``EXPLAIN (ANALYZE, BUFFERS)`` on a
connection of its own: all of a path's statements in order in one transaction, each in a savepoint,
rolled back at the end, so the database is left as the path left it. It does this with a few walks
and again after the history; a statement whose buffers (shared hit + read: pages touched, whether
cached or not) or rows examined grow with the history is a cost that grows with it, whatever the
wall clock on a busy machine says.

A replayed statement sees the database after the path ran: an INSERT of a row the path already
inserted fails on its key (shown as ``not replayed``), and a conditional UPDATE whose revision moved on
matches no row but still reads what it must to find that out. Planner settings (``SET LOCAL``) are
replayed as they were sent; a snapshot's export and import (``SET TRANSACTION SNAPSHOT``) are skipped.
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from typing import Any

import psycopg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

QUIET_SECONDS = 0.4  # a path's trailing statements (a card's revision check) arrive within this
MAX_TRAIL_SECONDS = 5.0
# A statement is flagged when it examines more than GROWTH_FLAG times the rows it did with a few walks (and at
# least ROWS_FLOOR more), or touches more than GROWTH_FLAG times the pages and at least PAGES_FLOOR more: a write
# adds an entry to each of the table's dozen indexes, each a level or two deeper at a million rows, which is
# logarithmic growth (~2 pages per index), not a scan.
GROWTH_FLAG = 1.5
ROWS_FLOOR = 16
PAGES_FLOOR = 64

# Not the path's work: transaction control, and the pool's liveness check of a connection idle for a while.
_PINGS = ("SELECT 1", ";", "")
_SKIPPED = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT", "SET TRANSACTION", "BEGIN", "COMMIT")


@dataclass(frozen=True)
class Sent:
    sql: str
    parameters: Any


@dataclass
class Cost:
    """One statement's replay: pages touched (shared hit + read) and rows read from tables and indexes."""

    sql: str
    calls: int = 0
    buffers: int = 0
    rows: int = 0
    failed: str = ""  # why a replay could not run (the path's own INSERT already holds the key)
    plan: dict[str, Any] | None = None  # the last replay's plan (EXPLAIN's JSON), for --plans


@dataclass
class PathCost:
    statements: dict[str, Cost] = field(default_factory=dict)  # by SQL text, in first-sent order

    @property
    def calls(self) -> int:
        return sum(c.calls for c in self.statements.values())

    @property
    def buffers(self) -> int:
        return sum(c.buffers for c in self.statements.values())


class StatementRecorder:
    """Records what is sent on an engine's pooled connections while a request is recorded, at the driver (a cursor
    factory set at checkout): SQLAlchemy's statements and those the click's hot path sends through psycopg itself
    (storage/driver.py), which SQLAlchemy's events never see."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sent: list[Sent] = []
        self.last_at = 0.0
        self._on = False
        self.armed = False  # record_path is running: requests record what they send
        recorder = self

        class RecordingCursor(psycopg.AsyncCursor):
            async def execute(self, query: Any, params: Any = None, **kwargs: Any) -> Any:
                recorder._record(query, params)
                return await super().execute(query, params, **kwargs)

            async def executemany(self, query: Any, params_seq: Any, **kwargs: Any) -> None:
                params_seq = list(params_seq)
                recorder._record(query, params_seq[0] if params_seq else None)
                await super().executemany(query, params_seq, **kwargs)

        def recording_cursors(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
            dbapi_connection.driver_connection.cursor_factory = RecordingCursor

        self._on_checkout = recording_cursors
        event.listen(engine.sync_engine.pool, "checkout", recording_cursors)

    def close(self) -> None:
        event.remove(self.engine.sync_engine.pool, "checkout", self._on_checkout)

    def _record(self, query: Any, parameters: Any) -> None:
        self.last_at = time.monotonic()
        if self._on:
            self.sent.append(Sent(query if isinstance(query, str) else str(query), parameters))

    @asynccontextmanager
    async def request(self) -> AsyncIterator[None]:
        """Around one request of a path being recorded: what is sent until the engine has been quiet for a moment.

        A path's preparation (walks it starts or escalates first) runs outside it and is not recorded."""
        if not self.armed:
            yield
            return
        await self.until_quiet()  # what an earlier request still sends (a card's ts, its revision check) is not ours
        self._on = True
        try:
            yield
            await self.until_quiet()
        finally:
            self._on = False

    async def until_quiet(self) -> None:
        started = time.monotonic()
        while time.monotonic() - started < MAX_TRAIL_SECONDS:
            await asyncio.sleep(0.1)
            if time.monotonic() - max(self.last_at, started) >= QUIET_SECONDS:
                return


async def record_path(recorder: StatementRecorder, run: Callable[[], Awaitable[Any]]) -> list[Sent]:
    """The statements of one run of a path (its requests inside ``recorder.request()``)."""
    recorder.sent, recorder.armed = [], True
    try:
        await run()
    finally:
        recorder.armed = False
    return list(recorder.sent)


async def replay(database_url: str, sent: list[Sent]) -> PathCost:
    """EXPLAIN (ANALYZE, BUFFERS) each statement in order, in one transaction that is rolled back."""
    cost = PathCost()
    async with await psycopg.AsyncConnection.connect(database_url) as conn:
        try:
            for n, statement in enumerate(sent):
                sql = statement.sql.strip()
                if sql in _PINGS or sql.upper().startswith(_SKIPPED) or "pg_export_snapshot()" in sql:
                    continue
                entry = cost.statements.setdefault(sql, Cost(sql))
                entry.calls += 1
                if sql.upper().startswith("SET "):
                    await conn.execute(sql, statement.parameters or None)
                    continue
                await conn.execute(f"SAVEPOINT replay_{n}")
                try:
                    cur = await conn.execute(
                        "EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) " + sql, statement.parameters or None
                    )
                    plan = _plan_json((await cur.fetchone())[0])
                    await conn.execute(f"RELEASE SAVEPOINT replay_{n}")
                except psycopg.Error as e:
                    await conn.execute(f"ROLLBACK TO SAVEPOINT replay_{n}")
                    entry.failed = type(e).__name__
                    continue
                entry.plan = plan
                entry.buffers += plan_buffers(plan)
                entry.rows += rows_examined(plan)
        finally:
            await conn.rollback()
    return cost


def _plan_json(value: Any) -> dict[str, Any]:
    document = json.loads(value) if isinstance(value, str) else value
    return document[0]["Plan"]


def plan_buffers(plan: dict[str, Any]) -> int:
    """Pages the statement's execution touched in shared buffers, cached (hit) or not (read); children included."""
    return int(plan.get("Shared Hit Blocks", 0)) + int(plan.get("Shared Read Blocks", 0))


def rows_examined(plan: dict[str, Any]) -> int:
    """Rows every table scan (sequential, index, bitmap heap) returned or discarded (filter, recheck), all loops."""
    total = 0
    if "Relation Name" in plan and plan.get("Node Type") != "ModifyTable":
        per_loop = (
            plan.get("Actual Rows", 0)
            + plan.get("Rows Removed by Filter", 0)
            + plan.get("Rows Removed by Index Recheck", 0)
        )
        total += round(per_loop * plan.get("Actual Loops", 1))
    for child in plan.get("Plans", []):
        total += rows_examined(child)
    return total


def write_plans(path: str, before: dict[str, PathCost], after: dict[str, PathCost]) -> None:
    """Every path's statements in full with their plans, few walks and N, as JSON (to read what a flag is about)."""
    document = {
        name: [
            {
                "sql": sql,
                "few walks": _as_dict(before.get(name, PathCost()).statements.get(sql)),
                "history": _as_dict(cost.statements.get(sql)),
            }
            for sql in dict.fromkeys([*before.get(name, PathCost()).statements, *cost.statements])
        ]
        for name, cost in after.items()
    }
    with open(path, "w") as out:
        json.dump(document, out, indent=1, default=str)


def _as_dict(cost: Cost | None) -> dict[str, Any] | None:
    if cost is None:
        return None
    return {"calls": cost.calls, "buffers": cost.buffers, "rows": cost.rows, "failed": cost.failed, "plan": cost.plan}


def _short(sql: str, width: int) -> str:
    flat = re.sub(r"\s+", " ", sql)
    return flat if len(flat) <= width else flat[: width - 1] + "…"


def _ratio(after: int, before: int) -> str:
    if before == 0:
        return "-" if after == 0 else "new"
    return f"{after / before:.2f}"


def grows(before: Cost | None, after: Cost) -> bool:
    pages, rows = (before.buffers, before.rows) if before else (0, 0)
    return (after.rows - rows >= ROWS_FLOOR and after.rows > GROWTH_FLAG * max(rows, 1)) or (
        after.buffers - pages >= PAGES_FLOOR and after.buffers > GROWTH_FLAG * max(pages, 1)
    )


def report(before: dict[str, PathCost], after: dict[str, PathCost], sessions: int) -> list[str]:
    """Print each path's statements side by side; return the paths with a statement that reads more (flagged !)."""
    growing = []
    print(
        f"\nSQL per request path, replayed with EXPLAIN (ANALYZE, BUFFERS): shared buffers hit+read and rows "
        f"examined, few walks -> {sessions:,} walks"
    )
    head = f"  {'calls':>9}{'buffers':>21}{'ratio':>9}{'rows examined':>21}  statement"
    for name, cost in after.items():
        few = before.get(name, PathCost())
        flag = [sql for sql, c in cost.statements.items() if grows(few.statements.get(sql), c)]
        if flag:
            growing.append(name)
        print(
            f"\n{name}: {few.calls} -> {cost.calls} statements, {few.buffers:,} -> {cost.buffers:,} buffers "
            f"({_ratio(cost.buffers, few.buffers)}){'  READS MORE' if flag else ''}"
        )
        print(head)
        for sql in dict.fromkeys([*few.statements, *cost.statements]):
            b, a = few.statements.get(sql), cost.statements.get(sql)
            b = b or Cost(sql)
            a = a or Cost(sql)
            calls = f"{b.calls} / {a.calls}"
            bufs = f"{b.buffers:,} / {a.buffers:,}"
            rows = f"{b.rows:,} / {a.rows:,}"
            note = " [not replayed: " + (a.failed or b.failed) + "]" if (a.failed or b.failed) else ""
            mark = "!" if sql in flag else " "
            print(f"{mark} {calls:>9}{bufs:>21}{_ratio(a.buffers, b.buffers):>9}{rows:>21}  {_short(sql, 90)}{note}")
    return growing
