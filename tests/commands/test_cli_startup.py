"""``walkbot --help`` and the parsers of every command load no SDK: Claude's, Slack's, SQLAlchemy and aiohttp
are imported by the command that runs, never by start-up (docs/architecture.md, the ``bot/commands`` notes)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from tests.commands.cli import ROOT

HEAVY = ("anthropic", "slack_bolt", "slack_sdk", "sqlalchemy", "aiohttp")

PROBE = """
import json, sys
from bot.cli import main
try:
    main(sys.argv[1:])
except BaseException:  # --help exits; a command whose database is unreachable fails: either way, look after
    pass
print(json.dumps(sorted(m for m in {heavy!r} if m in sys.modules)), file=sys.stderr)
"""


def heavy_modules_loaded(*argv: str, env: dict[str, str] | None = None) -> list[str]:
    """What of HEAVY is in ``sys.modules`` after ``walkbot ARGV`` ran in a fresh interpreter."""
    done = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *argv],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_walkbot_help_loads_no_sdk():
    assert heavy_modules_loaded("--help") == []


def test_a_command_s_help_loads_no_sdk():
    for argv in (("serve", "--help"), ("users", "role", "--help"), ("accounts", "psa", "--help"), ("report", "--help")):
        assert heavy_modules_loaded(*argv) == [], argv


def test_a_command_that_runs_loads_what_it_needs():
    """The probe sees what a command imports: one that reaches the database has loaded SQLAlchemy."""
    refused = {"DATABASE_URL": "postgresql://walkbot@127.0.0.1:1/none"}  # nothing listens on port 1
    assert "sqlalchemy" in heavy_modules_loaded("outbox", "list", env=refused)
