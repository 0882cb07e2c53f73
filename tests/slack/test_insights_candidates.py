"""Candidates for new flows in admins' Slack: each recurring group readably, its resolved walks by ticket, and a
*Propose as flow* button per walk that drafts the flow as the walk card's own button does."""

import json

from sqlalchemy import select

from bot.rendering import action_ids as ids
from bot.rendering.insights import SEND_REPORT
from storage.models import FlowProposal
from tests.insights.seed import Walk, seed
from tests.slack.conftest import TEAM

NOW = 0.0001  # days ago: inside this week whatever day it is


def _scanner_walks() -> list[Walk]:
    """Three ad-hoc peripherals walks about a jamming scanner (no flow covers it), two of them resolved."""
    resolved = [
        Walk(
            kind="adhoc",
            moves=(("step", "Opened the feeder and cleared the paper path"),),
            end="resolved",
            started_days_ago=NOW,
            problem=f"Scanner jams on floor {floor}",
            problem_category="peripherals",
        )
        for floor in (1, 2)
    ]
    abandoned = Walk(
        kind="adhoc", end="abandoned", started_days_ago=NOW, problem="scanner jams", problem_category="peripherals"
    )
    return [*resolved, abandoned]


async def _seeded(db):
    async with db.begin() as s:
        return await seed(s, _scanner_walks(), team=TEAM)


def _blocks_text(blocks) -> str:
    return json.dumps(blocks, ensure_ascii=False)


def _propose_buttons(blocks) -> dict[str, dict]:
    """Ticket line -> its Propose as flow button."""
    return {
        b["text"]["text"]: b["accessory"]
        for b in blocks
        if b.get("type") == "section" and (b.get("accessory") or {}).get("action_id") == ids.PROPOSE
    }


async def _home_of(tech, fake_slack, user_id: str, count: int = 1) -> dict:
    """The Home as published the ``count``-th time with its Insights counted (an admin's first publish has none)."""
    await tech.app_home_opened(user_id)
    counted = await fake_slack.wait_for(
        "views.publish", count=count, where=lambda c: "Insights — this week" in _blocks_text(c.args["view"]["blocks"])
    )
    return counted[-1].args["view"]


async def test_an_admin_sees_each_recurring_group_with_its_resolved_walks_by_ticket(tech, fake_slack, db):
    seeded = await _seeded(db)
    view = await _home_of(tech, fake_slack, "U_ADMIN")
    text = _blocks_text(view["blocks"])
    assert "Candidates for new flows" in text
    # category label, the recurring word (stemmed), how many walks and how many resolved
    assert "*Peripheral reconnect* · “scanner” — 3 walks, 2 resolved" in text
    assert "*Peripheral reconnect* · “jam” — 3 walks, 2 resolved" in text
    buttons = _propose_buttons(view["blocks"])
    assert set(buttons) == {"• ConnectWise #1 · Scanner jams on floor 1", "• ConnectWise #1 · Scanner jams on floor 2"}
    proposed = {ids.ButtonRef.decode(b["value"]).session_id for b in buttons.values()}
    assert proposed == set(seeded.session_ids[:2])  # the resolved walks; the abandoned one has no button
    assert all(b["text"]["text"] == "Propose as flow" for b in buttons.values())


async def test_propose_as_flow_from_app_home_drafts_the_walk_and_tells_the_admin_by_dm(tech, fake_slack, db):
    seeded = await _seeded(db)
    view = await _home_of(tech, fake_slack, "U_ADMIN")
    button = _propose_buttons(view["blocks"])["• ConnectWise #1 · Scanner jams on floor 1"]
    status, _ = await tech.click_in_home(ids.PROPOSE, button["value"], user_id="U_ADMIN")
    assert status == 200
    told = await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "U_ADMIN")
    assert "Draft flow `scanner-jams-on-floor-1` created" in told[0].args["text"]
    async with db() as s:
        drafts = (await s.scalars(select(FlowProposal))).all()
    assert [(d.l1_session_id, d.source) for d in drafts] == [(seeded.session_ids[0], "adhoc")]
    assert "Opened the feeder" in json.dumps(drafts[0].definition)

    # Opened again, the proposed walk names its draft instead of offering the button twice
    view = await _home_of(tech, fake_slack, "U_ADMIN", count=2)
    assert "• ConnectWise #1 · Scanner jams on floor 1\\n   already proposed as `scanner-jams-on-floor-1`" in (
        _blocks_text(view["blocks"])
    )
    assert set(_propose_buttons(view["blocks"])) == {"• ConnectWise #1 · Scanner jams on floor 2"}


async def test_a_forged_propose_click_in_app_home_is_refused_by_dm(tech, fake_slack, db):
    await _seeded(db)
    await tech.click_in_home(ids.PROPOSE, "not-a-walk", user_id="U_ADMIN")
    told = await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "U_ADMIN")
    assert "not made by walkbot" in told[0].args["text"]
    async with db() as s:
        assert (await s.scalars(select(FlowProposal))).all() == []


async def test_technicians_and_engineers_see_no_candidates(tech, fake_slack, db):
    await _seeded(db)
    await tech.app_home_opened("U_TECH")
    await tech.app_home_opened("U_ENG1")
    for call in await fake_slack.wait_for("views.publish", count=2):
        text = _blocks_text(call.args["view"]["blocks"])
        assert "Candidates for new flows" not in text and ids.PROPOSE not in text


async def test_the_report_sent_to_an_admin_lists_the_candidates_with_a_propose_button_per_walk(tech, fake_slack, db):
    seeded = await _seeded(db)
    await tech.click_in_home(SEND_REPORT, "30", user_id="U_ADMIN")
    posted = await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args.get("channel") == "D_ADMIN")
    blocks = (
        json.loads(posted[0].args["blocks"]) if isinstance(posted[0].args["blocks"], str) else posted[0].args["blocks"]
    )
    assert "“scanner” — 3 walks, 2 resolved" in _blocks_text(blocks)
    buttons = _propose_buttons(blocks)
    assert {ids.ButtonRef.decode(b["value"]).session_id for b in buttons.values()} == set(seeded.session_ids[:2])

    # The same button in the DM message proposes the walk; the answer comes back where it was clicked
    value = buttons["• ConnectWise #1 · Scanner jams on floor 2"]["value"]
    await tech.click(ids.PROPOSE, value, user_id="U_ADMIN", channel_id="D_ADMIN", message_ts=posted[0].response["ts"])
    reply = (await fake_slack.wait_for_response())[0]
    assert "Draft flow `scanner-jams-on-floor-2` created" in reply["text"]
    async with db() as s:
        assert [d.l1_session_id for d in (await s.scalars(select(FlowProposal))).all()] == [seeded.session_ids[1]]
