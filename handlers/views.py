"""Modal submissions: resolve, escalate, an input node's value, an ad-hoc step.

The modal closes at once (ack); the walk then moves, and any refusal (the card moved
on meanwhile, the walk already ended) is told to the technician in the walk's channel.
"""

from __future__ import annotations

from datetime import UTC, datetime

from slack_bolt.async_app import AsyncApp

from bot.engine import RecordStep, SubmitInput
from bot.rendering import action_ids as ids
from bot.rendering import modals as m
from bot.rendering.action_ids import WalkModalState
from bot.runtime import Runtime
from bot.walks.answering import act_on_walk
from bot.walks.ending import escalate_walk, resolve_walk


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.view(ids.RESOLVE_VIEW)
    @app.view(ids.ESCALATE_VIEW)
    @app.view(ids.VALUE_VIEW)
    @app.view(ids.ADHOC_STEP_VIEW)
    async def submitted(ack, view, client, actor):
        await ack()
        try:
            ref = WalkModalState.decode(view.get("private_metadata") or "")
        except ValueError:
            return
        callback = view["callback_id"]
        now = datetime.now(UTC)
        if callback == ids.RESOLVE_VIEW:
            answers = m.resolve_answers(view)
            result = await resolve_walk(
                runtime, client, actor, ref.session_id, ref.revision, answers.notes, answers.helpful
            )
        elif callback == ids.ESCALATE_VIEW:
            escalation = m.escalate_answers(view)
            result = await escalate_walk(
                runtime, client, actor, ref.session_id, ref.revision, escalation.reason, escalation.category
            )
        elif callback == ids.VALUE_VIEW:
            action = SubmitInput(revision=ref.revision, actor=actor.slack_user_id, at=now, value=m.entered_value(view))
            result = await act_on_walk(runtime, client, actor, ref.session_id, action)
        else:
            step = m.step_answers(view)
            action = RecordStep(
                revision=ref.revision, actor=actor.slack_user_id, at=now, text=step.text, result=step.result
            )
            result = await act_on_walk(runtime, client, actor, ref.session_id, action)
        if result.message and ref.channel_id:
            await client.chat_postEphemeral(channel=ref.channel_id, user=actor.slack_user_id, text=result.message)
