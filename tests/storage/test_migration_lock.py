"""`walkbot migrate` is safe when several replicas start together: one migrates, the others wait, then no-op."""

import os
import subprocess
import sys
import threading

import psycopg

from storage.migrate import MIGRATION_LOCK_KEY, current_revision, upgrade
from tests.conftest import create_throwaway_database, drop_database


def _tables(url: str) -> set[str]:
    with psycopg.connect(url) as conn:
        return {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}


def test_an_upgrade_waits_while_another_process_holds_the_migration_lock():
    url = create_throwaway_database()
    try:
        with psycopg.connect(url, autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s)", (MIGRATION_LOCK_KEY,))
            done = threading.Event()
            worker = threading.Thread(target=lambda: (upgrade(url), done.set()), daemon=True)
            worker.start()
            # Still blocked after a generous moment: nothing was created behind the holder's back.
            assert not done.wait(1.5)
            assert "l1_walk_sessions" not in _tables(url)
            holder.execute("SELECT pg_advisory_unlock(%s)", (MIGRATION_LOCK_KEY,))
        assert done.wait(120), "upgrade did not finish once the lock was released"
        assert "l1_walk_sessions" in _tables(url)
    finally:
        drop_database(url)


def test_two_walkbot_migrate_started_together_both_succeed_and_one_migrates():
    url = create_throwaway_database()
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": os.getcwd()}
    try:
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "bot.cli", "migrate"],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(2)
        ]
        results = [(p.wait(timeout=180), *p.communicate()) for p in procs]
        for code, _out, err in results:
            assert code == 0, err
        outputs = sorted(out for _code, out, _err in results)
        # Each reports what it saw under the lock: exactly one migrated, the other found nothing to do.
        assert sum("migrated empty database ->" in out for out in outputs) == 1, outputs
        assert sum("nothing to do" in out for out in outputs) == 1, outputs
        assert current_revision(url) is not None
    finally:
        drop_database(url)
