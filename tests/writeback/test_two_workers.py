"""Two worker processes on one outbox, against a PSA that answers slowly: one note per walk, nothing falsely parked."""

from __future__ import annotations

import asyncio
import json
import os
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select, text

from bot.config import ConfigError, Settings
from bot.writeback.lease import outbox_lease
from storage.models import PsaOutbox
from storage.queries import outbox
from tests.writeback.conftest import finish_walk

ROOT = Path(__file__).resolve().parents[2]
WALKS = 8


async def run_worker(database_url: str, env: dict[str, str], lease_seconds: float) -> dict[str, int]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "tests.writeback.worker_process",
        database_url,
        str(lease_seconds),
        cwd=ROOT,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(process.communicate(), 120)
    assert process.returncode == 0, err.decode()
    return json.loads(out.decode().strip().splitlines()[-1])


async def test_two_worker_processes_and_a_slow_psa_post_each_note_exactly_once(db, cw, database_url):
    for ticket in range(WALKS):
        cw.add_ticket(500 + ticket, f"Printer {ticket}")
        await finish_walk(db, str(500 + ticket))
    cw.delay = 0.4  # every PSA request: a batch of 8 takes longer than the 2 s lease
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALKBOT_")} | cw.env()

    first, second = await asyncio.gather(
        run_worker(database_url, env, lease_seconds=2), run_worker(database_url, env, lease_seconds=2)
    )

    async with db() as s:
        rows = list(await s.scalars(select(PsaOutbox)))
    notes = {ticket: len(cw.posted_notes(500 + ticket)) for ticket in range(WALKS)}
    assert notes == dict.fromkeys(range(WALKS), 1), (notes, first, second)
    assert len(cw.requests_to("POST", "/notes")) == WALKS
    assert first["parked"] == second["parked"] == 0
    assert {r.status for r in rows} == {"delivered"}
    assert first["delivered"] + second["delivered"] == WALKS
    assert first["delivered"] and second["delivered"]  # both workers really shared the queue


async def test_a_worker_whose_lease_was_taken_can_neither_park_nor_mark_the_row(db):
    await finish_walk(db)
    async with db.begin() as s:
        (slow,) = await outbox.lease_due(s, lease=timedelta(minutes=5))
        await s.execute(text("UPDATE psa_outbox SET next_attempt_at = now() - interval '1 second'"))
    async with db.begin() as s:
        (fast,) = await outbox.lease_due(s, lease=timedelta(minutes=5))
        assert await outbox.mark_delivered(s, fast, "N1")
    async with db.begin() as s:
        parked = await outbox.mark_failed(s, slow, "timed out", retry_at=None)
        delivered_again = await outbox.mark_delivered(s, slow, "N2")
        renewed = await outbox.renew_lease(s, slow, timedelta(minutes=5))

    async with db() as s:
        row = await s.scalar(select(PsaOutbox))
    assert (parked, delivered_again, renewed) == (False, False, False)
    assert (row.status, row.external_id, row.last_error) == ("delivered", "N1", None)
    assert slow.lease_token != fast.lease_token


def test_start_up_refuses_a_lease_shorter_than_one_psa_call_with_its_retries():
    env = {"PSA_TIMEOUT_SECONDS": "20", "WALKBOT_OUTBOX_LEASE_SECONDS": "60"}

    with pytest.raises(ConfigError, match="WALKBOT_OUTBOX_LEASE_SECONDS \\(60\\) must be longer .*\\(70 s at"):
        outbox_lease(Settings.from_env(env))
    assert outbox_lease(Settings.from_env(env | {"WALKBOT_OUTBOX_LEASE_SECONDS": "71"})) == timedelta(seconds=71)
    assert outbox_lease(Settings.from_env({})) == timedelta(minutes=5)  # the default fits the default timeout
