"""Roles follow the env lists at every start, admins change roles and the engineers' channel, and a
change made from the CLI applies to the next click without a restart."""

from __future__ import annotations

import json
import time

from slack_sdk.oauth.installation_store import Installation
from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy import select

from bot.config import Settings
from bot.rendering import action_ids as ids
from bot.walks.roles import apply_configured
from storage.models import Account, User
from storage.queries import accounts
from storage.secret_box import SecretBox, new_key
from storage.slack_stores import SealedInstallationStore
from tests.commands.cli import walkbot, walkbot_async
from tests.harness.driver import static_select
from tests.slack.steps import button, buttons, click, start_printer_walk, the_walk

from .conftest import TEAM


async def role_of(db, slack_user_id: str) -> tuple[str, str] | None:
    async with db() as s:
        user = await s.scalar(select(User).where(User.slack_user_id == slack_user_id))
    return (user.role, user.role_source) if user else None


async def slash_reply(driver, text: str, user_id: str) -> str:
    seen = len(driver.fake.responses)
    await driver.slash(text, user_id=user_id)
    return (await driver.fake.wait_for_response(count=seen + 1))[-1]["text"]


async def test_a_role_given_with_the_cli_applies_to_the_next_click_without_a_restart(
    psa_walkbot, tech, fake_slack, db, database_url, tmp_path
):
    card = await start_printer_walk(tech, fake_slack, db)
    take_over = button(card.blocks, ids.TAKE_OVER)

    seen = len(fake_slack.responses)
    await tech.click(ids.TAKE_OVER, take_over["value"], channel_id=card.channel, message_ts=card.ts, user_id="U_LEAD")
    refused = (await fake_slack.wait_for_response(count=seen + 1))[-1]["text"]
    result = walkbot(database_url, "users", "role", "U_LEAD", "engineer", cwd=tmp_path)
    await tech.click(ids.TAKE_OVER, take_over["value"], channel_id=card.channel, message_ts=card.ts, user_id="U_LEAD")
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "took over" in c.args.get("text", ""))

    assert refused.startswith("Only engineers and walkbot admins can take over")
    assert result.returncode == 0, result.stderr
    assert "U_LEAD is now engineer (was l1)" in result.stdout
    assert (await the_walk(db)).acting_as == "l1_coverage"
    assert await role_of(db, "U_LEAD") == ("engineer", "admin")


async def test_a_role_given_with_the_cli_applies_to_the_next_step_click_without_a_restart(
    psa_walkbot, tech, fake_slack, db, database_url, tmp_path
):
    card = await start_printer_walk(tech, fake_slack, db)
    option = buttons(card.blocks)[0]

    async def click_as_lead() -> str:
        seen = len(fake_slack.responses)
        await click(tech, card, option, user_id="U_LEAD")
        return (await fake_slack.wait_for_response(count=seen + 1))[-1]["text"]

    as_l1 = await click_as_lead()  # first contact: U_LEAD's row is created as l1
    result = walkbot(database_url, "users", "role", "U_LEAD", "engineer", cwd=tmp_path)
    as_engineer = await click_as_lead()

    assert result.returncode == 0, result.stderr
    assert as_l1.endswith("'s walk, so your click changed nothing.")
    assert as_engineer.endswith("To carry it on yourself, click *Take over* on its card.")
    assert (await the_walk(db)).walked_path == []


async def test_users_list_shows_names_roles_and_where_each_role_came_from(
    psa_walkbot, tech, fake_slack, db, database_url, tmp_path
):
    fake_slack.set_user("U_ENG1", real_name="Eli Engineer", display_name="Eli")
    await start_printer_walk(tech, fake_slack, db, "12345 adhoc")
    await tech.slash("12345 printer-offline", user_id="U_ENG1")
    await fake_slack.wait_for("chat.postMessage", count=2)

    listed = walkbot(database_url, "users", "list", cwd=tmp_path)
    bad = walkbot(database_url, "users", "role", "U_TECH", "boss", cwd=tmp_path)

    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["SLACK", "ID", "NAME", "EMAIL", "ROLE", "FROM", "PSA", "MEMBER"]
    assert any(line.split()[:4] == ["U_ENG1", "Eli", "u_eng1@example.com", "engineer"] for line in lines)
    assert any(line.startswith("U_TECH") and " l1 " in line and "first contact" in line for line in lines)
    assert bad.returncode == 1 and "`boss` is not a role" in bad.stderr


