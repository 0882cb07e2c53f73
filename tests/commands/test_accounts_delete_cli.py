"""`walkbot accounts list|delete`: deleting a workspace asks for its team id and removes only its rows."""

import os
import subprocess
import sys
import uuid

import psycopg

from storage.models import Account, User
from tests.commands.cli import ROOT


def walkbot(database_url: str, *args: str, answer: str = "") -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALKBOT_")}
    env.update({"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)})
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, input=answer, capture_output=True, text=True, timeout=120
    )


async def _two_workspaces(db) -> None:
    async with db.begin() as session:
        for team in ("T_GONE", "T_STAYS"):
            account = Account(id=uuid.uuid4(), slack_team_id=team, name=f"{team} Inc")
            session.add(account)
            await session.flush()
            session.add(User(id=uuid.uuid4(), account_id=account.id, slack_user_id="U1", role="admin"))


def _teams(database_url: str) -> list[str]:
    with psycopg.connect(database_url) as conn:
        return sorted(r[0] for r in conn.execute("SELECT slack_team_id FROM accounts"))


async def test_delete_asks_for_the_team_id_and_refuses_anything_else(database_url, db):
    await _two_workspaces(db)
    result = walkbot(database_url, "accounts", "--team", "T_GONE", "delete", answer="yes\n")
    assert result.returncode == 1
    assert "Type the team id to confirm" in result.stdout
    assert "nothing was deleted" in result.stderr
    assert _teams(database_url) == ["T_GONE", "T_STAYS"]


async def test_a_confirmed_delete_removes_that_workspace_only(database_url, db):
    await _two_workspaces(db)
    result = walkbot(database_url, "accounts", "--team", "T_GONE", "delete", answer="T_GONE\n")
    assert result.returncode == 0, result.stderr
    assert "deleted workspace T_GONE (1 users)" in result.stdout
    assert _teams(database_url) == ["T_STAYS"]
    listing = walkbot(database_url, "accounts", "list")
    assert "T_STAYS" in listing.stdout and "T_GONE" not in listing.stdout


async def test_delete_of_an_unknown_team_changes_nothing(database_url, db):
    await _two_workspaces(db)
    result = walkbot(database_url, "accounts", "--team", "T_NOPE", "delete", "--yes")
    assert result.returncode == 1
    assert "no workspace T_NOPE" in result.stderr


async def test_the_engineers_channel_is_set_from_the_terminal_like_from_slack(database_url, db):
    await _two_workspaces(db)
    result = walkbot(database_url, "accounts", "--team", "T_STAYS", "channel", "--set", "C_ENGINEERS")
    assert result.returncode == 0, result.stderr
    assert "engineers' channel: C_ENGINEERS" in result.stdout
    with psycopg.connect(database_url) as conn:
        rows = conn.execute(
            "SELECT slack_team_id, engineer_channel_id, engineer_channel_source FROM accounts"
        ).fetchall()
    assert sorted(rows) == [("T_GONE", None, None), ("T_STAYS", "C_ENGINEERS", "admin")]
