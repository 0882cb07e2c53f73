"""Starting a walk: ``/walk TICKET [flow | adhoc | ai]`` and the intake card's buttons.

With no flow named, intake decides in a fixed order: published flows that match the
ticket are offered first; only when none match is the ticket classified (one cheap
Claude call) to decide whether AI-guided may be offered. When flows match, the
AI button classifies on click instead, so taking a matched flow costs no AI call.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ai.categories import ALL_CATEGORIES
from bot.ai.classify import classify_ticket
from bot.engine import WalkContext
from bot.engine.kinds import SessionKind, TicketKind, WalkStatus
from bot.flows.model import Flow
from bot.flows.suggest import FlowCandidate, rank_flows
from bot.psa.models import Ticket, ticket_label
from bot.rendering.action_ids import IntakeChoice
from bot.rendering.intake import IntakeCard, intake_blocks, intake_fallback_text
from bot.rendering.text import notice_blocks
from bot.rendering.walk_card import WalkCard
from bot.runtime import Runtime
from bot.slack_messages import SlackUserError, permalink, post_message, update_message
from bot.walks.actors import Actor
from bot.walks.ai_steps import serve_next_node
from bot.walks.cards import post_card, redraw_card, ticket_header_of, walk_card
from bot.walks.ownership import refusal
from bot.walks.people import remember_profile
from bot.walks.stepping import Stepped, StepResult, begin_walk, flow_context, show_walk
from bot.walks.tickets import (
    TicketUnavailable,
    look_up_ticket,
    new_internal_ticket,
    problem_text,
    ticket_from_snapshot,
    ticket_snapshot,
)
from storage.queries import sessions, slack_events, trees

log = logging.getLogger(__name__)

ADHOC = "adhoc"
AI = "ai"


CARD_NOT_POSTED = (
    "The walk card could not be posted (Slack did not accept it), so no walk was started. "
    "Try `/walk` again in a minute; if it keeps failing, tell your walkbot admin (it is logged)."
)


class AlreadyWalking(Exception):
    """The technician already has this walk going (a replayed or double-typed ``/walk``): offer it instead."""

    def __init__(self, channel_id: str | None, message_ts: str | None) -> None:
        super().__init__("already walking")
        self.channel_id, self.message_ts = channel_id, message_ts


class WalkRefused(Exception):
    """The walk can't start; the message tells the technician what to do instead."""


@dataclass(frozen=True)
class Created:
    """A walk whose row is written but whose card is not posted yet."""

    stepped: Stepped
    card: WalkCard
    channel_id: str


async def show_intake(runtime: Runtime, client: AsyncWebClient, actor: Actor, ticket: Ticket, channel_id: str) -> None:
    """Post the intake card: matching flows, ad-hoc, and AI-guided where the category allows it.

    The flows are read in a short transaction; classifying (Claude) and posting happen after it.
    """
    async with runtime.db.begin() as db:
        published = await trees.latest_published(db, actor.account_id)
        candidates = [FlowCandidate(t.slug, t.title, Flow.from_dict(t.definition).match) for t in published]
    suggestions = rank_flows(ticket, candidates)
    category, ai, note = None, "ask", None
    if not suggestions:
        category = (await classify(runtime, actor, ticket)).category
        ai, note = ai_offer(runtime, actor, category, ticket)
    elif runtime.claude is None:
        ai = "hidden"
    card = IntakeCard(
        ticket=ticket_header_of(ticket),
        ticket_ref=intake_ref(ticket),
        technician_id=actor.slack_user_id,
        description=ticket.description,
        suggestions=[(s.slug, s.title) for s in suggestions],
        ai=ai,
        category=category,
        ai_note=note,
    )
    await post_message(client, channel_id, intake_blocks(card), intake_fallback_text(card))


