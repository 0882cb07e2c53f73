"""`walkbot accounts writeback` (statuses checked against the PSA before saving) and `walkbot users list|link`,
run as real processes against the test database and a fake ConnectWise."""

import pytest

from storage.queries import accounts
from storage.queries.psa_writeback import writeback_of
from tests.commands.cli import walkbot_async as walkbot
from tests.fakes.psa_connectwise import FakeConnectWise


@pytest.fixture
async def cw():
    fake = await FakeConnectWise().start()
    yield fake
    await fake.stop()
    assert fake.violations == []


@pytest.fixture
async def account(db):
    async with db.begin() as s:
        found = await accounts.account_for_team(s, "T1")
        await accounts.user_for_slack_id(s, found.id, "U1", display_name="Jane")
        return found.id


@pytest.mark.slow
async def test_an_unknown_status_is_refused_when_saved_and_nothing_changes(db, database_url, cw, account):
    code, _, err = await walkbot(database_url, "accounts", "writeback", "--escalate-status", "Escalatd", env=cw.env())
    assert code == 1 and "no ConnectWise board has a status named 'Escalatd'" in err and "nothing changed" in err
    async with db() as s:
        assert await writeback_of(s, account) == {}
    code, out, err = await walkbot(
        database_url, "accounts", "writeback", "--pickup-status", "In Progress", "--time-entries", "on", env=cw.env()
    )
    assert code == 1 and "missing on board(s) Projects" in err  # a board without it is named, not ignored
    cw.boards[2]["statuses"][23] = "In Progress"
    code, out, _ = await walkbot(
        database_url, "accounts", "writeback", "--pickup-status", "In Progress", "--time-entries", "on", env=cw.env()
    )
    assert code == 0 and "saved." in out and "status on pick-up    In Progress" in out
    async with db() as s:
        saved = await writeback_of(s, account)
    assert saved["status_on_pickup"] == "In Progress" and saved["time_entries"] is True
    assert saved["resolution_text"] is False  # never turned on by accident


@pytest.mark.slow
async def test_users_link_overrides_the_psa_member_and_list_shows_it(database_url, cw, account):
    code, _, err = await walkbot(database_url, "users", "link", "U404", "31", env=cw.env())
    assert code == 1 and "never seen Slack user U404" in err
    code, _, err = await walkbot(database_url, "users", "link", "U1", "dortiz", env=cw.env())
    assert code == 1 and "ids are numbers" in err
    code, out, _ = await walkbot(database_url, "users", "link", "U1", "31", env=cw.env())
    assert code == 0 and "U1 now writes to connectwise as 31" in out
    code, out, _ = await walkbot(database_url, "users", "list", env=cw.env())
    assert code == 0 and "PSA MEMBER" in out.splitlines()[0]
    (line,) = [row for row in out.splitlines() if row.startswith("U1 ")]
    assert "Jane" in line and line.endswith("connectwise 31 (linked)")


@pytest.mark.slow
async def test_users_link_is_for_the_workspaces_own_psa_when_it_has_one(db, database_url, cw, account):
    """A workspace set to Halo (from Slack or `walkbot accounts psa`) links Halo agents, whatever PSA_KIND says;
    a member stored under the deployment's vendor would never be used for its notes."""
    async with db.begin() as s:
        await accounts.set_psa_connection(s, account, "halo", {"HALO_BASE_URL": "https://halo.example"}, None)
    code, out, err = await walkbot(database_url, "users", "link", "U1", "7", env=cw.env())
    assert code == 0, err
    assert "U1 now writes to halo as 7" in out
    code, out, _ = await walkbot(database_url, "users", "list", env=cw.env())
    (line,) = [row for row in out.splitlines() if row.startswith("U1 ")]
    assert line.endswith("halo 7 (linked)")


@pytest.mark.slow
async def test_users_link_with_no_psa_anywhere_changes_nothing(db, database_url, account):
    code, _, err = await walkbot(database_url, "users", "link", "U1", "7", env={"PSA_KIND": "none"})
    assert code == 1 and "this workspace has no PSA" in err
    code, out, _ = await walkbot(database_url, "users", "list")
    (line,) = [row for row in out.splitlines() if row.startswith("U1 ")]
    assert "linked" not in line
