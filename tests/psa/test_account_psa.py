"""Each account's own PSA: stored sealed, checked like the environment's, built lazily, cached per account and
rebuilt when its settings change; `walkbot accounts psa` sets and tests it without echoing a credential."""

import asyncio
import os
import subprocess
import sys
import uuid

import psycopg

from bot.config import ConfigError
from bot.psa.accounts import AccountPSA, check_connection, parse_account_psa, save_account_psa
from bot.psa.resolver import OnePSA
from storage.models import Account
from storage.secret_box import SecretBox, new_key
from tests.commands.cli import ROOT
from tests.psa.conftest import client_for

KEY = new_key()


def halo_settings(fake) -> dict[str, str]:
    env = fake.env()
    return {k: v for k, v in env.items() if k not in ("PSA_KIND", "HALO_CLIENT_SECRET")}


async def _account(db, team: str = "T_PSA") -> uuid.UUID:
    account_id = uuid.uuid4()
    async with db.begin() as session:
        session.add(Account(id=account_id, slack_team_id=team))
    return account_id


async def walkbot(database_url: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    """Run the CLI without blocking this event loop: the fake PSA it calls is served by it."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WALKBOT_")}
    env.update({"DATABASE_URL": database_url, "PYTHONPATH": str(ROOT), "WALKBOT_SECRET_KEY": KEY})
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot.cli",
        *args,
        env=env,
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await asyncio.wait_for(proc.communicate(stdin.encode()), 120)
    return subprocess.CompletedProcess(args, proc.returncode, out.decode(), err.decode())


async def test_the_cli_stores_credentials_sealed_shows_them_masked_and_tests_them(database_url, db, halo):
    await _account(db)
    sets = [arg for name, value in halo_settings(halo).items() for arg in ("--set", f"{name}={value}")]
    result = await walkbot(
        database_url,
        "accounts",
        "--team",
        "T_PSA",
        "psa",
        "--kind",
        "halo",
        *sets,
        "--secret",
        "HALO_CLIENT_SECRET",
        "--test",
        stdin=f"{halo.client_secret}\n",
    )
    assert result.returncode == 0, result.stderr
    assert "Connected to HaloPSA: the credentials work." in result.stdout
    assert "HALO_CLIENT_SECRET" in result.stdout and "•••••• (set; replace to change)" in result.stdout
    assert halo.client_secret not in result.stdout + result.stderr
    with psycopg.connect(database_url) as conn:
        kind, sealed = conn.execute("SELECT psa_kind, psa_secrets FROM accounts").fetchone()
    assert kind == "halo" and halo.client_secret not in sealed
    assert SecretBox([KEY]).open(sealed) == f'{{"HALO_CLIENT_SECRET": "{halo.client_secret}"}}'


async def test_a_rejected_credential_is_reported_in_the_vendors_words(database_url, db, halo):
    await _account(db)
    sets = [arg for name, value in halo_settings(halo).items() for arg in ("--set", f"{name}={value}")]
    result = await walkbot(
        database_url,
        "accounts",
        "psa",
        "--kind",
        "halo",
        *sets,
        "--secret",
        "HALO_CLIENT_SECRET",
        "--test",
        stdin="not-the-secret\n",
    )
    assert result.returncode == 1
    assert "HaloPSA refused walkbot's credentials" in result.stderr
    assert "not-the-secret" not in result.stdout + result.stderr


async def test_an_incomplete_psa_is_refused_naming_what_is_missing_and_nothing_is_stored(database_url, db):
    await _account(db)
    result = await walkbot(database_url, "accounts", "psa", "--kind", "connectwise", "--set", "CW_COMPANY=acme")
    assert result.returncode == 1
    assert "nothing changed: PSA_KIND=connectwise needs CW_PUBLIC_KEY, CW_PRIVATE_KEY, CW_CLIENT_ID" in result.stderr
    with psycopg.connect(database_url) as conn:
        assert conn.execute("SELECT psa_kind FROM accounts").fetchone()[0] == "none"


def test_a_setting_of_another_vendor_is_named_as_a_typo():
    try:
        parse_account_psa("halo", {"CW_SITE": "x"}, {})
    except ConfigError as exc:
        assert "CW_SITE is not a HaloPSA setting" in str(exc)
    else:
        raise AssertionError("CW_SITE was accepted for Halo")


async def test_clients_are_built_once_per_account_and_rebuilt_when_settings_change(db, http, halo, cw):
    box = SecretBox([KEY])
    one, two = await _account(db, "T_ONE"), await _account(db, "T_TWO")
    async with db.begin() as session:
        await save_account_psa(
            session, box, one, "halo", halo_settings(halo), {"HALO_CLIENT_SECRET": halo.client_secret}
        )
        cw_env = cw.env()
        await save_account_psa(
            session,
            box,
            two,
            "connectwise",
            {k: v for k, v in cw_env.items() if k in ("CW_BASE_URL", "CW_COMPANY", "CW_CLIENT_ID")},
            {"CW_PUBLIC_KEY": cw_env["CW_PUBLIC_KEY"], "CW_PRIVATE_KEY": cw_env["CW_PRIVATE_KEY"]},
        )
    resolver = AccountPSA(db, http, box, fallback=None)
    try:
        first = await resolver.connection_for(one)
        assert first.kind == "halo" and (await resolver.connection_for(one)) is first
        assert (await resolver.connection_for(two)).kind == "connectwise"
        async with db.begin() as session:  # the admin changes the outcome; the secret is kept
            await save_account_psa(session, box, one, "halo", halo_settings(halo) | {"HALO_OUTCOME": "Note"}, {})
        rebuilt = await resolver.connection_for(one)
        assert rebuilt is not first and rebuilt.kind == "halo"
        worked, message = await check_connection(
            parse_account_psa("halo", halo_settings(halo), {"HALO_CLIENT_SECRET": halo.client_secret}), http
        )
        assert worked, message
    finally:
        await resolver.close()


async def test_an_account_that_never_chose_a_psa_uses_the_fallback_only_when_there_is_one(db, http, cw):
    box = SecretBox([KEY])
    account = await _account(db)
    env_client = client_for(cw, http)
    single_workspace = AccountPSA(db, http, box, fallback=OnePSA(env_client))
    assert (await single_workspace.connection_for(account)).client is env_client
    installed_by_oauth = AccountPSA(db, http, box, fallback=None)
    assert await installed_by_oauth.connection_for(account) is None
    await single_workspace.close()
