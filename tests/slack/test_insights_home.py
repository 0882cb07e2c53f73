"""Admins' App Home Insights: this week's most escalated flows with their drop-off node, and the report by DM."""

import dataclasses
import json
from datetime import timedelta

from sqlalchemy import event, text

from bot.rendering.insights import SEND_REPORT
from bot.reports import weekly
from storage.models import L1WalkSession
from tests.insights.seed import seed, standard_walks
from tests.slack.conftest import TEAM


async def _this_weeks_walks(db):
    """The known mix, started seconds ago (so inside this week whatever day it is)."""
    walks = [dataclasses.replace(w, started_days_ago=0.0001) for w in standard_walks() if w.started_days_ago < 30]
    async with db.begin() as s:
        await seed(s, walks, team=TEAM)


def _text(view) -> str:
    return json.dumps(view["blocks"], ensure_ascii=False)


async def _counted_home(fake_slack) -> dict:
    """The admin's Home once this week's Insights are counted (its second publish)."""
    published = await fake_slack.wait_for(
        "views.publish", where=lambda c: "Insights — this week" in _text(c.args["view"])
    )
    return published[0].args["view"]


async def test_an_admin_sees_the_flows_that_escalated_most_this_week(tech, fake_slack, db):
    await _this_weeks_walks(db)
    await tech.app_home_opened("U_ADMIN")
    text = _text(await _counted_home(fake_slack))
    assert "Insights — this week" in text
    # vpn: 5 of 11 escalated; printer: 3 of 8, stuck at its panel step
    vpn_at, printer_at = text.index("VPN won't connect (v2)"), text.index("Printer offline (v2)")
    assert vpn_at < printer_at
    assert "5 of 11 walks escalated · drop-off at `node-b`" in text
    assert "3 of 8 walks escalated · drop-off at `panel` (What does the printer panel show?)" in text
    assert SEND_REPORT in text


async def test_an_admins_home_is_published_before_this_weeks_insights_are_counted(tech, fake_slack, db):
    await _this_weeks_walks(db)
    await tech.app_home_opened("U_ADMIN")
    await _counted_home(fake_slack)
    first, counted = (c.args["view"] for c in fake_slack.calls_to("views.publish"))
    assert "counting this week's walks" in _text(first) and "Insights — this week" not in _text(first)
    assert "Start a walk with `/walk TICKET`" in _text(first)  # the rest of the Home is there at once
    assert "counting this week's walks" not in _text(counted) and SEND_REPORT in _text(counted)


async def test_a_technician_and_an_engineer_do_not_see_insights(tech, fake_slack, db):
    await _this_weeks_walks(db)
    await tech.app_home_opened("U_TECH")
    await tech.app_home_opened("U_ENG1")
    views = [c.args["view"] for c in await fake_slack.wait_for("views.publish", count=2)]
    for view in views:
        assert "Insights" not in _text(view) and SEND_REPORT not in _text(view)


async def test_send_me_the_report_uploads_the_html_report_and_flow_maps_to_the_admins_dm(tech, fake_slack, db):
    await _this_weeks_walks(db)
    await tech.app_home_opened("U_ADMIN")
    await fake_slack.wait_for("views.publish")
    await tech.click_in_home(SEND_REPORT, "30", user_id="U_ADMIN")
    await fake_slack.wait_for("files.completeUploadExternal")
    opened = fake_slack.calls_to("conversations.open")
    assert [c.args["users"] for c in opened] == ["U_ADMIN"]
    assert all(c.ok for c in fake_slack.calls if c.method.startswith("files."))
    shared = {f["name"].split("-20")[0]: f for f in fake_slack.shared_files}
    assert set(shared) == {"walkbot-report", "flow-map-printer", "flow-map-vpn"}
    assert {f["channel"] for f in shared.values()} == {"D_ADMIN"}
    html = shared["walkbot-report"]["data"].decode()
    assert 'data-figure="drop-off">panel<' in html and "Per technician" in html and "hunter2" not in html
    assert shared["flow-map-printer"]["data"][:4] == b"\x89PNG"


