"""Draft flows from Slack, one use case per button: each opens its own transaction and returns what to tell.

``review`` holds the rules (callers own the transaction, as the CLI does); this module is the
shell Slack listeners call, so a listener only acks, calls one function and replies.
"""

from __future__ import annotations

import uuid

from slack_sdk.web.async_client import AsyncWebClient

from bot.proposals import review
from bot.rendering.proposals import DraftItem
from bot.runtime import Runtime
from bot.slack_messages import SlackUserError
from bot.walks.actors import Actor
from bot.walks.cards import slack_id_of, walk_card
from bot.walks.holding import holder_of
from bot.walks.starting import Created, post_walk_card
from storage.queries import sessions

PROPOSAL_ERRORS = (review.NotAllowed, review.ProposalNotFound, review.InvalidProposal, ValueError)


def problem(exc: Exception) -> str:
    """A refusal as the user reads it: the reason, then up to ten of the flow errors behind it."""
    errors = getattr(exc, "errors", None) or []
    return "\n".join([str(exc), *(f"• {e}" for e in errors[:10])])


async def draft_items(runtime: Runtime, actor: Actor) -> list[DraftItem]:
    """`/walk proposals`: the account's drafts, with their size and the steps still needing review."""
    async with runtime.db.begin() as db:
        drafts = await review.list_drafts(db, actor.account_id)
        return [
            DraftItem(str(p.id), p.slug, p.title, p.source, len(p.definition.get("nodes", [])), len(review.stub_ids(p)))
            for p in drafts
        ]


async def propose_walk(runtime: Runtime, actor: Actor, session_id: uuid.UUID) -> str:
    """Propose as flow (on a resolved card, and in admins' Insights): the draft distilled from the walk.

    Who may: the walk's technician, whoever took it over, engineers and admins; another technician is told
    whose walk it is. A walk of another workspace is not found (every read is scoped to the clicker's account)."""
    try:
        async with runtime.db.begin() as db:
            session = await sessions.get_session(db, actor.account_id, session_id)
            if session is None:
                return "This walk no longer exists."
            if not actor.is_engineer and actor.user_id != session.created_by_user_id:
                holder = await holder_of(db, session)
                if holder != actor.user_id:
                    return (
                        f"This is <@{await slack_id_of(db, session.created_by_user_id)}>'s walk: only they, whoever "
                        "took it over, engineers and walkbot admins can propose it as a flow."
                    )
            proposal = await review.propose_from_walk(db, session, user_id=actor.user_id)
            stubs = len(review.stub_ids(proposal))
    except PROPOSAL_ERRORS as exc:
        return problem(exc)
    more = f" {stubs} untaken branch(es) are marked for review." if stubs else ""
    return f"Draft flow `{proposal.slug}` created.{more} Admins review drafts with `/walk proposals`."


async def try_draft(
    runtime: Runtime, client: AsyncWebClient, actor: Actor, proposal_id: uuid.UUID, channel_id: str
) -> str | None:
    """Try: walk the draft on a test ticket; its card is posted after the walk commits, like any walk."""
    try:
        async with runtime.db.begin() as db:
            stepped = await review.start_trial(db, actor.account_id, proposal_id, user_id=actor.user_id)
            created = Created(stepped, await walk_card(db, stepped), channel_id)
        await post_walk_card(runtime, client, created)
    except (*PROPOSAL_ERRORS, SlackUserError) as exc:
        return problem(exc)
    return None


async def publish_draft(runtime: Runtime, actor: Actor, proposal_id: uuid.UUID) -> str:
    try:
        async with runtime.db.begin() as db:
            slug, version = await review.publish_proposal(
                db, actor.account_id, proposal_id, reviewer_user_id=actor.user_id, is_admin=actor.is_admin
            )
    except PROPOSAL_ERRORS as exc:
        return problem(exc)
    return f"Published `{slug}` v{version}. Technicians see it in `/walk TICKET` suggestions now."


async def reject_draft(runtime: Runtime, actor: Actor, proposal_id: uuid.UUID, reason: str) -> str:
    try:
        async with runtime.db.begin() as db:
            proposal = await review.reject_proposal(
                db,
                actor.account_id,
                proposal_id,
                reviewer_user_id=actor.user_id,
                is_admin=actor.is_admin,
                reason=reason,
            )
    except PROPOSAL_ERRORS as exc:
        return problem(exc)
    return f"Rejected draft `{proposal.slug}`."
