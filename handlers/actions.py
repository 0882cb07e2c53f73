"""Buttons: walk card steps, intake choices, pick-up, repost, and the AI walk's recovery buttons.

Each listener acks first, then parses the button's value into a typed reference and
calls one function in ``bot.walks``; what it returns is told to the clicker ephemerally.
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

from slack_bolt.async_app import AsyncApp

from bot.engine import Back, Choose, Continue, DidntWork, FollowLink
from bot.rendering import action_ids as ids
from bot.runtime import Runtime
from bot.walks.answering import act_on_walk, retry_ai_step
from bot.walks.ending import abandon_walk
from bot.walks.handoff import pick_up_escalation
from bot.walks.ownership import take_over_walk
from bot.walks.reposting import repost_card
from bot.walks.starting import ADHOC, AI, continue_ad_hoc, walk_ticket
from handlers.actions_common import FORGED, channel_of, tell, walk_button

STEP_ACTIONS = {
    ids.CONTINUE: Continue,
    ids.DIDNT_WORK: DidntWork,
    ids.FOLLOW_LINK: FollowLink,
    ids.BACK: Back,
}

# Every walk card step in one listener (``ids.WALK_STEP``): Bolt evaluates listeners in order and builds all of
# its listener arguments for each one it asks, so the hot click is matched by the first it asks
# (``handlers.register_all``).


def intake_card_of(body: dict) -> tuple[str, str] | None:
    channel = channel_of(body)
    ts = (body.get("container") or {}).get("message_ts") or (body.get("message") or {}).get("ts")
    return (channel, ts) if channel and ts else None


def register(app: AsyncApp, runtime: Runtime) -> None:
    async def step(ack, action, client, respond, clicker, actor):
        await ack()
        ref = await walk_button(action, respond)
        if ref is None:
            return
        action_id = action["action_id"]
        if action_id == ids.ABANDON:
            await tell(respond, (await abandon_walk(runtime, client, actor, ref.session_id, ref.revision)).message)
            return
        # The hot path: the middleware left the clicker unresolved; the step's transaction resolves it.
        common = {"revision": ref.revision, "actor": clicker.slack_user_id, "at": datetime.now(UTC)}
        if action_id.startswith(ids.CHOOSE):
            walk_action = Choose(**common, option_id=ref.argument)
        else:
            walk_action = STEP_ACTIONS[action_id](**common)
        result = await act_on_walk(runtime, client, clicker, ref.session_id, walk_action)
        await tell(respond, result.message)

    app.action(ids.WALK_STEP)(step)

    @app.action(re.compile(rf"^({ids.START_FLOW}(:.*)?|{ids.START_ADHOC}|{ids.START_AI})$"))
    async def start_from_intake(ack, body, action, client, respond, actor):
        await ack()
        try:
            choice = ids.IntakeChoice.decode(action["value"])
        except ValueError:
            await tell(respond, FORGED)
            return
        action_id = action["action_id"]
        if action_id.startswith(ids.START_FLOW):
            target = choice.argument
        else:
            target = ADHOC if action_id == ids.START_ADHOC else AI
        problem = await walk_ticket(
            runtime,
            client,
            actor,
            choice.ticket_kind,
            choice.ticket_id,
            target,
            channel_of(body),
            internal_text=choice.summary or None,
            category=choice.argument if action_id == ids.START_AI and choice.argument else None,
            intake_card=intake_card_of(body),
        )
        await tell(respond, problem)

    @app.action(ids.TAKE_OVER)
    async def take_over(ack, body, action, client, respond, actor):
        await ack()
        ref = await walk_button(action, respond)
        if ref is None:
            return
        await tell(respond, (await take_over_walk(runtime, client, actor, ref.session_id)).message)

    @app.action(ids.PICK_UP)
    async def pick_up(ack, body, action, client, respond, actor):
        await ack()
        try:
            session_id = uuid.UUID(action["value"])
        except ValueError:
            await tell(respond, FORGED)
            return
        await tell(respond, (await pick_up_escalation(runtime, client, actor, session_id)).message)

    @app.action(ids.REPOST)
    async def repost(ack, body, action, client, respond, actor):
        await ack()
        ref = await walk_button(action, respond)
        if ref is None:
            return
        await tell(respond, await repost_card(runtime, client, actor, ref.session_id, channel_of(body)))

    @app.action(ids.AI_RETRY)
    async def ai_retry(ack, body, action, client, respond, actor):
        await ack()
        ref = await walk_button(action, respond)
        if ref is None:
            return
        await tell(respond, await retry_ai_step(runtime, client, actor, ref.session_id))

    @app.action(ids.AI_TO_ADHOC)
    async def ai_to_adhoc(ack, body, action, client, respond, actor):
        await ack()
        ref = await walk_button(action, respond)
        if ref is None:
            return
        await tell(respond, (await continue_ad_hoc(runtime, client, actor, ref.session_id)).message)
