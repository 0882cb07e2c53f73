"""`/walk mine`, `/walk escalations` and the App Home tab list what a person has to do."""

from sqlalchemy import event, select, text

from bot.rendering import action_ids as ids
from storage.models import Escalation, L1WalkSession, User
from tests.slack.steps import start_printer_walk, the_walk
from tests.slack.test_escalation import escalate


def accessories(blocks):
    return [b["accessory"] for b in blocks if b.get("accessory", {}).get("type") == "button"]


async def test_walk_mine_lists_the_active_walk_and_show_card_posts_it_again(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    await tech.slash("mine")
    listing = (await fake_slack.wait_for_response())[0]
    assert listing["response_type"] == "ephemeral" and "ConnectWise #12345 · Printer offline" in str(listing["blocks"])
    show = next(b for b in accessories(listing["blocks"]) if b["action_id"] == ids.REPOST)
    await tech.click(ids.REPOST, show["value"], channel_id=card.channel, message_ts=tech.ts())
    posts = await fake_slack.wait_for("chat.postMessage", count=2)
    again = posts[1]
    assert again.args["channel"] == card.channel and "Printer offline on floor 2" in str(again.args["blocks"])
    moved = (await fake_slack.wait_for("chat.update", where=lambda c: c.args["ts"] == card.ts))[0]
    assert "continues in a new card" in str(moved.args["blocks"])
    assert (await the_walk(db)).message_ts == again.response["ts"]


async def test_walk_escalations_lists_the_escalated_walk(tech, fake_slack, db):
    await escalate(tech, fake_slack, db)
    await tech.slash("escalations", user_id="U_ENG1")
    listing = (await fake_slack.wait_for_response())[-1]
    assert "ConnectWise #12345 · Printer offline" in str(listing["blocks"]) and listing["response_type"] == "ephemeral"
    pick = [b for b in accessories(listing["blocks"]) if b["action_id"] == ids.PICK_UP]
    assert [b["value"] for b in pick] == [str((await the_walk(db)).id)]


async def test_app_home_shows_an_engineer_the_escalation_queue(tech, fake_slack, db):
    await escalate(tech, fake_slack, db)
    status, _ = await tech.event(
        {"type": "app_home_opened", "user": "U_ENG1", "channel": "D_ENG1", "tab": "home", "event_ts": tech.ts()}
    )
    assert status == 200
    published = (await fake_slack.wait_for("views.publish"))[0]
    assert published.args["user_id"] == "U_ENG1" and published.args["view"]["type"] == "home"
    assert "12345" in str(published.args["view"]["blocks"])
    assert ids.PICK_UP in str(published.args["view"]["blocks"])


async def test_app_home_does_not_show_a_technician_the_escalation_queue(tech, fake_slack, db):
    await escalate(tech, fake_slack, db)
    await tech.event(
        {"type": "app_home_opened", "user": "U_TECH", "channel": "D_TECH", "tab": "home", "event_ts": tech.ts()}
    )
    published = (await fake_slack.wait_for("views.publish"))[0]
    assert published.args["user_id"] == "U_TECH"
    assert ids.PICK_UP not in str(published.args["view"]["blocks"])


async def test_listing_escalations_again_asks_slack_for_no_permalink(tech, fake_slack, db):
    """A message's permalink never changes: the queue's thread links are asked of Slack once per process."""
    card, _ = await escalate(tech, fake_slack, db)
    await tech.slash("escalations", user_id="U_ENG1")
    first = (await fake_slack.wait_for_response())[-1]
    asked, listed = len(fake_slack.calls_to("chat.getPermalink")), len(fake_slack.response_log)
    await tech.slash("escalations", user_id="U_ENG1")
    second = (await fake_slack.wait_for_response(count=listed + 1))[-1]
    assert len(fake_slack.calls_to("chat.getPermalink")) == asked
    assert f"p{card.ts.replace('.', '')}" in str(second["blocks"]) and second["blocks"] == first["blocks"]


async def _statements_of_home_opened(tech, fake_slack, engine, user_id: str) -> int:
    """SQL statements walkbot sends between an app_home_opened and its views.publish."""
    sent: list[str] = []

    def record(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    published = len(fake_slack.calls_to("views.publish"))
    event.listen(engine.sync_engine, "before_cursor_execute", record)
    try:
        await tech.app_home_opened(user_id)
        await fake_slack.wait_for("views.publish", count=published + 1)
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", record)
    return len(sent)


async def _copies_of(db, walk_id, n: int, **changes) -> None:
    """``n`` more walks like ``walk_id`` (and its handoff, if any), with ``changes`` to their columns."""
    columns = [c.name for c in L1WalkSession.__table__.columns if c.name != "id"]
    values = [f":{c}" if c in changes else c for c in columns]
    handoff = [c.name for c in Escalation.__table__.columns if c.name != "session_id"]
    async with db.begin() as s:
        for _ in range(n):
            copy = await s.scalar(
                text(
                    f"INSERT INTO l1_walk_sessions (id, {', '.join(columns)}) "
                    f"SELECT gen_random_uuid(), {', '.join(values)} FROM l1_walk_sessions WHERE id = :walk RETURNING id"
                ),
                {"walk": walk_id, **changes},
            )
            await s.execute(
                text(
                    f"INSERT INTO escalations (session_id, {', '.join(handoff)}) "
                    f"SELECT :copy, {', '.join(handoff)} FROM escalations WHERE session_id = :walk"
                ),
                {"walk": walk_id, "copy": copy},
            )


async def test_app_home_reads_many_walks_and_escalations_in_as_many_statements_as_one(
    tech, fake_slack, db, psa_walkbot
):
    """No statement per listed walk: the Home's SQL does not grow with what it lists."""
    await escalate(tech, fake_slack, db)
    engine = psa_walkbot.runtime.engine
    await _statements_of_home_opened(tech, fake_slack, engine, "U_ENG1")  # first contact records the engineer
    one = await _statements_of_home_opened(tech, fake_slack, engine, "U_ENG1")
    walk = await the_walk(db)
    async with db() as s:
        engineer = await s.scalar(select(User.id).where(User.slack_user_id == "U_ENG1"))
    await _copies_of(db, walk.id, 4)  # five escalations in the queue
    await _copies_of(db, walk.id, 3, status="active", created_by_user_id=engineer)  # and three walks of their own

    many = await _statements_of_home_opened(tech, fake_slack, engine, "U_ENG1")

    view = fake_slack.calls_to("views.publish")[-1].args["view"]
    assert str(view["blocks"]).count(ids.PICK_UP) == 5 and str(view["blocks"]).count(ids.REPOST) == 3
    assert many == one == 3  # the engineer, their walks, the queue