def intake_ref(ticket: Ticket) -> IntakeChoice:
    """What intake buttons carry: the ticket, and for a new internal ticket its text (it exists nowhere else yet)."""
    if ticket.kind == TicketKind.INTERNAL:
        return IntakeChoice(TicketKind.INTERNAL, ticket.id, ticket.summary)
    return IntakeChoice(TicketKind.PSA, ticket.id)


async def classify(runtime: Runtime, actor: Actor, ticket: Ticket):
    """One fast-model call (or keywords when Claude is unavailable): a ``Classification`` with its usage."""
    return await classify_ticket(runtime.claude, problem_text(ticket), actor.ai_categories)


def ai_not_enabled(category: str | None, ticket_id: str) -> str:
    """The one refusal for a category the account has not enabled for AI (intake note and `/walk … ai`)."""
    label = ALL_CATEGORIES.get(category or "", "uncategorised")
    return (
        f"AI-guided walks are not enabled for {label} tickets in this workspace. "
        f"Walk it with a flow or ad-hoc: `/walk {ticket_id} adhoc`."
    )


def ai_offer(runtime: Runtime, actor: Actor, category: str, ticket: Ticket) -> tuple[str, str | None]:
    """("offer" | "hidden", why not) for a classified ticket."""
    if runtime.claude is None:
        return "hidden", None
    if category not in actor.ai_categories:
        return "hidden", ai_not_enabled(category, ticket.id)
    return "offer", None


async def create_walk(
    runtime: Runtime,
    db: AsyncSession,
    actor: Actor,
    ticket: Ticket,
    target: str,
    channel_id: str,
    *,
    ai: AIIntake | None = None,
) -> Created:
    """Write the session for ``target`` (a flow slug, ``adhoc`` or ``ai``); ``post_walk_card`` shows it after commit.

    Database only: an AI walk's classification (``ai``, from ``classify_for_ai``) was done before the transaction.
    """
    columns: dict[str, Any] = {
        "account_id": actor.account_id,
        "created_by_user_id": actor.user_id,
        "acting_as": actor.role,
        "ticket_id": ticket.id,
        "ticket_kind": ticket.kind,
        "ticket_snapshot": ticket_snapshot(ticket),
        "channel_id": channel_id or None,  # the terminal walk has no channel
    }
    await _refuse_second_walk(db, actor, ticket, target)
    if target == ADHOC:
        stepped = await begin_walk(db, WalkContext(), session_kind=SessionKind.ADHOC, **columns)
    elif target == AI:
        if ai is None:
            raise WalkRefused("AI-guided walks are not set up here (no ANTHROPIC_API_KEY). Use a flow or `adhoc`.")
        stepped = await _begin_ai_walk(db, ticket, columns, ai)
    else:
        tree = await trees.latest_version(db, actor.account_id, target)
        if tree is None:
            raise WalkRefused(
                f"There is no published flow `{target}`. Run `/walk {ticket.id}` to see the flows that match, "
                "or ask an author to publish it (`walkbot flows list`)."
            )
        columns["flow_id"] = tree.id
        stepped = await begin_walk(
            db,
            await flow_context(db, actor.account_id, Flow.from_dict(tree.definition)),
            session_kind=SessionKind.FLOW,
            **columns,
        )
    return Created(stepped, await walk_card(db, stepped), channel_id)


async def _refuse_second_walk(db: AsyncSession, actor: Actor, ticket: Ticket, target: str) -> None:
    """One active walk per technician, ticket and flow: Slack may replay a signed command for five minutes."""
    await sessions.lock_technicians_ticket(db, actor.user_id, ticket.kind, ticket.id)
    kind = {ADHOC: SessionKind.ADHOC, AI: SessionKind.AI_BUILD}.get(target, SessionKind.FLOW)
    existing = await sessions.active_walk_like(
        db, actor.account_id, actor.user_id, ticket.kind, ticket.id, kind, None if kind != SessionKind.FLOW else target
    )
    if existing is not None:
        raise AlreadyWalking(existing.channel_id, existing.message_ts)


