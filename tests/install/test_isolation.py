"""Two MSPs install walkbot, one on ConnectWise and one on HaloPSA. Each walk's note lands in its own PSA;
neither workspace's people can see, click or pick up the other's walks or escalations; one uninstalling
leaves the other working."""

import asyncio
from pathlib import Path

import aiohttp
import pytest
from sqlalchemy import select

from bot.flows.library import import_flow_files
from bot.psa.accounts import save_account_psa
from bot.rendering import action_ids as ids
from bot.rendering.action_ids import ButtonRef
from bot.writeback.worker import deliver_due
from storage.models import Escalation, L1WalkSession
from storage.queries import accounts
from tests.fakes.psa_connectwise import FakeConnectWise
from tests.fakes.psa_halo import FakeHalo
from tests.harness.driver import SlackDriver, plain_text_input, radio_buttons, static_select
from tests.install.oauth import install, start_oauth_walkbot
from tests.slack.steps import button, buttons

pytestmark = pytest.mark.slow

FLOWS = sorted((Path(__file__).resolve().parents[2] / "flows").glob("*.yaml"))
CW_TEAM, HALO_TEAM = "T_CWSHOP", "T_HALOSHOP"


@pytest.fixture
async def two_msps(database_url, fake_slack, db):
    """walkbot installed by OAuth in two workspaces, each with its own PSA, flows, engineers' channel and people."""
    cw, halo = FakeConnectWise(), FakeHalo()
    await cw.start()
    await halo.start()
    cw.add_ticket(12345, "Printer offline on floor 2", board="Service Desk", type="Printer", company="Acme Dental")
    halo.add_ticket(777, "Printer offline in reception", client_name="Bravo Law")
    walkbot = await start_oauth_walkbot(database_url, fake_slack)
    drivers = {}
    try:
        async with aiohttp.ClientSession() as browser:
            await install(browser, walkbot, fake_slack, CW_TEAM, installer="U_CW_ADMIN")
            await install(browser, walkbot, fake_slack, HALO_TEAM, installer="U_HALO_ADMIN")
        box = walkbot.runtime.secrets
        cw_env, halo_env = cw.env(), halo.env()
        async with db.begin() as session:
            for team, kind, env, engineers_channel, engineer in (
                (CW_TEAM, "connectwise", cw_env, "C_CW_ENGINEERS", "U_CW_ENG"),
                (HALO_TEAM, "halo", halo_env, "C_HALO_ENGINEERS", "U_HALO_ENG"),
            ):
                account = await accounts.find_account(session, team)
                secret_names = {"CW_PUBLIC_KEY", "CW_PRIVATE_KEY", "HALO_CLIENT_SECRET"}
                await save_account_psa(
                    session,
                    box,
                    account.id,
                    kind,
                    {k: v for k, v in env.items() if k not in secret_names and k != "PSA_KIND"},
                    {k: v for k, v in env.items() if k in secret_names},
                )
                await accounts.set_engineer_channel(session, account.id, engineers_channel, source="admin")
                await accounts.set_role_by_admin(session, account.id, engineer, "engineer")
                report = await import_flow_files(session, account.id, FLOWS)
                assert not report.errors
        for team in (CW_TEAM, HALO_TEAM):
            drivers[team] = SlackDriver(walkbot.url, walkbot.signing_secret, team, fake_slack, team_domain=team.lower())
        yield walkbot, cw, halo, drivers
    finally:
        for driver in drivers.values():
            await driver.close()
        await walkbot.close()
        await cw.stop()
        await halo.stop()


async def start_walk(driver, fake_slack, text, channel):
    await driver.slash(text, channel_id=channel, user_id="U_TECH")
    posted = (await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == channel))[0]
    return posted


async def resolve_walk(driver, fake_slack, posted, channel):
    ts = posted.response["ts"]
    first = buttons(posted.args["blocks"])[0]
    await driver.click(first["action_id"], first["value"], channel_id=channel, message_ts=ts)
    blocks = (await fake_slack.wait_for("chat.update", where=lambda c: c.args.get("ts") == ts))[-1].args["blocks"]
    await driver.click(ids.RESOLVE, button(blocks, ids.RESOLVE)["value"], channel_id=channel, message_ts=ts)
    modal = (await fake_slack.wait_for("views.open", where=lambda c: c.token == fake_slack.token_for(driver.team_id)))[
        -1
    ]
    await driver.submit_view(
        ids.RESOLVE_VIEW,
        values={"notes": {"notes": plain_text_input("Power-cycled it")}, "helpful": {"helpful": radio_buttons("yes")}},
        private_metadata=modal.args["view"]["private_metadata"],
    )


