"""Customers must not see internal work: no walk, walk card or handoff card in a Slack Connect channel, and
events are filed under the workspace named by ``authorizations``, not the envelope's first team id."""

from sqlalchemy import select

from bot.rendering import action_ids as ids
from storage.models import Account, Escalation, L1WalkSession
from tests.slack.steps import button, buttons, click, send_escalation, start_printer_walk, the_walk


async def _walks(db) -> list[L1WalkSession]:
    async with db() as session:
        return list(await session.scalars(select(L1WalkSession)))


async def test_a_walk_is_refused_in_a_channel_shared_with_another_organisation(tech, fake_slack, db):
    fake_slack.set_channel("C_CUSTOMER", name="acme-support", is_ext_shared=True)
    status, _ = await tech.slash("12345 printer-offline", channel_id="C_CUSTOMER")
    assert status == 200
    [told] = await fake_slack.wait_for_response()
    assert "shared with another organisation (Slack Connect)" in told["text"]
    assert "Use an internal channel" in told["text"]
    assert not fake_slack.calls_to("chat.postMessage")
    assert await _walks(db) == []


async def test_no_intake_card_either(tech, fake_slack, db):
    fake_slack.set_channel("C_CUSTOMER", is_ext_shared=True)
    await tech.slash("12345", channel_id="C_CUSTOMER")
    await fake_slack.wait_for_response()
    assert not fake_slack.calls_to("chat.postMessage")


async def test_an_internal_channel_is_asked_about_once_then_remembered(tech, fake_slack, db):
    await start_printer_walk(tech, fake_slack, db)
    await tech.slash("internal The scanner on floor 3 jams")
    await fake_slack.wait_for("chat.postMessage", count=2)
    asked = [c for c in fake_slack.calls_to("conversations.info") if c.args["channel"] == "C_HELPDESK"]
    assert len(asked) == 1


async def test_no_handoff_card_in_a_shared_engineers_channel_and_the_technician_is_told(tech, fake_slack, db):
    fake_slack.set_channel("C_ENGINEERS", is_ext_shared=True)
    card = await start_printer_walk(tech, fake_slack, db)
    await click(tech, card, buttons(card.blocks)[0])
    update = (await fake_slack.wait_for("chat.update"))[0]
    await click(tech, card, button(update.args["blocks"], ids.ESCALATE))
    await send_escalation(tech, fake_slack)
    told = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: "shared with another organisation" in c.args.get("text", "")
    )
    assert told[0].args["channel"] == card.channel and told[0].args["thread_ts"] == card.ts
    assert not [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C_ENGINEERS"]
    assert (await the_walk(db)).status == "escalated"  # kept, and listed in /walk escalations


async def test_an_event_from_a_shared_channel_is_filed_under_the_installing_workspace(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    ts = tech.ts()
    event = {
        "type": "message",
        "channel": card.channel,
        "user": "U_TECH",
        "text": "Customer confirms the toner is new",
        "ts": ts,
        "thread_ts": card.ts,
        "event_ts": ts,
        "channel_type": "channel",
    }
    # The envelope's team_id is another organisation's; authorizations names ours (T0001).
    status, _ = await tech.event(event, sender_team_id="T_CUSTOMER_ORG")
    assert status == 200
    await fake_slack.wait_for("reactions.add", where=lambda c: c.args["timestamp"] == ts)
    assert [n["text"] for n in (await the_walk(db)).walk_notes] == ["Customer confirms the toner is new"]
    async with db() as session:
        teams = list(await session.scalars(select(Account.slack_team_id)))
    assert teams == ["T0001"]


async def test_when_slack_cannot_say_whether_a_channel_is_shared_no_walk_starts_and_the_technician_is_told_why(
    tech, fake_slack, db
):
    fake_slack.fail("conversations.info", "channel_not_found", where=lambda args: args.get("channel") == "C_PRIVATE")
    status, _ = await tech.slash("12345 printer-offline", channel_id="C_PRIVATE")
    assert status == 200
    [told] = await fake_slack.wait_for_response()

    assert "could not check whether <#C_PRIVATE> is shared with another organisation" in told["text"]
    assert "`channel_not_found`" in told["text"] and "/invite @walkbot" in told["text"]
    assert not fake_slack.calls_to("chat.postMessage")
    assert await _walks(db) == []


async def test_when_slack_does_not_answer_about_the_engineers_channel_no_handoff_card_is_posted(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    fake_slack.drop_connection("conversations.info", times=5, where=lambda args: args.get("channel") == "C_ENGINEERS")
    await click(tech, card, button(card.blocks, ids.ESCALATE))
    await send_escalation(tech, fake_slack)
    told = await fake_slack.wait_for(
        "chat.postMessage", where=lambda c: "could not check whether <#C_ENGINEERS>" in c.args.get("text", "")
    )

    assert told[0].args["channel"] == card.channel and told[0].args["thread_ts"] == card.ts
    assert "Try again in a minute" in told[0].args["text"]
    assert not [c for c in fake_slack.calls_to("chat.postMessage") if c.args["channel"] == "C_ENGINEERS"]
    assert (await the_walk(db)).status == "escalated"


async def test_once_slack_says_a_channel_was_shared_pick_up_posts_nothing_more_there_and_the_engineer_is_told(
    tech, fake_slack, db
):
    card = await start_printer_walk(tech, fake_slack, db)
    await click(tech, card, buttons(card.blocks)[0])
    update = (await fake_slack.wait_for("chat.update"))[0]
    await click(tech, card, button(update.args["blocks"], ids.ESCALATE))
    await send_escalation(tech, fake_slack)
    handoff = (await fake_slack.wait_for("chat.postMessage", where=lambda c: c.args["channel"] == "C_ENGINEERS"))[0]
    await fake_slack.wait_for("chat.postMessage", where=lambda c: "Escalated to" in c.args.get("text", ""))

    # Both channels are shared with a customer's organisation since; Slack tells walkbot so.
    for channel in (card.channel, "C_ENGINEERS"):
        fake_slack.set_channel(channel, is_ext_shared=True)
        status, _ = await tech.event({"type": "channel_shared", "connected_team_id": "E_CUSTOMER", "channel": channel})
        assert status == 200
    seen, replies = len(fake_slack.calls), len(fake_slack.responses)
    pick = button(handoff.args["blocks"], ids.PICK_UP)
    await tech.click(
        ids.PICK_UP, pick["value"], user_id="U_ENG1", channel_id="C_ENGINEERS", message_ts=handoff.response["ts"]
    )
    told = (await fake_slack.wait_for_response(count=replies + 1))[-1]

    assert told["text"].startswith(
        "You have picked it up, but its handoff card was not updated: <#C_ENGINEERS> is shared"
    )
    posted_since = [c for c in fake_slack.calls[seen:] if c.method in ("chat.postMessage", "chat.update")]
    assert posted_since == []  # no "picked up" line in the walk's thread, no redrawn handoff card
    async with db() as session:
        escalation = await session.scalar(select(Escalation))
    assert escalation.picked_up_by_user_id is not None  # the pick-up itself stands