async def test_a_forged_send_report_click_from_a_technician_uploads_nothing(tech, fake_slack, db):
    await _this_weeks_walks(db)
    status, _ = await tech.click_in_home(SEND_REPORT, "30", user_id="U_TECH")
    assert status == 200
    await tech.app_home_opened("U_TECH")  # something after the click, to wait on
    await fake_slack.wait_for("views.publish")
    assert not fake_slack.calls_to("conversations.open") and not fake_slack.calls_to("files.getUploadURLExternal")


async def test_without_files_write_the_upload_is_refused_as_slack_would(tech, fake_slack, db):
    fake_slack.scopes.discard("files:write")
    await _this_weeks_walks(db)
    await tech.click_in_home(SEND_REPORT, "30", user_id="U_ADMIN")
    refused = (await fake_slack.wait_for("files.getUploadURLExternal"))[0]
    assert refused.response == {
        "ok": False,
        "error": "missing_scope",
        "needed": "files:write",
        "provided": ",".join(sorted(fake_slack.scopes)),
    }
    assert fake_slack.shared_files == []


async def _statements_until_published(tech, fake_slack, engine, user_id: str) -> tuple[list[str], dict]:
    """SQL sent between an admin's app_home_opened and the publish with this week's Insights, and that view."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    counted = sum("Insights — this week" in _text(c.args["view"]) for c in fake_slack.calls_to("views.publish"))
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await tech.app_home_opened(user_id)
        published = await fake_slack.wait_for(
            "views.publish", count=counted + 1, where=lambda c: "Insights — this week" in _text(c.args["view"])
        )
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return sent, published[-1].args["view"]


async def test_an_admins_home_opened_again_soon_shows_the_weeks_count_at_once_without_counting_again(
    tech, fake_slack, db, psa_walkbot
):
    await _this_weeks_walks(db)
    engine = psa_walkbot.runtime.engine
    counting, first = await _statements_until_published(tech, fake_slack, engine, "U_ADMIN")
    publishes = len(fake_slack.calls_to("views.publish"))
    again, second = await _statements_until_published(tech, fake_slack, engine, "U_ADMIN")
    assert len(fake_slack.calls_to("views.publish")) == publishes + 1  # published once, Insights and all
    assert "5 of 11 walks escalated · drop-off at `node-b`" in _text(second)
    assert "Figures as counted at" in _text(second) and _text(second) == _text(first)
    assert any("walks AS (" in s for s in counting)
    assert not any("walks AS (" in s for s in again)  # the week's walks are not read again
    assert len(again) == 3  # the admin, their walks, the queue (no candidate walk to look at)


async def test_a_walk_that_ended_after_the_count_is_counted_once_the_count_is_old(tech, fake_slack, db, monkeypatch):
    await _this_weeks_walks(db)
    await tech.app_home_opened("U_ADMIN")
    assert "5 of 11 walks escalated" in _text(await _counted_home(fake_slack))
    async with db.begin() as s:  # another VPN walk escalated since
        await s.execute(
            text(
                f"INSERT INTO l1_walk_sessions (id, {_COLUMNS}) SELECT gen_random_uuid(), {_COLUMNS} "
                "FROM l1_walk_sessions WHERE id = (SELECT s.id FROM l1_walk_sessions s JOIN trees t ON t.id = s.flow_id "
                "JOIN accounts a ON a.id = s.account_id WHERE a.slack_team_id = :team "
                "AND t.slug = 'vpn' AND s.status = 'escalated' LIMIT 1)"
            ),
            {"team": TEAM},
        )

    await tech.app_home_opened("U_ADMIN")  # soon after: the count shown, and when it was made
    soon = await fake_slack.wait_for("views.publish", count=3)
    assert "5 of 11 walks escalated" in _text(soon[-1].args["view"])

    monkeypatch.setattr(weekly.COUNTED_WEEKS, "keep_for", timedelta(0))  # as if RECOUNT_AFTER had passed
    await tech.app_home_opened("U_ADMIN")
    later = await fake_slack.wait_for("views.publish", count=5)
    assert "counting this week's walks" in _text(later[-2].args["view"])
    assert "6 of 12 walks escalated" in _text(later[-1].args["view"])


_COLUMNS = ", ".join(c.name for c in L1WalkSession.__table__.columns if c.name != "id")
