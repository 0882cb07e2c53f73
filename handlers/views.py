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
from bot.rendering.action_ids import ButtonRef
from bot.runtime import Runtime
from bot.walks.answering import act_on_walk
from bot.walks.ending import escalate_walk, resolve_walk


def _value(values: dict, block: str) -> str:
    return ((values.get(block) or {}).get(block) or {}).get("value") or ""


def _selected(values: dict, block: str) -> str | None:
    option = ((values.get(block) or {}).get(block) or {}).get("selected_option")
    return option.get("value") if option else None


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.view(ids.RESOLVE_VIEW)
    @app.view(ids.ESCALATE_VIEW)
    @app.view(ids.VALUE_VIEW)
    @app.view(ids.ADHOC_STEP_VIEW)
    async def submitted(ack, view, client, actor):
        await ack()
        try:
            ref = ButtonRef.decode(view.get("private_metadata") or "")
        except ValueError:
            return
        values = view["state"]["values"]
        callback = view["callback_id"]
        now = datetime.now(UTC)
        if callback == ids.RESOLVE_VIEW:
            helpful = _selected(values, m.HELPFUL)
            result = await resolve_walk(
                runtime,
                client,
                actor,
                ref.session_id,
                ref.revision,
                _value(values, m.NOTES),
                None if helpful is None else helpful == "yes",
            )
        elif callback == ids.ESCALATE_VIEW:
            result = await escalate_walk(
                runtime,
                client,
                actor,
                ref.session_id,
                ref.revision,
                _value(values, m.REASON),
                _selected(values, m.CATEGORY) or "other",
            )
        elif callback == ids.VALUE_VIEW:
            action = SubmitInput(
                revision=ref.revision, actor=actor.slack_user_id, at=now, value=_value(values, m.VALUE)
            )
            result = await act_on_walk(runtime, client, actor, ref.session_id, action)
        else:
            action = RecordStep(
                revision=ref.revision,
                actor=actor.slack_user_id,
                at=now,
                text=_value(values, m.STEP_TEXT),
                result=_value(values, m.STEP_RESULT),
            )
            result = await act_on_walk(runtime, client, actor, ref.session_id, action)
        if result.message and ref.argument:
            await client.chat_postEphemeral(channel=ref.argument, user=actor.slack_user_id, text=result.message)
