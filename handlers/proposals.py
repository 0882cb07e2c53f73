"""Draft flows from Slack: Propose as flow (on a resolved card), `/walk proposals`, Try, Publish, Reject."""

from __future__ import annotations

import uuid

from slack_bolt.async_app import AsyncApp

from bot.proposals import review
from bot.rendering import action_ids as ids
from bot.rendering.modals import REASON, reject_modal
from bot.rendering.proposals import DraftItem, proposals_blocks
from bot.runtime import Runtime
from bot.slack_messages import SlackUserError
from bot.walks.cards import walk_card
from bot.walks.starting import Created, post_walk_card
from handlers.actions_common import channel_of, tell, walk_button
from storage.queries import sessions

PROPOSAL_ERRORS = (review.NotAllowed, review.ProposalNotFound, review.InvalidProposal, ValueError)


async def show_proposals(runtime: Runtime, respond, actor) -> None:
    async with runtime.db.begin() as db:
        drafts = await review.list_drafts(db, actor.account_id)
        items = [
            DraftItem(str(p.id), p.slug, p.title, p.source, len(p.definition.get("nodes", [])), len(review.stub_ids(p)))
            for p in drafts
        ]
    await respond(
        blocks=proposals_blocks(items, can_review=actor.is_admin), text="Draft flows", response_type="ephemeral"
    )


def _problem(exc: Exception) -> str:
    errors = getattr(exc, "errors", None) or []
    return "\n".join([str(exc), *(f"• {e}" for e in errors[:10])])


def register(app: AsyncApp, runtime: Runtime) -> None:
    @app.action(ids.PROPOSE)
    async def propose(ack, body, action, respond, actor):
        await ack()
        ref = await walk_button(action, respond)
        if ref is None:
            return
        try:
            async with runtime.db.begin() as db:
                session = await sessions.get_session(db, actor.account_id, ref.session_id)
                if session is not None:
                    proposal = await review.propose_from_walk(db, session, user_id=actor.user_id)
                    stubs = len(review.stub_ids(proposal))
        except PROPOSAL_ERRORS as exc:
            await tell(respond, _problem(exc))
            return
        if session is None:  # told after the transaction: no network call inside one
            await tell(respond, "This walk no longer exists.")
            return
        more = f" {stubs} untaken branch(es) are marked for review." if stubs else ""
        await tell(respond, f"Draft flow `{proposal.slug}` created.{more} Admins review drafts with `/walk proposals`.")

    @app.action(ids.PROPOSAL_TRY)
    async def try_draft(ack, body, action, client, respond, actor):
        await ack()
        channel = channel_of(body)
        try:
            async with runtime.db.begin() as db:
                stepped = await review.start_trial(
                    db, actor.account_id, uuid.UUID(action["value"]), user_id=actor.user_id
                )
                created = Created(stepped, await walk_card(db, stepped), channel)
            await post_walk_card(runtime, client, created)  # after commit, like any walk
        except (*PROPOSAL_ERRORS, SlackUserError) as exc:
            await tell(respond, _problem(exc))

    @app.action(ids.PROPOSAL_PUBLISH)
    async def publish(ack, body, action, respond, actor):
        await ack()
        try:
            async with runtime.db.begin() as db:
                slug, version = await review.publish_proposal(
                    db,
                    actor.account_id,
                    uuid.UUID(action["value"]),
                    reviewer_user_id=actor.user_id,
                    is_admin=actor.is_admin,
                )
        except PROPOSAL_ERRORS as exc:
            await tell(respond, _problem(exc))
            return
        await tell(respond, f"Published `{slug}` v{version}. Technicians see it in `/walk TICKET` suggestions now.")

    @app.action(ids.PROPOSAL_REJECT)
    async def reject(ack, body, action, client, respond, actor):
        await ack()
        if not actor.is_admin:
            await tell(respond, "Only admins reject flow proposals; ask an admin.")
            return
        metadata = f"{action['value']}|{channel_of(body)}"
        await client.views_open(trigger_id=body["trigger_id"], view=reject_modal(metadata, title="this draft flow"))

    @app.view(ids.REJECT_VIEW)
    async def rejected(ack, body, view, client, actor):
        await ack()
        proposal_id, _, channel = (view.get("private_metadata") or "").partition("|")
        reason = ((view["state"]["values"].get(REASON) or {}).get(REASON) or {}).get("value") or ""
        try:
            async with runtime.db.begin() as db:
                proposal = await review.reject_proposal(
                    db,
                    actor.account_id,
                    uuid.UUID(proposal_id),
                    reviewer_user_id=actor.user_id,
                    is_admin=actor.is_admin,
                    reason=reason,
                )
            message = f"Rejected draft `{proposal.slug}`."
        except PROPOSAL_ERRORS as exc:
            message = _problem(exc)
        if channel:
            await client.chat_postEphemeral(channel=channel, user=actor.slack_user_id, text=message)