async def walks(db, status=None):
    async with db() as session:
        rows = list(await session.scalars(select(L1WalkSession)))
    return [r for r in rows if status is None or r.status == status]


async def eventually(check, tries=200):
    for _ in range(tries):
        if await check():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("never happened")


async def test_each_workspace_writes_to_its_own_psa(two_msps, fake_slack, db):
    walkbot, cw, halo, drivers = two_msps
    cw_card = await start_walk(drivers[CW_TEAM], fake_slack, "12345 printer-offline", "C_CW_DESK")
    halo_card = await start_walk(drivers[HALO_TEAM], fake_slack, "777 printer-offline", "C_HALO_DESK")
    assert cw_card.token == fake_slack.token_for(CW_TEAM) and halo_card.token == fake_slack.token_for(HALO_TEAM)
    await resolve_walk(drivers[CW_TEAM], fake_slack, cw_card, "C_CW_DESK")
    await resolve_walk(drivers[HALO_TEAM], fake_slack, halo_card, "C_HALO_DESK")

    async def both_resolved():
        return len(await walks(db, "resolved")) == 2

    await eventually(both_resolved)
    report = await deliver_due(walkbot.runtime.db, walkbot.runtime.psa)
    assert len(report.delivered) == 2
    [cw_note] = cw.posted_notes(12345)
    [halo_note] = halo.actions_on(777)
    assert "Power-cycled it" in cw_note["text"] and "Power-cycled it" in halo_note["note"]
    assert "Bravo Law" not in cw_note["text"] and "Acme Dental" not in halo_note["note"]


