"""`walkbot secrets`: a new key, and rotation that re-seals every stored secret while the old key still opens."""

import json
import os
import subprocess
import sys
import uuid

import psycopg
from slack_sdk.oauth.installation_store import Installation

from storage.models import Account
from storage.secret_box import SecretBox, is_valid_key, new_key
from storage.slack_stores import SealedInstallationStore
from tests.commands.cli import ROOT


def walkbot(database_url: str, *args: str, secret_key: str | None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALKBOT_")}
    env.update({"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT)})
    if secret_key is not None:
        env["WALKBOT_SECRET_KEY"] = secret_key
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_new_key_prints_a_key_walkbot_accepts(database_url):
    result = walkbot(database_url, "secrets", "new-key", secret_key=None)
    assert result.returncode == 0
    assert is_valid_key(result.stdout.strip())


def test_a_malformed_key_stops_walkbot_without_echoing_it(database_url):
    result = walkbot(database_url, "secrets", "rotate", secret_key=f"{new_key()},not-a-key-hunter2")
    assert result.returncode == 2
    assert "WALKBOT_SECRET_KEY key #2 is not a Fernet key" in result.stderr
    assert "hunter2" not in result.stderr


async def test_rotate_reseals_psa_credentials_and_slack_tokens_with_the_new_key(database_url, db, db_engine):
    old, new = new_key(), new_key()
    old_box = SecretBox([old])
    async with db.begin() as session:
        session.add(
            Account(
                id=uuid.uuid4(),
                slack_team_id="T_ROT",
                psa_kind="halo",
                psa_secrets=old_box.seal(json.dumps({"client_secret": "halo-s3cret"})),
            )
        )
    await SealedInstallationStore("CLIENT", db_engine, old_box).async_save(
        Installation(app_id="A1", team_id="T_ROT", bot_token="xoxb-rot-token", user_id="U1", bot_id="B1")
    )

    result = walkbot(database_url, "secrets", "rotate", secret_key=f"{new},{old}")
    assert result.returncode == 0, result.stderr
    assert "re-sealed 1 PSA credential set(s) and 2 Slack token(s)" in result.stdout

    new_only = SecretBox([new])
    with psycopg.connect(database_url) as conn:
        sealed = conn.execute("SELECT psa_secrets FROM accounts WHERE slack_team_id = 'T_ROT'").fetchone()[0]
    assert json.loads(new_only.open(sealed)) == {"client_secret": "halo-s3cret"}
    bot = await SealedInstallationStore("CLIENT", db_engine, new_only).async_find_bot(
        enterprise_id=None, team_id="T_ROT"
    )
    assert bot.bot_token == "xoxb-rot-token"
    assert "halo-s3cret" not in result.stdout + result.stderr


def test_rotate_without_a_key_says_what_to_set(database_url):
    result = walkbot(database_url, "secrets", "rotate", secret_key=None)
    assert result.returncode == 2
    assert "WALKBOT_SECRET_KEY is not set" in result.stderr
