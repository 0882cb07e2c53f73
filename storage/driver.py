"""Statements sent through psycopg itself, for the click's hot path: a pooled connection in autocommit and
Core statements compiled once.

SQLAlchemy's execution around a statement (greenlet hand-offs, the compiled cache, result and type
processing, the connection's checkout and reset) costs about 0.3 ms of CPU per statement over psycopg's
own, more than a click's read or write costs psycopg. The statements are still written as SQLAlchemy
Core (``storage/queries``): ``DriverStatement`` compiles one to psycopg's SQL once per process and
applies the column types' bind processing, so the values sent are those SQLAlchemy would send.

These statements skip SQLAlchemy's events (``before_cursor_execute``): count statements at the driver
(a cursor factory on the pooled connections, as ``bench/clicks.py`` does), which sees both kinds.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable, Mapping
from dataclasses import dataclass
from typing import Any

import psycopg
from sqlalchemy.dialects import postgresql
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.sql import ClauseElement
from sqlalchemy.util import greenlet_spawn

_DIALECT = postgresql.psycopg.dialect()


@contextlib.asynccontextmanager
async def driver_connection(engine: AsyncEngine) -> AsyncIterator[psycopg.AsyncConnection]:
    """A connection from the engine's pool as psycopg's own, in autocommit (each statement commits alone;
    no BEGIN/COMMIT round trips). The pool's checkout rules apply (its liveness check included), and the
    connection goes back as SQLAlchemy lent it; one left broken or mid-statement is thrown away instead."""
    pooled = await engine.raw_connection()
    connection: psycopg.AsyncConnection = pooled.driver_connection
    try:
        await connection.set_autocommit(True)
        yield connection
    finally:
        # Idle and unbroken (a statement that failed leaves it so in autocommit): back to the pool, as
        # SQLAlchemy's sessions expect it; cancelled mid-statement or broken: thrown away.
        idle = not connection.broken and connection.info.transaction_status == psycopg.pq.TransactionStatus.IDLE
        if idle:
            await connection.set_autocommit(False)
            await greenlet_spawn(pooled.close)  # the pool's reset may await the driver
        else:
            await greenlet_spawn(pooled.invalidate)


@dataclass(frozen=True)
class DriverStatement:
    """A Core statement as psycopg's SQL (named ``%(name)s`` parameters), with the bind processing of each
    parameter's column type (JSONB values become psycopg ``Jsonb``, ``None`` JSON ``null``, as SQLAlchemy
    sends them). Results need none: psycopg returns the same Python values SQLAlchemy's psycopg dialect does
    for the types used here (checked when compiled)."""

    sql: str
    binds: Mapping[str, Callable[[Any], Any]]

    @classmethod
    def of(cls, statement: ClauseElement) -> DriverStatement:
        compiled = statement.compile(dialect=_DIALECT)
        binds = {}
        for name, bind in compiled.binds.items():
            process = bind.type.dialect_impl(_DIALECT).bind_processor(_DIALECT)
            if process is not None:
                binds[name] = process
        for column in getattr(compiled, "_result_columns", ()):
            if column[3].dialect_impl(_DIALECT).result_processor(_DIALECT, None) is not None:
                raise TypeError(f"{column[0]}: its type needs result processing; read it through SQLAlchemy")
        return cls(str(compiled), binds)

    def parameters(self, values: Mapping[str, Any]) -> dict[str, Any]:
        binds = self.binds
        return {name: binds[name](value) if name in binds else value for name, value in values.items()}

    async def execute(self, connection: psycopg.AsyncConnection, values: Mapping[str, Any], **cursor: Any):
        """Run it on ``connection``; returns psycopg's cursor (``cursor`` options: a ``row_factory``)."""
        return await connection.cursor(**cursor).execute(self.sql, self.parameters(values))
