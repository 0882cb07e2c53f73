"""A walk's card, assembled from its row and the engine's view (ready for ``bot.rendering.walk_card``)."""

from __future__ import annotations

import asyncio
import logging
import uuid
import weakref
from dataclasses import dataclass, field

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

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
from storage.driver import driver_connection
from storage.models import L1WalkSession
from storage.queries import accounts, sessions

log = logging.getLogger(__name__)

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

    Within a process, redraws of one card go out in revision order (below). Across processes, another
    process's update of the same card can land after this one's although it drew an older revision (one
    Slack rate-limited, one the client retried after a 5xx or a dropped connection, a slow network, a
    stalled process). So once this update has landed, the stored revision is read again and, if the walk
    moved on, the card is redrawn from it; that redraw follows the same rule, so the last update to land
    is always followed by a read that sees the latest revision. The reads of every card drawn in the
    same moment share one statement (``_stored_revision``)."""
    if await _draw(client, session, card):
        await _catch_up(runtime, client, session)


CATCH_UPS = 5  # redraws after a landed update, at most, per click (each draws a newer revision)


async def _catch_up(runtime: Runtime, client: AsyncWebClient, drawn: L1WalkSession) -> None:
    account_id, session_id = drawn.account_id, drawn.id
    for _ in range(CATCH_UPS):
        stored = await _stored_revision(runtime, account_id, session_id)
        if stored is None or stored <= drawn.revision or _drawn_here(drawn) >= stored:
            return  # the card's latest update, or a newer one this process sent (which is followed in turn)
        async with runtime.autocommit_db() as db:
            session = await sessions.get_session(db, account_id, session_id)
            if session is None or not session.channel_id or not session.message_ts:
                return
            card = await walk_card(db, await show_walk(db, session))
        if not await _draw(client, session, card):
            return
        drawn = session


# The stored revisions of the cards drawn in the same moment, read together: a reader waits this long (seconds)
# for others to join, then one statement answers them all, so a click costs a fraction of a statement for it.
# A batch is read only after each of its cards' updates landed (they join it after), never before.
CONFIRM_AFTER = 0.1


@dataclass
class _Batch:
    loop: asyncio.AbstractEventLoop
    waiting: list[tuple[uuid.UUID, uuid.UUID, asyncio.Future[int | None]]] = field(default_factory=list)


_BATCHES: weakref.WeakKeyDictionary[AsyncEngine, _Batch] = weakref.WeakKeyDictionary()
_READING: set[asyncio.Task] = set()


async def _stored_revision(runtime: Runtime, account_id: uuid.UUID, session_id: uuid.UUID) -> int | None:
    loop = asyncio.get_running_loop()
    batch = _BATCHES.get(runtime.engine)
    if batch is None or batch.loop is not loop:
        batch = _BATCHES[runtime.engine] = _Batch(loop)
        task = loop.create_task(_read_batch(runtime, batch))
        _READING.add(task)
        task.add_done_callback(_READING.discard)
    answer: asyncio.Future[int | None] = loop.create_future()
    batch.waiting.append((account_id, session_id, answer))
    return await answer


async def _read_batch(runtime: Runtime, batch: _Batch) -> None:
    try:
        await asyncio.sleep(CONFIRM_AFTER)
    finally:
        if _BATCHES.get(runtime.engine) is batch:
            del _BATCHES[runtime.engine]  # later readers start the next batch
    try:
        async with driver_connection(runtime.engine) as conn:
            stored = await sessions.stored_revisions(conn, [(a, s) for a, s, _ in batch.waiting])
    except Exception as exc:  # the steps are stored and their cards drawn: only the check is missed
        log.warning("reading the revisions of %d drawn cards failed: %s", len(batch.waiting), type(exc).__name__)
        stored = {}
    for account_id, session_id, answer in batch.waiting:
        if not answer.done():
            answer.set_result(stored.get((account_id, session_id)))


def claim_redraw(session: L1WalkSession) -> None:
    """This process stored ``session``'s revision and will draw it: from now on no older revision of its card
    is drawn here, and a check after an older update leaves the card to that draw (and its own check)
    rather than drawing the same revision twice."""
    if session.channel_id and session.message_ts:
        _, newest = _REDRAWS.setdefault((session.id, session.channel_id, session.message_ts), (asyncio.Lock(), [-1]))
        newest[0] = max(newest[0], session.revision)


def _drawn_here(session: L1WalkSession) -> int:
    """The newest revision of the walk's card this process has sent, is sending or claimed; -1 if none."""
    found = _REDRAWS.get((session.id, session.channel_id or "", session.message_ts or ""))
    return found[1][0] if found is not None else -1


async def _draw(client: AsyncWebClient, session: L1WalkSession, card: WalkCard) -> bool:
    """Draw the card unless a newer revision of it was drawn here already; True if it was sent."""
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
        await update_message(
            client,
            session.channel_id,
            session.message_ts,
            walk_card_blocks(card),
            walk_fallback_text(card),
            persist=True,
        )
    return True


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
