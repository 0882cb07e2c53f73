"""Run ``python -m bot.cli`` as an operator would, against the test run's database."""

from __future__ import annotations

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
