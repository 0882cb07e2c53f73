"""Alembic environment: migrates the URL given by walkbot (``walkbot migrate``) or by ``-x url=...``."""

from alembic import context
from sqlalchemy import create_engine, pool

from storage.database import sqlalchemy_url
from storage.models import Base
from storage.slack_stores import SLACK_SDK_TABLES

config = context.config
target_metadata = Base.metadata


def _url() -> str:
    url = context.get_x_argument(as_dictionary=True).get("url") or config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL: run `walkbot migrate`, or pass -x url=postgresql://...")
    return sqlalchemy_url(url)


def run_migrations_offline() -> None:
    context.configure(url=_url(), target_metadata=target_metadata, literal_binds=True, compare_server_default=True)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = create_engine(_url(), poolclass=pool.NullPool)
    with engine.connect() as conn:
        _run(conn)
    engine.dispose()


def _include_name(name, type_, parent_names) -> bool:
    """slack_sdk's OAuth tables have no models here: their columns are slack_sdk's (see migration 0012)."""
    return not (type_ == "table" and name in SLACK_SDK_TABLES)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        compare_server_default=True,
        include_name=_include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
