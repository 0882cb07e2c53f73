"""``walkbot migrate`` and ``walkbot db-url``: the database the app runs on."""

from __future__ import annotations

import argparse
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from bot.config import Settings, resolve_database_url


def register(sub: argparse._SubParsersAction) -> None:
    migrate = sub.add_parser("migrate", help="create or upgrade the schema (alembic upgrade head)")
    migrate.set_defaults(run=run_migrate)
    db_url = sub.add_parser("db-url", help="print the database URL in use (starts the embedded one if needed)")
    db_url.set_defaults(run=run_db_url)


def run_migrate(settings: Settings, args: argparse.Namespace) -> int:
    from storage.migrate import upgrade

    # Under a PostgreSQL advisory lock: replicas starting together migrate once, the rest wait and no-op.
    before, after = upgrade(resolve_database_url(settings))
    where = "embedded database in " + str(settings.pgdata_dir) if not settings.database_url else "DATABASE_URL"
    if before == after:
        print(f"schema already at {after} ({where}); nothing to do")
    else:
        print(f"migrated {before or 'empty database'} -> {after} ({where})")
    return 0


def run_db_url(settings: Settings, args: argparse.Namespace) -> int:
    print(resolve_database_url(settings))
    return 0


@asynccontextmanager
async def database(settings: Settings, *, pool_size: int = 2) -> AsyncIterator[Any]:
    """A session factory for one command, its pool closed at the end. The command hands it to one use-case
    function, which opens the transaction (``bot/commands`` never does); SQLAlchemy is imported only here."""
    from storage.database import create_engine, create_session_factory

    engine = create_engine(resolve_database_url(settings), pool_size=pool_size)
    try:
        yield create_session_factory(engine)
    finally:
        await engine.dispose()
