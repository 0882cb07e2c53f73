"""Every action, view and command listener gets the actor from one middleware; a sender it can't serve is
answered by the middleware itself (ack, then a reply), and no listener runs."""

from sqlalchemy import func, select

from bot.rendering import action_ids as ids
from handlers.actor_middleware import NO_SENDER
from storage.models import L1WalkSession, User
from tests.slack.steps import button, start_printer_walk


async def count(db, model) -> int:
    async with db() as session:
        return await session.scalar(select(func.count()).select_from(model))


async def test_the_first_command_of_a_user_creates_them_with_their_role(tech, fake_slack, db):
    await tech.slash("mine", user_id="U_NEWCOMER")
    await fake_slack.wait_for_response()
    async with db() as session:
        user = await session.scalar(select(User).where(User.slack_user_id == "U_NEWCOMER"))
    assert user is not None and user.role == "l1"


async def test_a_click_that_does_not_say_who_sent_it_is_acked_and_answered_and_changes_nothing(tech, fake_slack, db):
    card = await start_printer_walk(tech, fake_slack, db)
    users = await count(db, User)
    abandon = button(card.blocks, ids.ABANDON)
    payload = tech.block_actions_payload(ids.ABANDON, abandon["value"], channel_id=card.channel, message_ts=card.ts)
    del payload["user"]
    status, _ = await tech.post_payload(payload)
    assert status == 200
    reply = (await fake_slack.wait_for_response())[-1]
    assert reply["text"] == NO_SENDER and reply["response_type"] == "ephemeral"
    async with db() as session:
        assert await session.scalar(select(L1WalkSession.status)) == "active"
    assert await count(db, User) == users


async def test_a_command_without_a_user_is_answered_by_the_middleware_and_starts_nothing(tech, fake_slack, db):
    status, _ = await tech.post_form(
        {
            "command": "/walk",
            "text": "12345 printer-offline",
            "team_id": "T0001",
            "channel_id": "C_HELPDESK",
            "response_url": fake_slack.response_url("anonymous"),
            "trigger_id": tech.trigger_id(),
        }
    )
    assert status == 200
    assert (await fake_slack.wait_for_response())[-1]["text"] == NO_SENDER
    assert await count(db, L1WalkSession) == 0
    assert fake_slack.calls_to("chat.postMessage") == []
