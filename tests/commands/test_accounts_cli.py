"""``walkbot accounts categories``: admins change where AI-guided walks are offered; the safety floor stays shut."""

from storage.queries import accounts
from tests.commands.cli import walkbot


async def _categories(db):
    async with db() as s:
        return (await accounts.cli_account(s)).ai_categories


async def test_categories_shows_the_ten_defaults_with_labels(db, database_url, tmp_path):
    result = walkbot(database_url, "accounts", "categories", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    enabled = result.stdout.split("Not enabled:")[0]
    assert "printer                Printer" in enabled
    assert "email_client           Outlook / email client" in enabled
    assert "software_install" not in enabled
    assert len(await _categories(db)) == 10


async def test_set_replaces_the_allowlist(db, database_url, tmp_path):
    walkbot(database_url, "accounts", "categories", cwd=tmp_path)

    result = walkbot(database_url, "accounts", "categories", "--set", "printer, vpn,printer,hardware", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "now offered in 3 categories" in result.stdout
    assert await _categories(db) == ["printer", "vpn", "hardware"]


async def test_unknown_keys_and_the_safety_floor_are_refused_and_nothing_changes(db, database_url, tmp_path):
    walkbot(database_url, "accounts", "categories", "--set", "printer", cwd=tmp_path)

    result = walkbot(database_url, "accounts", "categories", "--set", "printer,registry,printers", cwd=tmp_path)

    assert result.returncode == 1
    assert "nothing changed" in result.stderr
    assert "'registry' is part of the hard safety floor (registry change)" in result.stderr
    assert "unknown category 'printers'" in result.stderr
    assert "Categories are: password_reset," in result.stderr
    assert await _categories(db) == ["printer"]


async def test_an_empty_set_turns_ai_guided_walks_off(db, database_url, tmp_path):
    result = walkbot(database_url, "accounts", "categories", "--set", "", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "AI-guided walks are off" in result.stdout
    assert await _categories(db) == []


async def _floor_denies(db):
    async with db() as s:
        return (await accounts.cli_account(s)).floor_denies


async def test_floor_lists_the_fixed_classes_and_no_extra_denies_by_default(db, database_url, tmp_path):
    result = walkbot(database_url, "accounts", "floor", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "registry               registry change" in result.stdout
    assert "disk_encryption" in result.stdout and "network_device" in result.stdout
    assert "adds no extra denies" in result.stdout
    assert await _floor_denies(db) == []


async def test_an_admin_adds_and_removes_extra_denied_phrases(db, database_url, tmp_path):
    result = walkbot(database_url, "accounts", "floor", "--deny", "RMM Agent, NinjaOne,rmm agent", cwd=tmp_path)

    assert result.returncode == 0, result.stderr
    assert "also denies AI-built steps that mention:\n  rmm agent\n  ninjaone" in result.stdout
    assert await _floor_denies(db) == ["rmm agent", "ninjaone"]

    result = walkbot(database_url, "accounts", "floor", "--undeny", "ninjaone", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert await _floor_denies(db) == ["rmm agent"]


async def test_no_account_setting_removes_a_class_or_phrase_of_the_fixed_floor(db, database_url, tmp_path):
    walkbot(database_url, "accounts", "floor", "--deny", "rmm agent", cwd=tmp_path)

    result = walkbot(database_url, "accounts", "floor", "--undeny", "registry,regedit,rmm agent", cwd=tmp_path)

    assert result.returncode == 1
    assert "nothing changed" in result.stderr
    assert "'registry' is part of the fixed safety floor (registry change)" in result.stderr
    assert "'regedit' is part of the fixed safety floor" in result.stderr
    assert await _floor_denies(db) == ["rmm agent"]


async def test_a_phrase_too_short_to_deny_is_refused(db, database_url, tmp_path):
    result = walkbot(database_url, "accounts", "floor", "--deny", "rmm agent,pc", cwd=tmp_path)

    assert result.returncode == 1
    assert "too short to deny safely" in result.stderr and "pc" in result.stderr
    assert await _floor_denies(db) == []
