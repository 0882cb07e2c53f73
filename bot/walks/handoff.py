"""Escalations for engineers: the handoff card, the atomic pick-up, and the queue.

The card is posted after the escalation commits (a Slack failure never loses the
escalation: it stays in `/walk escalations`, where it can be picked up too).
"""

from __future__ import annotations

import dataclasses
import logging
import uuid
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine.state import notes_by_step, notes_of, steps_of
from bot.psa.writeback_settings import WritebackSettings
from bot.rendering.handoff import HandoffCard, HandoffStep, handoff_blocks, handoff_fallback_text
from bot.runtime import Runtime
from bot.slack_messages import SlackUserError, permalink, post_message, update_message
from bot.walks.actors import Actor
from bot.walks.cards import ticket_header
from bot.walks.labels import escalation_category_label, walking_label
from bot.walks.people import name_of, remember_profile
from bot.writeback.outcome import enqueue_pickup
from storage.models import L1WalkSession
from storage.queries import accounts, escalations, psa_writeback, sessions

log = logging.getLogger(__name__)


async def handoff_card(db: AsyncSession, session: L1WalkSession) -> HandoffCard:
    """The card without its thread link (``with_thread_link`` adds it once the transaction is over)."""
    notes_by_node = notes_by_step(notes_of(session.walk_notes))
    steps = [
        HandoffStep(step.text, step.option_label, tuple(notes_by_node.pop(step.node_id, [])))
        for step in steps_of(session.walked_path)
    ]
    loose = [text for notes in notes_by_node.values() for text in notes]
    technician = await accounts.user_by_id(db, session.created_by_user_id)
    finisher = await accounts.user_by_id(db, session.ended_by_user_id) if session.ended_by_user_id else None
    handoff = await escalations.handoff_of(db, session.id)
    picker = (
        await accounts.user_by_id(db, handoff.picked_up_by_user_id)
        if handoff and handoff.picked_up_by_user_id
        else None
    )
    header = ticket_header(session)
    return HandoffCard(
        session_id=str(session.id),
        ticket_label=header.label,
        ticket_url=header.url,
        company=header.company,
        technician=name_of(technician),
        flow_title=await walking_label(db, session),
        steps=steps,
        loose_notes=loose,
        reason=session.escalation_reason or "",
        category_label=escalation_category_label(session.escalation_reason_category),
        thread_link=None,
        picked_up_by=name_of(picker) if picker else None,
        picked_up_at=handoff.picked_up_at if handoff else None,
        escalated_by=name_of(finisher) if finisher is not None and finisher.id != session.created_by_user_id else None,
    )


async def post_handoff(runtime: Runtime, client: AsyncWebClient, actor: Actor, session_id: uuid.UUID) -> str | None:
    """Post the handoff card to the engineers' channel; returns a problem to tell the technician, or None."""
    channel = actor.engineer_channel_id
    async with runtime.db.begin() as db:
        session = await sessions.get_session(db, actor.account_id, session_id)
        if session is None or channel is None:
            return (
                "No engineer channel is set, so no handoff card was posted; the escalation is in `/walk escalations`."
            )
        card = await handoff_card(db, session)
    card = await with_thread_link(client, card, session)
    try:
        await runtime.channels.ensure_internal(client, channel)
        ts = await post_message(client, channel, handoff_blocks(card), handoff_fallback_text(card))
    except SlackUserError as exc:
        log.warning("handoff card for session %s (team %s) not posted: %s", session_id, actor.team_id, exc.error)
        await runtime.channels.thread_note(
            client,
            session.channel_id,
            session.message_ts,
            f":warning: The handoff card could not be posted: {exc} The escalation is listed in `/walk escalations`.",
        )
        return f"The escalation is saved, but the handoff card could not be posted: {exc}"
    async with runtime.db.begin() as db:
        await escalations.record_handoff(db, session_id, actor.account_id, channel, ts)
    await runtime.channels.thread_note(
        client,
        session.channel_id,
        session.message_ts,
        f":arrow_up: Escalated to <#{channel}>; waiting for an engineer.",
    )
    return None


async def with_thread_link(client: AsyncWebClient, card: HandoffCard, session: L1WalkSession) -> HandoffCard:
    """Slack is asked for the walk thread's link outside any transaction."""
    return dataclasses.replace(card, thread_link=await permalink(client, session.channel_id, session.message_ts))


@dataclass(frozen=True)
class PickUpResult:
    message: str | None  # ephemeral to the engineer, when the pick-up did not happen


async def pick_up_escalation(
    runtime: Runtime, client: AsyncWebClient, actor: Actor, session_id: uuid.UUID
) -> PickUpResult:
    """The first engineer to click claims it (one conditional UPDATE); later clicks are told who has it."""
    if not actor.is_engineer:
        return PickUpResult("Only engineers pick up escalations. Ask a walkbot admin to add you to WALKBOT_ENGINEERS.")
    await remember_profile(runtime, client, actor)  # the card names who picked it up
    connection = await runtime.psa.connection_for(actor.account_id)
    async with runtime.db.begin() as db:
        claim = await escalations.claim(db, actor.account_id, session_id, actor.user_id)
        if claim is None:
            return PickUpResult("This escalation no longer exists.")
        if not claim.won:
            holder = await accounts.user_by_id(db, claim.picked_up_by_user_id) if claim.picked_up_by_user_id else None
            when = f" at {claim.picked_up_at:%H:%M} UTC" if claim.picked_up_at else ""
            who = f"<@{holder.slack_user_id}>" if holder else "another engineer"
            return PickUpResult(f"Already picked up by {who}{when}.")
        await sessions.log_event(db, session_id, "picked_up", {"engineer": actor.slack_user_id})
        session = await sessions.get_session(db, actor.account_id, session_id)
        # The ticket follows the pick-up (assigned to the engineer, configured status), through the outbox.
        await enqueue_pickup(
            db,
            session,
            psa_kind=connection.kind if connection is not None else "none",
            engineer_slack_id=actor.slack_user_id,
            writeback=WritebackSettings.from_json(await psa_writeback.writeback_of(db, actor.account_id)),
        )
        handoff = await escalations.handoff_of(db, session_id)
        card = await handoff_card(db, session)
    card = await with_thread_link(client, card, session)
    told = None
    if handoff is not None and handoff.handoff_channel_id and handoff.handoff_message_ts:
        # The engineers' channel may have been shared with another organisation since the card was posted.
        refused = await runtime.channels.refusal(client, handoff.handoff_channel_id)
        if refused:
            told = f"You have picked it up, but its handoff card was not updated: {refused}"
        else:
            await update_message(
                client,
                handoff.handoff_channel_id,
                handoff.handoff_message_ts,
                handoff_blocks(card),
                handoff_fallback_text(card),
            )
    await runtime.channels.thread_note(
        client,
        session.channel_id,
        session.message_ts,
        f":raising_hand: <@{actor.slack_user_id}> picked up this escalation.",
    )
    return PickUpResult(told)
