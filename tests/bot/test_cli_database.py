"""`walkbot migrate` and `walkbot db-url` on the embedded database and on DATABASE_URL."""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import psycopg
import pytest

from tests.conftest import create_throwaway_database, drop_database


def walkbot(*args, cwd, env_extra=None):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


@pytest.fixture
def embedded_home():
    """A folder the embedded server's own system user can reach. Run as root, pgserver starts PostgreSQL as
    user ``pgserver``; pytest keeps /tmp/pytest-of-root at mode 700 (and re-tightens it when any other pytest
    starts), so pgdata under tmp_path is unreachable."""
    path = Path(tempfile.mkdtemp(prefix="walkbot-embedded-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@pytest.mark.slow
def test_migrate_creates_the_embedded_database_and_a_second_run_is_a_no_op(embedded_home):
    tmp_path = embedded_home
    env = {"WALKBOT_DATA_DIR": str(tmp_path / "wb"), "PYTHONPATH": os.getcwd()}
    first = walkbot("migrate", cwd=tmp_path, env_extra=env)
    assert first.returncode == 0, first.stderr
    assert "migrated empty database ->" in first.stdout
    assert (tmp_path / "wb" / "pgdata" / "PG_VERSION").exists()
    second = walkbot("migrate", cwd=tmp_path, env_extra=env)
    assert second.returncode == 0, second.stderr
    assert "nothing to do" in second.stdout
    url = walkbot("db-url", cwd=tmp_path, env_extra=env).stdout.strip()
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM l1_walk_sessions").fetchone()[0] == 0
    _stop_embedded(tmp_path / "wb" / "pgdata")


def _stop_embedded(pgdata):
    import pgserver

    pgserver.get_server(str(pgdata), cleanup_mode="stop").cleanup()


def test_migrate_uses_database_url_when_set(tmp_path):
    url = create_throwaway_database()
    try:
        result = walkbot("migrate", cwd=tmp_path, env_extra={"DATABASE_URL": url, "PYTHONPATH": os.getcwd()})
        assert result.returncode == 0, result.stderr
        assert "(DATABASE_URL)" in result.stdout
        assert not (tmp_path / ".walkbot").exists()
        assert (
            walkbot("db-url", cwd=tmp_path, env_extra={"DATABASE_URL": url, "PYTHONPATH": os.getcwd()}).stdout.strip()
            == url
        )
        with psycopg.connect(url) as conn:
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        drop_database(url)


def test_a_configuration_error_exits_2_with_one_line(tmp_path):
    result = walkbot("db-url", cwd=tmp_path, env_extra={"PORT": "x", "PYTHONPATH": os.getcwd()})
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "PORT" in result.stderr