async def post_walk_card(runtime: Runtime, client: AsyncWebClient, created: Created) -> None:
    """Post the card of a committed walk, so a quick click always finds its row.

    If the card can't be posted — Slack refuses (walkbot not in the channel…), the transport fails
    after its retries, the blocks don't validate — the walk is deleted again: nothing was walked
    yet, and an active walk without a card could never be clicked. Raises SlackUserError saying what to do.
    """
    session = created.stepped.session
    try:
        ts = await post_card(client, created.channel_id, created.card, runtime.channels)
    except Exception as exc:
        async with runtime.db.begin() as db:
            await sessions.delete_unstarted(db, session.account_id, session.id)
        if isinstance(exc, SlackUserError):
            raise
        log.error("walk card for session %s (account %s) not posted: %r", session.id, session.account_id, exc)
        raise SlackUserError(CARD_NOT_POSTED, type(exc).__name__) from exc
    async with runtime.db.begin() as db:
        await sessions.record_card(db, session.account_id, session.id, created.channel_id, ts)
    session.message_ts = ts


@dataclass(frozen=True)
class AIIntake:
    """An AI walk's category, decided at intake, and the classification call it paid for (if any)."""

    category: str
    usage: dict[str, int]


async def classify_for_ai(runtime: Runtime, actor: Actor, ticket: Ticket, category: str | None) -> AIIntake:
    """Classify (one Claude call unless the intake card already did) and refuse categories the account keeps from AI.

    Called outside any transaction: Claude may be slow, and no pooled connection waits for it.
    """
    if runtime.claude is None:
        raise WalkRefused("AI-guided walks are not set up here (no ANTHROPIC_API_KEY). Use a flow or `adhoc`.")
    usage: dict[str, int] = {}
    if not category:
        classification = await classify(runtime, actor, ticket)
        category, usage = classification.category, dict(classification.usage or {})
    if category not in actor.ai_categories:
        raise WalkRefused(ai_not_enabled(category, ticket.id))
    return AIIntake(category, usage)


async def _begin_ai_walk(db: AsyncSession, ticket: Ticket, columns: dict[str, Any], ai: AIIntake) -> Stepped:
    # category and problem_text are fixed here, at intake, and never recomputed (see the model's comment).
    stepped = await begin_walk(
        db,
        WalkContext(),
        session_kind=SessionKind.AI_BUILD,
        category=ai.category,
        problem_text=problem_text(ticket),
        **columns,
    )
    if ai.usage:  # the classification this walk paid for counts towards its cost
        await sessions.add_ai_usage(db, stepped.session, ai.usage)
    return stepped