async def test_the_env_lists_are_re_applied_at_start_promoting_and_demoting(db):
    async with db.begin() as s:
        account = await accounts.account_for_team(s, TEAM)
        await accounts.user_for_slack_id(s, account.id, "U_OLD_ADMIN", role="admin", role_source="env")
        await accounts.user_for_slack_id(s, account.id, "U_VETERAN")  # used walkbot before being listed
        await accounts.set_role_by_admin(s, account.id, "U_CHOSEN", "engineer")

    changes = await apply_configured(db, Settings.from_env({"WALKBOT_ADMINS": "U_VETERAN"}))
    again = await apply_configured(db, Settings.from_env({"WALKBOT_ADMINS": "U_VETERAN"}))

    assert await role_of(db, "U_OLD_ADMIN") == ("l1", "default")  # left the list: demoted
    assert await role_of(db, "U_VETERAN") == ("admin", "env")  # joined it: promoted
    assert await role_of(db, "U_CHOSEN") == ("engineer", "admin")  # an admin's choice stays
    assert len(changes) == 2 and again == []


async def test_a_later_escalation_channel_applies_unless_an_admin_chose_one_in_slack(psa_walkbot, tech, fake_slack, db):
    await tech.slash("mine", user_id="U_TECH")  # first contact: ESCALATION_CHANNEL seeds the channel
    await fake_slack.wait_for_response()

    await apply_configured(db, Settings.from_env({"ESCALATION_CHANNEL": "C_NEW_ENG"}))
    async with db() as s:
        after_env = (await s.scalar(select(Account))).engineer_channel_id
    refused = await slash_reply(tech, "channel <#C_ADMINS|eng>", "U_TECH")
    told = await slash_reply(tech, "channel <#C_ADMINS|eng>", "U_ADMIN")
    await apply_configured(db, Settings.from_env({"ESCALATION_CHANNEL": "C_NEWER"}))
    async with db() as s:
        account = await s.scalar(select(Account))

    assert after_env == "C_NEW_ENG"
    assert refused.startswith("Only walkbot admins")
    assert told.startswith("Handoff cards now go to <#C_ADMINS>")
    assert (account.engineer_channel_id, account.engineer_channel_source) == ("C_ADMINS", "admin")


async def test_an_admin_changes_a_role_in_slack_and_others_cannot(psa_walkbot, tech, fake_slack, db):
    refused = await slash_reply(tech, "role <@U_TECH|tina> admin", "U_TECH")
    told = await slash_reply(tech, "role <@U_TECH|tina> engineer", "U_ADMIN")
    self_demote = await slash_reply(tech, "role <@U_ADMIN|boss> l1", "U_ADMIN")

    assert refused.startswith("Only walkbot admins can change roles")
    assert told == "<@U_TECH> is now engineer."
    assert self_demote.startswith("You can't remove your own admin role")
    assert await role_of(db, "U_TECH") == ("engineer", "admin")
    assert await role_of(db, "U_ADMIN") == ("admin", "env")


def person(user_id: str) -> dict:
    return {"type": "users_select", "selected_user": user_id}


async def submit_role(tech, user_id: str, role: str | None, by: str) -> dict:
    values = {ids.ROLE_USER: {ids.ROLE_USER: person(user_id)}}
    if role:
        values[ids.ROLE] = {ids.ROLE: static_select(role)}
    status, body = await tech.submit_view(ids.SETTINGS_VIEW, values=values, user_id=by)
    assert status == 200
    return json.loads(body) if body else {}


async def test_an_admin_gives_a_role_in_the_settings_modal_and_it_applies_to_the_next_click(
    psa_walkbot, tech, fake_slack, db
):
    card = await start_printer_walk(tech, fake_slack, db)
    await tech.slash("settings", user_id="U_ADMIN")
    view = (await fake_slack.wait_for("views.open"))[0].args["view"]
    blocks = {b.get("block_id"): b for b in view["blocks"]}
    assert blocks[ids.ROLE_USER]["element"]["type"] == "users_select"
    assert [o["value"] for o in blocks[ids.ROLE]["element"]["options"]] == ["l1", "engineer", "admin"]
    assert "Admins: <@U_ADMIN>" in json.dumps(view)

    fake_slack.add_member("U_LEAD")  # the users picker offers members of the workspace
    answer = await submit_role(tech, "U_LEAD", "engineer", by="U_ADMIN")

    assert answer.get("response_action") != "errors"
    assert await role_of(db, "U_LEAD") == ("engineer", "admin")
    await tech.click(
        ids.TAKE_OVER,
        button(card.blocks, ids.TAKE_OVER)["value"],
        channel_id=card.channel,
        message_ts=card.ts,
        user_id="U_LEAD",
    )
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "took over" in c.args.get("text", ""))
    assert (await the_walk(db)).acting_as == "l1_coverage"


