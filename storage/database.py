"""Async engine and session factory, from a plain ``postgresql://`` URL."""

import time

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import InvalidatePoolError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def sqlalchemy_url(url: str) -> str:
    """Pin the psycopg 3 driver whatever scheme the operator wrote (postgres://, postgresql://)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
    if parsed.drivername in ("postgresql", "postgresql+psycopg2", "postgresql+asyncpg"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


# A pooled connection is checked before use only when it sat unused this long (seconds). Under load a connection
# goes back out within milliseconds, so a round trip per checkout (SQLAlchemy's pre-ping) bought nothing but a
# round trip; a server restart or a killed backend leaves connections idle for longer than this by the time
# anyone asks for them. One used again sooner and found dead fails that one statement, and SQLAlchemy then
# replaces every connection the pool held (as pre-ping would).
PING_AFTER_IDLE = 1.0


def create_engine(
    url: str, *, pool_size: int = 10, max_overflow: int | None = None, ping_after_idle: float = PING_AFTER_IDLE
) -> AsyncEngine:
    """``max_overflow``: connections opened beyond ``pool_size`` under load (default: as many again).
    ``ping_after_idle``: check a pooled connection on checkout if it was idle longer (0: every checkout)."""
    engine = create_async_engine(
        sqlalchemy_url(url),
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
    )
    _ping_after_idle(engine, ping_after_idle)
    return engine


def _ping_after_idle(engine: AsyncEngine, idle: float) -> None:
    pool, dialect = engine.sync_engine.pool, engine.sync_engine.dialect

    @event.listens_for(pool, "checkin")
    def note_idle_since(_dbapi_connection, record) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def ping_if_idle(dbapi_connection, record, _proxy) -> None:
        since = record.info.get("idle_since")  # None: new, just connected
        if since is None or time.monotonic() - since < idle:
            return
        try:
            dialect.do_ping(dbapi_connection)
        except Exception as exc:  # dead: the pool replaces it, and every connection older than now
            raise InvalidatePoolError(f"connection idle for {time.monotonic() - since:.0f} s failed its ping") from exc


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def autocommit(engine: AsyncEngine) -> AsyncEngine:
    """The engine's pool with statements that commit one by one (no BEGIN/COMMIT round trips)."""
    return engine.execution_options(isolation_level="AUTOCOMMIT")


def create_autocommit_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose statements commit one by one (no BEGIN/COMMIT round trips), on the same pool. For work
    whose concurrency is spelled out in one conditional statement (a click's UPDATE … WHERE revision = …),
    where a transaction around it would add round trips and nothing else."""
    return async_sessionmaker(autocommit(engine), expire_on_commit=False)


class SessionOnDemand:
    """An ``AsyncSession`` opened on first use and closed (its connection given back) by ``close``. For a hot
    path whose reads are nearly always served by per-process caches (a click's flow version, the technician's
    Slack id): opening, committing and closing a session it never uses cost more than its two statements."""

    def __init__(self, factory: async_sessionmaker[AsyncSession]) -> None:
        self._factory = factory
        self._session: AsyncSession | None = None

    def __getattr__(self, name: str):
        if self._session is None:
            self._session = self._factory()
        return getattr(self._session, name)

    async def close(self) -> None:
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()