async def walk_ticket(
    runtime: Runtime,
    client: AsyncWebClient,
    actor: Actor,
    ticket_kind: str,
    ticket_id: str,
    target: str | None,
    channel_id: str,
    *,
    internal_text: str | None = None,
    category: str | None = None,
    intake_card: tuple[str, str] | None = None,
    source_psa: str | None = None,
) -> str | None:
    """``/walk TICKET [target]`` and the intake buttons. Returns what to tell the technician, or None.

    ``intake_card`` (channel, ts) is the card a choice was clicked on: one walk per card, so a
    double click (or a colleague's click) doesn't start the same ticket twice.
    """
    claim = f"intake:{intake_card[0]}:{intake_card[1]}" if intake_card else None
    try:  # before any work: a Slack Connect channel never gets an intake card, a walk card or a ticket lookup
        await runtime.channels.ensure_internal(client, channel_id)
    except SlackUserError as exc:
        return str(exc)
    if target is not None:
        await remember_profile(runtime, client, actor)  # notes and handoff cards name the technician
    # Read and call out first (PSA lookup, classification), holding no connection; then one short
    # transaction claims the intake card and writes the walk; the card is posted after it commits.
    try:
        if claim and await _already_claimed(runtime, claim):
            return ALREADY_STARTED
        ticket = await _find_ticket(runtime, actor, ticket_kind, ticket_id, internal_text, source_psa)
        if target is None:
            await show_intake(runtime, client, actor, ticket, channel_id)
            return None
        ai = await classify_for_ai(runtime, actor, ticket, category) if target == AI else None
        async with runtime.db.begin() as db:
            if claim and not await slack_events.claim_event(db, claim, actor.team_id):
                return ALREADY_STARTED
            created = await create_walk(runtime, db, actor, ticket, target, channel_id, ai=ai)
        await post_walk_card(runtime, client, created)
    except SlackUserError as exc:
        if claim:  # the walk was deleted again: the card's buttons may be used once more
            async with runtime.db.begin() as db:
                await slack_events.release_event(db, claim)
        return str(exc)
    except (TicketUnavailable, WalkRefused) as exc:
        return str(exc)
    except AlreadyWalking as exc:
        link = await permalink(client, exc.channel_id, exc.message_ts)
        where = f"<{link}|open its card>" if link else "see `/walk mine`"
        return f"You already have this walk going on this ticket, so no second one was started: {where}."
    if intake_card:
        started = f":arrow_down: <@{actor.slack_user_id}> started a walk of {ticket_label(ticket)} below."
        await update_message(client, *intake_card, notice_blocks(started), started)
    if created.stepped.outcome.view.awaiting_ai:
        await serve_next_node(runtime, client, actor.account_id, created.stepped.session.id)
    return None


ALREADY_STARTED = "A walk was already started from this card; see `/walk mine`."


async def _already_claimed(runtime: Runtime, claim: str) -> bool:
    """A cheap early refusal of a second click (the claim itself is taken with the walk's write)."""
    async with runtime.db.begin() as db:
        return await slack_events.is_claimed(db, claim)


async def _find_ticket(
    runtime: Runtime,
    actor: Actor,
    ticket_kind: str,
    ticket_id: str,
    internal_text: str | None,
    source_psa: str | None = None,
) -> Ticket:
    """The ticket to walk: a new internal one, or one looked up outside any transaction."""
    if internal_text:
        if not ticket_id:
            async with runtime.db.begin() as db:
                ticket_id = await sessions.next_internal_ticket_id(db)
        return new_internal_ticket(ticket_id, internal_text)
    psa = None if ticket_kind == TicketKind.INTERNAL else await runtime.psa.connection_for(actor.account_id)
    return await look_up_ticket(
        psa.client if psa else None, runtime.db, actor, ticket_kind, ticket_id, source_psa=source_psa
    )


async def continue_ad_hoc(runtime: Runtime, client: AsyncWebClient, actor: Actor, session_id: uuid.UUID) -> StepResult:
    """Claude is down: end the AI walk as abandoned and start an ad-hoc walk on the same ticket and card thread."""
    async with runtime.db.begin() as db:
        session = await sessions.lock_session(db, actor.account_id, session_id)
        if session is None or session.status != WalkStatus.ACTIVE:
            return StepResult("This walk has already ended.")
        refused = await refusal(db, session, actor)
        if refused:
            return StepResult(refused)
        session.status = WalkStatus.ABANDONED
        session.revision += 1
        await sessions.log_event(db, session.id, "switched_to_adhoc", {})
        ticket = ticket_from_snapshot(
            session.ticket_snapshot
            or {"id": session.ticket_id, "kind": session.ticket_kind, "psa": "internal", "summary": ""}
        )
        card = await walk_card(db, await show_walk(db, session), notice="Switched to an ad-hoc investigation.")
        created = await create_walk(runtime, db, actor, ticket, ADHOC, session.channel_id or "")
    await redraw_card(runtime, client, session, card)
    try:
        await post_walk_card(runtime, client, created)
    except SlackUserError as exc:
        return StepResult(str(exc))
    return StepResult(None, created.stepped)
