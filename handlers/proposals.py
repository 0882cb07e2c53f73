"""Draft flows from Slack: Propose as flow (on a resolved card), `/walk proposals`, Try, Publish, Reject."""

from __future__ import annotations

from slack_bolt.async_app import AsyncApp

from bot.proposals import drafts
from bot.rendering import action_ids as ids
from bot.rendering.action_ids import ProposalRef, RejectModalState
from bot.rendering.modals import reject_modal, reject_reason
from bot.rendering.proposals import proposals_blocks
from bot.runtime import Runtime
from handlers.actions_common import FORGED, channel_of, reply_to, tell, walk_button

ONLY_ADMINS_REJECT = "Only admins reject flow proposals; ask an admin."


async def show_proposals(runtime: Runtime, respond, actor) -> None:
    items = await drafts.draft_items(runtime, actor)
    await respond(
        blocks=proposals_blocks(items, can_review=actor.is_admin), text="Draft flows", response_type="ephemeral"
    )


async def proposal_button(action: dict, respond) -> ProposalRef | None:
    try:
        return ProposalRef.decode(action["value"])
    except ValueError:
        await tell(respond, FORGED)
        return None


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.action(ids.PROPOSE)
    async def propose(ack, action, respond, client, actor):
        """On a resolved walk card, and beside each candidate walk in admins' Insights (App Home, report DM)."""
        await ack()
        reply = reply_to(respond, client, actor.slack_user_id)
        ref = await walk_button(action, reply)
        if ref is not None:
            await tell(reply, await drafts.propose_walk(runtime, actor, ref.session_id))

    @app.action(ids.PROPOSAL_TRY)
    async def try_draft(ack, body, action, client, respond, actor):
        await ack()
        ref = await proposal_button(action, respond)
        if ref is not None:
            await tell(respond, await drafts.try_draft(runtime, client, actor, ref.proposal_id, channel_of(body)))

    @app.action(ids.PROPOSAL_PUBLISH)
    async def publish(ack, action, respond, actor):
        await ack()
        ref = await proposal_button(action, respond)
        if ref is not None:
            await tell(respond, await drafts.publish_draft(runtime, actor, ref.proposal_id))

    @app.action(ids.PROPOSAL_REJECT)
    async def reject(ack, body, action, client, respond, actor):
        await ack()
        if not actor.is_admin:
            await tell(respond, ONLY_ADMINS_REJECT)
            return
        ref = await proposal_button(action, respond)
        if ref is None:
            return
        state = RejectModalState(ref.proposal_id, channel_of(body)).encode()
        await client.views_open(trigger_id=body["trigger_id"], view=reject_modal(state, title="this draft flow"))

    @app.view(ids.REJECT_VIEW)
    async def rejected(ack, view, client, actor):
        await ack()
        try:
            state = RejectModalState.decode(view.get("private_metadata") or "")
        except ValueError:
            return
        message = await drafts.reject_draft(runtime, actor, state.proposal_id, reject_reason(view))
        if state.channel_id:
            await client.chat_postEphemeral(channel=state.channel_id, user=actor.slack_user_id, text=message)
