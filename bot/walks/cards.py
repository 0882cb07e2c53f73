"""A walk's card, assembled from its row and the engine's view (ready for ``bot.rendering.walk_card``)."""

from __future__ import annotations

import asyncio
import uuid

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ai.categories import ALL_CATEGORIES
from bot.engine.kinds import PROPOSABLE_KINDS, SessionKind, WalkStatus
from bot.engine.state import steps_of
from bot.psa.models import Ticket, ticket_from_snapshot, ticket_label
from bot.rendering.walk_card import TicketHeader, WalkCard, walk_card_blocks, walk_fallback_text
from bot.runtime import Runtime
from bot.slack_channels import ChannelGuard
from bot.slack_messages import post_message, update_message
from bot.walks.holding import COVERAGE, holder_of
from bot.walks.labels import escalation_category_label, walking_label
from bot.walks.stepping import Stepped, show_walk
from storage.models import L1WalkSession
from storage.queries import accounts, sessions

RECAP_STEPS = {SessionKind.ADHOC: 10}  # ad-hoc walks show their whole recent record; others the last few steps
DEFAULT_RECAP = 3


# A user's Slack id never changes, so each process looks it up once: cards are redrawn on every click.
_SLACK_IDS: dict[uuid.UUID, str] = {}


async def slack_id_of(db: AsyncSession, user_id: uuid.UUID) -> str:
    if user_id not in _SLACK_IDS:
        user = await accounts.user_by_id(db, user_id)
        if user is None:
            return "unknown"
        if len(_SLACK_IDS) > 10_000:
            _SLACK_IDS.clear()
        _SLACK_IDS[user_id] = user.slack_user_id
    return _SLACK_IDS[user_id]


def ticket_header(session: L1WalkSession) -> TicketHeader:
    if session.ticket_snapshot:
        return ticket_header_of(ticket_from_snapshot(session.ticket_snapshot))
    return TicketHeader(label=f"Ticket {session.ticket_id}")


def ticket_header_of(ticket: Ticket) -> TicketHeader:
    return TicketHeader(label=ticket_label(ticket), url=ticket.url, company=ticket.company, contact=ticket.contact)


async def walk_card(
    db: AsyncSession,
    stepped: Stepped,
    *,
    notice: str | None = None,
    ai_failed: bool = False,
    ended_by: str | None = None,
) -> WalkCard:
    session = stepped.session
    technician_id = await slack_id_of(db, session.created_by_user_id)
    held_by = None
    if session.acting_as == COVERAGE and session.status == WalkStatus.ACTIVE:
        holder = await holder_of(db, session)
        held_by = await slack_id_of(db, holder) if holder != session.created_by_user_id else None
    category_label = None
    if session.session_kind == SessionKind.AI_BUILD and session.category:
        category_label = ALL_CATEGORIES.get(session.category, session.category)
    return WalkCard(
        session_id=str(session.id),
        ticket=ticket_header(session),
        technician_id=technician_id,
        walking=await walking_label(db, session),
        view=stepped.outcome.view,
        category_label=category_label,
        notice=notice,
        ai_failed=ai_failed,
        escalation_label=escalation_category_label(session.escalation_reason_category)
        if session.status == WalkStatus.ESCALATED
        else None,
        ended_by=ended_by,
        held_by=held_by,
        can_propose=session.status == WalkStatus.RESOLVED and session.session_kind in PROPOSABLE_KINDS,
        recent_steps=recent_steps(session),
    )


def recent_steps(session: L1WalkSession) -> tuple[tuple[str, str], ...]:
    keep = RECAP_STEPS.get(session.session_kind, DEFAULT_RECAP)
    return tuple((s.text, s.option_label) for s in steps_of(session.walked_path[-keep:]))


# Redraws of one card go out one at a time, and never an older revision after a newer one: a
# chat.update that Slack rate-limits (the client retries after Retry-After) must not land after a
# later click's update and leave an old step showing. Per process, keyed by the walk and its card.
_REDRAWS: dict[tuple[uuid.UUID, str, str], tuple[asyncio.Lock, list[int]]] = {}
_REDRAWS_LIMIT = 5_000


async def redraw_card(runtime: Runtime, client: AsyncWebClient, session: L1WalkSession, card: WalkCard) -> None:
    """Redraw the walk's card in place (chat.update), if it has one; a refusal is logged, the state is stored.

    Within a process, redraws of one card go out in revision order (below). Across processes, only an
    update that Slack rate-limited can land after a newer one another process sent meanwhile; so once
    such an update lands, the stored revision is read again and, if it moved on, the card is redrawn
    from it (that redraw follows the same rule, so the card ends on the latest revision)."""
    if await _draw(client, session, card):
        await _catch_up(runtime, client, session.account_id, session.id, session.revision)


CATCH_UPS = 5  # redraws after rate-limited ones, at most, per click (each draws a newer revision)


async def _catch_up(
    runtime: Runtime, client: AsyncWebClient, account_id: uuid.UUID, session_id: uuid.UUID, drawn: int
) -> None:
    for _ in range(CATCH_UPS):
        async with runtime.autocommit_db() as db:
            stored = await sessions.stored_revision(db, account_id, session_id)
            if stored is None or stored <= drawn:
                return
            session = await sessions.get_session(db, account_id, session_id)
            if session is None or not session.channel_id or not session.message_ts:
                return
            card = await walk_card(db, await show_walk(db, session))
        if not await _draw(client, session, card):
            return
        drawn = session.revision


async def _draw(client: AsyncWebClient, session: L1WalkSession, card: WalkCard) -> bool:
    """Draw the card unless a newer revision of it was drawn here already; True if Slack rate-limited it."""
    if not (session.channel_id and session.message_ts):
        return False
    key = (session.id, session.channel_id, session.message_ts)
    if key not in _REDRAWS and len(_REDRAWS) >= _REDRAWS_LIMIT:
        for idle in [k for k, (lock, _) in _REDRAWS.items() if not lock.locked()][: _REDRAWS_LIMIT // 2]:
            del _REDRAWS[idle]
    lock, newest = _REDRAWS.setdefault(key, (asyncio.Lock(), [-1]))
    async with lock:
        if session.revision < newest[0]:
            return False  # a newer revision of this card was drawn while this one waited
        newest[0] = session.revision
        updated = await update_message(
            client,
            session.channel_id,
            session.message_ts,
            walk_card_blocks(card),
            walk_fallback_text(card),
            persist=True,
        )
    return updated.rate_limited


async def post_card(client: AsyncWebClient, channel_id: str, card: WalkCard, guard: ChannelGuard) -> str:
    """Post a walk card; returns its ts. Raises SlackUserError, also for a Slack Connect channel."""
    await guard.ensure_internal(client, channel_id)
    return await post_message(client, channel_id, walk_card_blocks(card), walk_fallback_text(card))


async def refresh_card(
    runtime: Runtime,
    client: AsyncWebClient,
    account_id: uuid.UUID,
    session_id: uuid.UUID,
    *,
    notice: str | None = None,
    ai_failed: bool = False,
) -> None:
    """Redraw a walk's card from what is stored (after a stale click, a repost, a Claude error).

    Read in a short transaction; Slack is called after it ends."""
    async with runtime.db.begin() as db:
        session = await sessions.get_session(db, account_id, session_id)
        if session is None or not session.channel_id or not session.message_ts:
            return
        card = await walk_card(db, await show_walk(db, session), notice=notice, ai_failed=ai_failed)
    await redraw_card(runtime, client, session, card)
