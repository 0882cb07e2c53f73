"""Run alembic from code, so an installed walkbot migrates without an alembic.ini in the working directory.

Several replicas may start together and each run ``walkbot migrate``: the upgrade runs under one
PostgreSQL advisory lock, so the first migrates while the others wait, then find nothing to do.
"""

from contextlib import contextmanager
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, pool, text

import migrations
from storage.database import sqlalchemy_url

# The advisory lock key every walkbot process agrees on for schema changes (any bigint; this one is
# the first eight bytes of sha256("walkbot migrate"), so it is unlikely to collide with another app's).
MIGRATION_LOCK_KEY = 0x0D1CFCCD54A08E29


def alembic_config(url: str) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(Path(migrations.__file__).parent))
    cfg.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return cfg


@contextmanager
def _locked_connection(url: str):
    """A connection holding the migration lock for as long as it is open (session-level, so alembic
    may commit and begin its own transactions on it; closing the connection releases the lock)."""
    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
            conn.commit()
            try:
                yield conn
            finally:
                conn.rollback()
                conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                conn.commit()
    finally:
        engine.dispose()


def _run_locked(url: str, run) -> tuple[str | None, str | None]:
    """Run one alembic command under the lock; the revisions before and after, as seen under it."""
    cfg = alembic_config(url)
    with _locked_connection(url) as conn:
        before = MigrationContext.configure(conn).get_current_revision()
        conn.commit()
        cfg.attributes["connection"] = conn
        run(cfg)
        conn.commit()
        return before, MigrationContext.configure(conn).get_current_revision()


def upgrade(url: str, revision: str = "head") -> tuple[str | None, str | None]:
    """Upgrade to ``revision``; returns (before, after), None meaning an empty database."""
    return _run_locked(url, lambda cfg: command.upgrade(cfg, revision))


def downgrade(url: str, revision: str = "base") -> tuple[str | None, str | None]:
    return _run_locked(url, lambda cfg: command.downgrade(cfg, revision))


def current_revision(url: str) -> str | None:
    """The revision the database is at, or None for an empty database."""
    engine = create_engine(sqlalchemy_url(url), poolclass=pool.NullPool)
    try:
        with engine.connect() as conn:
            return MigrationContext.configure(conn).get_current_revision()
    finally:
        engine.dispose()