async def test_the_settings_modal_refuses_a_role_change_from_a_non_admin_or_half_filled_or_self_demoting(
    psa_walkbot, tech, fake_slack, db
):
    await tech.slash("mine", user_id="U_LEAD")  # U_LEAD has used walkbot: an L1 technician
    await fake_slack.wait_for_response()

    by_technician = await submit_role(tech, "U_LEAD", "admin", by="U_LEAD")
    no_role = await submit_role(tech, "U_LEAD", None, by="U_ADMIN")
    own_admin = await submit_role(tech, "U_ADMIN", "l1", by="U_ADMIN")

    assert by_technician["response_action"] == "errors"
    assert no_role["errors"] == {ids.ROLE: "Choose both a person and a role, or neither."}
    assert own_admin["errors"][ids.ROLE_USER].startswith("You can't remove your own admin role")
    assert await role_of(db, "U_LEAD") == ("l1", "default")
    assert (await role_of(db, "U_ADMIN"))[0] == "admin"


async def test_the_settings_modal_and_walk_role_refuse_a_bot_slackbot_a_deactivated_user_and_a_stranger(
    psa_walkbot, tech, fake_slack, db
):
    fake_slack.set_user("U_HELPBOT", real_name="Helpdesk Bot", is_bot=True)
    fake_slack.set_user("USLACKBOT", real_name="Slackbot")  # users.info says is_bot: false for Slackbot
    fake_slack.set_user("U_GONE", real_name="Gone Person", deleted=True)  # never used walkbot: no row yet

    bot = await submit_role(tech, "U_HELPBOT", "engineer", by="U_ADMIN")
    slackbot = await submit_role(tech, "USLACKBOT", "admin", by="U_ADMIN")
    gone = await submit_role(tech, "U_GONE", "engineer", by="U_ADMIN")
    stranger = await submit_role(tech, "U_OTHER_ORG", "engineer", by="U_ADMIN")  # users.info: user_not_found
    typed = await slash_reply(tech, "role <@U_HELPBOT|helpbot> admin", "U_ADMIN")

    assert bot["errors"] == {
        ids.ROLE_USER: "<@U_HELPBOT> is a bot, not a person: roles are for the people who walk and pick up tickets."
    }
    assert slackbot["errors"][ids.ROLE_USER].startswith("<@USLACKBOT> is a bot")
    assert gone["errors"] == {ids.ROLE_USER: "<@U_GONE> was deactivated in Slack; reactivate them in Slack first."}
    assert stranger["errors"][ids.ROLE_USER].startswith("<@U_OTHER_ORG> is not a member of this workspace")
    assert typed.startswith("<@U_HELPBOT> is a bot")
    for nobody in ("U_HELPBOT", "USLACKBOT", "U_GONE", "U_OTHER_ORG"):
        assert await role_of(db, nobody) is None  # no users row was made for them


async def test_when_slack_cannot_say_who_someone_is_no_role_changes(psa_walkbot, tech, fake_slack, db):
    fake_slack.add_member("U_LEAD")
    fake_slack.fail("users.info", "fatal_error", where=lambda args: args.get("user") == "U_LEAD")

    answer = await submit_role(tech, "U_LEAD", "engineer", by="U_ADMIN")

    assert answer["errors"][ids.ROLE_USER].startswith("walkbot could not check who <@U_LEAD> is")
    assert await role_of(db, "U_LEAD") is None


async def test_users_role_in_the_terminal_asks_slack_first_and_refuses_a_bot_a_deactivated_user_and_a_stranger(
    psa_walkbot, tech, fake_slack, db, database_url
):
    """With the workspace's bot token (SLACK_BOT_TOKEN here), `walkbot users role` asks users.info first, as
    /walk role does; when Slack can't answer nothing changes unless the operator passes --unchecked."""
    fake_slack.set_user("U_HELPBOT", real_name="Helpdesk Bot", is_bot=True)
    fake_slack.set_user("U_GONE", real_name="Gone Person", deleted=True)
    fake_slack.add_member("U_LEAD")
    slack = {"SLACK_BOT_TOKEN": fake_slack.token, "SLACK_API_URL": fake_slack.base_url}

    bot = await walkbot_async(database_url, "users", "role", "U_HELPBOT", "engineer", env=slack)
    gone = await walkbot_async(database_url, "users", "role", "U_GONE", "engineer", env=slack)
    stranger = await walkbot_async(database_url, "users", "role", "U_OTHER_ORG", "engineer", env=slack)
    fake_slack.fail("users.info", "fatal_error", where=lambda args: args.get("user") == "U_LEAD")
    unanswered = await walkbot_async(database_url, "users", "role", "U_LEAD", "engineer", env=slack)
    forced = await walkbot_async(database_url, "users", "role", "U_LEAD", "engineer", "--unchecked", env=slack)

    assert bot[0] == 1 and "U_HELPBOT is a bot, not a person" in bot[2]
    assert gone[0] == 1 and "U_GONE was deactivated in Slack" in gone[2]
    assert stranger[0] == 1 and "U_OTHER_ORG is not a member of this workspace" in stranger[2]
    assert unanswered[0] == 1 and "could not check who U_LEAD is" in unanswered[2] and "--unchecked" in unanswered[2]
    assert forced[0] == 0 and "U_LEAD is now engineer" in forced[1]
    asked = [c.args.get("user") for c in fake_slack.calls_to("users.info")]
    assert {"U_HELPBOT", "U_GONE", "U_OTHER_ORG", "U_LEAD"} <= set(asked)
    for nobody in ("U_HELPBOT", "U_GONE", "U_OTHER_ORG"):
        assert await role_of(db, nobody) is None
    assert await role_of(db, "U_LEAD") == ("engineer", "admin")