async def test_a_workspace_cannot_click_see_or_pick_up_the_others_walks(two_msps, fake_slack, db):
    walkbot, cw, halo, drivers = two_msps
    cw_driver, halo_driver = drivers[CW_TEAM], drivers[HALO_TEAM]
    cw_card = await start_walk(cw_driver, fake_slack, "12345 printer-offline", "C_CW_DESK")
    ts = cw_card.response["ts"]
    first = buttons(cw_card.args["blocks"])[0]

    # A Halo-shop user replays the ConnectWise shop's button: nothing moves.
    [before] = await walks(db)
    await halo_driver.click(first["action_id"], first["value"], channel_id="C_CW_DESK", message_ts=ts, user_id="U_TECH")
    await fake_slack.wait_for_response()
    [after] = await walks(db)
    assert (after.revision, after.current_node_id, after.walked_path) == (
        before.revision,
        before.current_node_id,
        before.walked_path,
    )

    # Their lists do not show it.
    await halo_driver.slash("mine", user_id="U_TECH")
    await halo_driver.slash("escalations", user_id="U_HALO_ENG")
    seen = await fake_slack.wait_for_response(count=3)
    assert all("12345" not in str(reply) and "Printer offline on floor 2" not in str(reply) for reply in seen[1:])

    # Escalated in the ConnectWise shop, the handoff card goes to its engineers only.
    await cw_driver.click(first["action_id"], first["value"], channel_id="C_CW_DESK", message_ts=ts)
    blocks = (await fake_slack.wait_for("chat.update", where=lambda c: c.args.get("ts") == ts))[-1].args["blocks"]
    await cw_driver.click(ids.ESCALATE, button(blocks, ids.ESCALATE)["value"], channel_id="C_CW_DESK", message_ts=ts)
    await fake_slack.wait_for("views.open", where=lambda c: c.token == fake_slack.token_for(CW_TEAM))
    await cw_driver.submit_view(
        ids.ESCALATE_VIEW,
        values={
            "category": {"category": static_select("hardware_fault")},
            "reason": {"reason": plain_text_input("Fuser error")},
        },
    )
    handoff = (await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == "C_CW_ENGINEERS"))[0]
    assert not [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C_HALO_ENGINEERS"]
    pick = button(handoff.args["blocks"], ids.PICK_UP)
    before = len(fake_slack.responses)
    await halo_driver.click(
        ids.PICK_UP, pick["value"], user_id="U_HALO_ENG", channel_id="C_CW_ENGINEERS", message_ts=handoff.response["ts"]
    )
    await fake_slack.wait_for_response(count=before + 1)
    async with db() as session:
        escalation = await session.scalar(select(Escalation))
    assert escalation.picked_up_by_user_id is None


async def test_uninstalling_one_workspace_leaves_the_other_working(two_msps, fake_slack, db):
    walkbot, cw, halo, drivers = two_msps
    fake_slack.revoke_team(CW_TEAM)
    await drivers[CW_TEAM].event({"type": "app_uninstalled"})

    async def cw_inactive():
        async with db() as session:
            return not (await accounts.find_account(session, CW_TEAM)).active

    await eventually(cw_inactive)
    halo_card = await start_walk(drivers[HALO_TEAM], fake_slack, "777 printer-offline", "C_HALO_DESK")
    assert halo_card.ok and halo_card.token == fake_slack.token_for(HALO_TEAM)
    await resolve_walk(drivers[HALO_TEAM], fake_slack, halo_card, "C_HALO_DESK")

    async def resolved():
        return len(await walks(db, "resolved")) == 1

    await eventually(resolved)
    assert len((await deliver_due(walkbot.runtime.db, walkbot.runtime.psa)).delivered) == 1
    assert len(halo.actions_on(777)) == 1


async def test_a_modal_sent_from_another_workspace_cannot_act_on_this_ones_walk(two_msps, fake_slack, db):
    """Bolt authorises a modal by the installation that opened it (``view.app_installed_team_id``); the sender
    of one opened by the ConnectWise shop's walkbot but sent from the Halo shop (a Slack Connect guest who
    happens to carry the same user id) is refused, and the ConnectWise walk is untouched."""
    walkbot, cw, halo, drivers = two_msps
    cw_driver, halo_driver = drivers[CW_TEAM], drivers[HALO_TEAM]
    posted = await start_walk(cw_driver, fake_slack, "12345 printer-offline", "C_CW_DESK")
    ts = posted.response["ts"]
    resolve = button(posted.args["blocks"], ids.RESOLVE)
    await cw_driver.click(ids.RESOLVE, resolve["value"], channel_id="C_CW_DESK", message_ts=ts)
    modal = (await fake_slack.wait_for("views.open", where=lambda c: c.token == fake_slack.token_for(CW_TEAM)))[-1]

    await halo_driver.submit_view(
        ids.RESOLVE_VIEW,
        values={"notes": {"notes": plain_text_input("not mine")}, "helpful": {"helpful": radio_buttons("yes")}},
        private_metadata=modal.args["view"]["private_metadata"],
        installed_team_id=CW_TEAM,
    )
    told = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: "belongs to another workspace" in c.args.get("text", "")
    )
    await asyncio.sleep(0.5)  # anything the submission would have set off has run by now

    assert told[0].args["channel"] == "U_TECH"
    [walk] = await walks(db)
    assert walk.status == "active" and walk.resolution_notes is None


async def test_propose_as_flow_from_another_workspace_finds_no_walk(two_msps, fake_slack, db):
    walkbot, cw, halo, drivers = two_msps
    cw_card = await start_walk(drivers[CW_TEAM], fake_slack, "12345 printer-offline", "C_CW_DESK")
    await resolve_walk(drivers[CW_TEAM], fake_slack, cw_card, "C_CW_DESK")

    async def resolved():
        return len(await walks(db, "resolved")) == 1

    await eventually(resolved)
    [walk] = await walks(db)
    value = ButtonRef(walk.id, walk.revision).encode()  # what the resolved card's button carries

    async def press(driver, user_id) -> str:
        seen = len(fake_slack.responses)
        await driver.click(
            ids.PROPOSE, value, user_id=user_id, channel_id="C_CW_DESK", message_ts=cw_card.response["ts"]
        )
        return (await fake_slack.wait_for_response(count=seen + 1))[-1]["text"]

    from_halo_admin = await press(drivers[HALO_TEAM], "U_HALO_ADMIN")
    from_cw_admin = await press(drivers[CW_TEAM], "U_CW_ADMIN")

    assert from_halo_admin == "This walk no longer exists."
    assert from_cw_admin.startswith("Only ad-hoc and AI-guided walks can be proposed")  # found, in its own workspace
