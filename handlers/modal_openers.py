"""Buttons that open a modal: resolve, escalate, enter a value, record an ad-hoc step.

Slack's trigger id expires in three seconds, so the only work before ``views.open``
is one indexed read of the walk (for the pre-filled suggestion).
"""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.engine.kinds import WalkStatus
from bot.flows.categories import ESCALATION_CATEGORIES
from bot.rendering import action_ids as ids
from bot.rendering.action_ids import WalkModalState
from bot.rendering.modals import adhoc_step_modal, escalate_modal, resolve_modal, value_modal
from bot.runtime import Runtime
from bot.walks.cards import ticket_header
from bot.walks.ownership import refusal_outside
from bot.walks.reposting import load_walk
from handlers.actions_common import channel_of, tell, walk_button


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.action(ids.RESOLVE)
    @app.action(ids.ESCALATE)
    @app.action(ids.ENTER_VALUE)
    @app.action(ids.ADD_STEP)
    async def open_modal(ack, body, action, client, respond, actor):
        await ack()
        ref = await walk_button(action, respond)
        if ref is None:
            return
        stepped = await load_walk(runtime, actor, ref.session_id)
        if stepped is None:
            await tell(respond, "This walk no longer exists.")
            return
        refused = await refusal_outside(runtime, stepped.session, actor)
        if refused:
            await tell(respond, refused)
            return
        view = stepped.outcome.view
        if view.status != WalkStatus.ACTIVE:
            await tell(respond, f"This walk is already {view.status}.")
            return
        if view.revision != ref.revision:
            await tell(respond, "This step was already answered; use the latest card.")
            return
        # The modal remembers the walk, the step it was opened at, and the channel to answer in.
        metadata = WalkModalState(ref.session_id, ref.revision, channel_of(body)).encode()
        node = view.node
        action_id = action["action_id"]
        if action_id == ids.RESOLVE:
            suggested = node.text if node is not None and node.type == "resolve" else None
            modal = resolve_modal(metadata, suggested=suggested, ticket_label=ticket_header(stepped.session).label)
        elif action_id == ids.ESCALATE:
            if not actor.engineer_channel_id:
                await tell(
                    respond,
                    "No engineer channel is set, so escalations have nowhere to go. Ask a walkbot admin to set ESCALATION_CHANNEL.",
                )
                return
            is_escalate_node = node is not None and node.type == "escalate"
            modal = escalate_modal(
                metadata,
                categories=ESCALATION_CATEGORIES,
                suggested_category=node.suggested_category if is_escalate_node else None,
                suggested_reason=node.text if is_escalate_node else None,
            )
        elif action_id == ids.ENTER_VALUE:
            if node is None or node.type != "input":
                await tell(respond, "This step does not ask for a value.")
                return
            modal = value_modal(metadata, label=node.input_label or "Value", question=node.text)
        else:
            modal = adhoc_step_modal(metadata)
        await client.views_open(trigger_id=body["trigger_id"], view=modal)