async def test_users_role_in_the_terminal_offers_unchecked_only_when_slack_gave_no_answer(
    psa_walkbot, fake_slack, db, database_url
):
    """--unchecked is offered because Slack could not answer, not because a refusal's words look alike: a
    role name that reads "could not check" is just not a role."""
    fake_slack.add_member("U_LEAD")
    slack = {"SLACK_BOT_TOKEN": fake_slack.token, "SLACK_API_URL": fake_slack.base_url}

    no_role = await walkbot_async(database_url, "users", "role", "U_LEAD", "could not check", env=slack)
    fake_slack.fail("users.info", "ratelimited", where=lambda args: args.get("user") == "U_LEAD")
    unanswered = await walkbot_async(database_url, "users", "role", "U_LEAD", "engineer", env=slack)

    assert no_role[0] == 1 and "`could not check` is not a role" in no_role[2] and "--unchecked" not in no_role[2]
    assert unanswered[0] == 1 and "Slack said `ratelimited`" in unanswered[2] and "--unchecked" in unanswered[2]
    assert await role_of(db, "U_LEAD") is None


async def test_users_role_in_the_terminal_with_no_bot_token_says_it_did_not_check(db, database_url):
    code, out, err = await walkbot_async(
        database_url, "users", "role", "U_LEAD", "engineer", env={"SLACK_BOT_TOKEN": ""}
    )
    assert code == 0 and "U_LEAD is now engineer" in out
    assert "not checked with Slack (SLACK_BOT_TOKEN is not set)" in err


async def test_users_role_in_the_terminal_uses_the_token_stored_at_install_under_oauth(
    fake_slack, db, db_engine, database_url
):
    """Installed by OAuth there is no SLACK_BOT_TOKEN: the check uses the workspace's sealed bot token, and an
    expired rotating token is renewed first (its refresh token) and stored sealed, as background work does."""
    key = new_key()
    store = SealedInstallationStore("CLIENT", db_engine, SecretBox([key]))
    await store.async_save(
        Installation(app_id="A1", team_id=TEAM, bot_token=fake_slack.token, user_id="U1", bot_id="B1")
    )
    fake_slack.set_user("U_HELPBOT", real_name="Helpdesk Bot", is_bot=True)
    fake_slack.add_member("U_LEAD")
    oauth = {
        "SLACK_CLIENT_ID": "CLIENT",
        "SLACK_CLIENT_SECRET": "client-secret",
        "WALKBOT_SECRET_KEY": key,
        "SLACK_API_URL": fake_slack.base_url,
        "SLACK_BOT_TOKEN": "",
    }

    bot = await walkbot_async(database_url, "users", "--team", TEAM, "role", "U_HELPBOT", "engineer", env=oauth)
    # Reinstalled with token rotation on, and 12 hours later its token has expired.
    fake_slack.register_app("CLIENT", "client-secret")
    code = fake_slack.approve_install(TEAM, client_id="CLIENT", token_rotation=True)
    granted = await AsyncWebClient(base_url=fake_slack.base_url).oauth_v2_access(
        client_id="CLIENT", client_secret="client-secret", code=code
    )
    await store.async_save(
        Installation(
            app_id="A1",
            team_id=TEAM,
            bot_token=granted["access_token"],
            bot_refresh_token=granted["refresh_token"],
            bot_token_expires_at=int(time.time()) - 60,
            user_id="U1",
            bot_id="B1",
        )
    )
    fake_slack.expire_tokens(TEAM)
    expired = await walkbot_async(database_url, "users", "--team", TEAM, "role", "U_LEAD", "engineer", env=oauth)

    assert bot[0] == 1 and "U_HELPBOT is a bot" in bot[2]
    [renewed] = fake_slack.rotated
    assert expired[0] == 0 and "U_LEAD is now engineer" in expired[1] and "not checked" not in expired[2]
    assert fake_slack.calls_to("users.info")[-1].token == renewed
    assert (await store.async_find_bot(enterprise_id=None, team_id=TEAM)).bot_token == renewed
