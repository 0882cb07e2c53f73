"""Run ``python -m bot.cli`` as an operator would, against the test run's database."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def walkbot(database_url: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALKBOT_")}
    env.update({"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120
    )


async def walkbot_async(database_url: str, *args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """The same without blocking this event loop (the fake Slack or PSA the command calls is served by it);
    PSA_*, CW_* and WALKBOT_* of this process are not passed on. Returns (exit status, stdout, stderr)."""
    full = {k: v for k, v in os.environ.items() if not k.startswith(("PSA_", "CW_", "WALKBOT_"))}
    full.update({"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), **(env or {})})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", *args, env=full, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, out.decode(), err.decode()
