"""Async engine and session factory, from a plain ``postgresql://`` URL."""

from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine


def sqlalchemy_url(url: str) -> str:
    """Pin the psycopg 3 driver whatever scheme the operator wrote (postgres://, postgresql://)."""
    parsed = make_url(url.replace("postgres://", "postgresql://", 1) if url.startswith("postgres://") else url)
    if parsed.drivername in ("postgresql", "postgresql+psycopg2", "postgresql+asyncpg"):
        parsed = parsed.set(drivername="postgresql+psycopg")
    return parsed.render_as_string(hide_password=False)


def create_engine(url: str, *, pool_size: int = 10, max_overflow: int | None = None) -> AsyncEngine:
    """``max_overflow``: connections opened beyond ``pool_size`` under load (default: as many again)."""
    return create_async_engine(
        sqlalchemy_url(url),
        pool_size=pool_size,
        max_overflow=pool_size if max_overflow is None else max_overflow,
        pool_pre_ping=True,
    )


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)


def create_autocommit_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Sessions whose statements commit one by one (no BEGIN/COMMIT round trips), on the same pool. For work
    whose concurrency is spelled out in one conditional statement (a click's UPDATE … WHERE revision = …),
    where a transaction around it would add round trips and nothing else."""
    return async_sessionmaker(engine.execution_options(isolation_level="AUTOCOMMIT"), expire_on_commit=False)
