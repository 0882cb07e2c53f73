"""Ending a walk: resolve, escalate, abandon; and the write-back those outcomes owe the ticket.

The outcome and its PSA outbox row commit in one transaction, so a PSA outage delays
the note but can never lose it, and never slows the click (delivery is the worker's job).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.engine import Abandon, Escalate, Resolve
from bot.engine.kinds import TicketKind, WalkStatus
from bot.psa.resolver import PSAConnection
from bot.psa.writeback_settings import WritebackSettings
from bot.runtime import Runtime
from bot.walks.actors import Actor
from bot.walks.answering import act_on_walk
from bot.walks.handoff import post_handoff
from bot.walks.labels import walking_label
from bot.walks.people import name_of, remember_profile
from bot.walks.stepping import Stepped, StepResult
from bot.writeback.outcome import enqueue_outcome
from storage.models import L1WalkSession
from storage.queries import accounts, escalations, psa_writeback


async def resolve_walk(
    runtime: Runtime,
    client: AsyncWebClient,
    actor: Actor,
    session_id: uuid.UUID,
    revision: int,
    notes: str,
    helpful: bool | None,
) -> StepResult:
    action = Resolve(revision=revision, actor=actor.slack_user_id, at=datetime.now(UTC), notes=notes, helpful=helpful)
    await remember_profile(runtime, client, actor)  # the note names who resolved it
    psa = await runtime.psa.connection_for(actor.account_id)
    result = await act_on_walk(
        runtime, client, actor, session_id, action, ended_by=actor.slack_user_id, along_with=_ended(psa, actor)
    )
    if result.stepped is not None:
        session = result.stepped.session
        await runtime.channels.thread_note(
            client, session.channel_id, session.message_ts, _written_back_line(psa, session, "Resolved")
        )
    return result


async def escalate_walk(
    runtime: Runtime,
    client: AsyncWebClient,
    actor: Actor,
    session_id: uuid.UUID,
    revision: int,
    reason: str,
    category: str,
) -> StepResult:
    action = Escalate(
        revision=revision, actor=actor.slack_user_id, at=datetime.now(UTC), reason=reason, category=category
    )
    await remember_profile(runtime, client, actor)
    # The queue row is written with the escalation (record_outcome): engineers can pick it up even if the card fails.
    psa = await runtime.psa.connection_for(actor.account_id)
    result = await act_on_walk(
        runtime, client, actor, session_id, action, ended_by=actor.slack_user_id, along_with=_ended(psa, actor)
    )
    if result.stepped is None:
        return result
    problem = await post_handoff(runtime, client, actor, session_id)
    return StepResult(problem, result.stepped)


async def abandon_walk(
    runtime: Runtime, client: AsyncWebClient, actor: Actor, session_id: uuid.UUID, revision: int
) -> StepResult:
    action = Abandon(revision=revision, actor=actor.slack_user_id, at=datetime.now(UTC))
    psa = await runtime.psa.connection_for(actor.account_id)
    return await act_on_walk(
        runtime, client, actor, session_id, action, ended_by=actor.slack_user_id, along_with=_ended(psa, actor)
    )


def _ended(psa: PSAConnection | None, actor: Actor):
    """Record who ended the walk, and queue what the outcome owes, in the transaction that ends it."""

    async def enqueue(db: AsyncSession, stepped: Stepped) -> None:
        stepped.session.ended_by_user_id = actor.user_id
        if psa is None:
            await record_outcome(db, stepped.session, "none")
        else:
            await record_outcome(db, stepped.session, psa.kind, psa.status_on_resolve)

    return enqueue


async def record_outcome(
    db: AsyncSession, session: L1WalkSession, psa_kind: str, status_on_resolve: str | None = None
) -> None:
    """What a finished walk owes, in the transaction that finished it: the PSA note, and for an
    escalation the engineers' queue row. Shared by Slack and the terminal walk."""

    technician = await accounts.user_by_id(db, session.created_by_user_id)
    finisher = await accounts.user_by_id(db, session.ended_by_user_id) if session.ended_by_user_id else None
    if finisher is not None and finisher.id == session.created_by_user_id:
        finisher = None
    author = finisher or technician  # the PSA write is made as the person who ended the walk
    await enqueue_outcome(
        db,
        session,
        psa_kind=psa_kind,
        flow_title=await walking_label(db, session),
        technician=name_of(technician),
        finished_by=name_of(finisher) if finisher is not None else None,
        author_name=name_of(author),
        author_slack_id=author.slack_user_id if author else "",
        status_on_resolve=status_on_resolve,
        writeback=WritebackSettings.from_json(await psa_writeback.writeback_of(db, session.account_id)),
    )
    if session.status == WalkStatus.ESCALATED:
        await escalations.record_handoff(db, session.id, session.account_id, None, None)


def _written_back_line(psa: PSAConnection | None, session: L1WalkSession, outcome: str) -> str:
    if session.ticket_kind != TicketKind.PSA or psa is None:
        return f"{outcome}. (Internal ticket: nothing to write back to a PSA.)"
    return f"{outcome}. The walk is being written to ticket #{session.ticket_id} as a note."
