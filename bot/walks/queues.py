"""The engineers' escalation queue and a technician's active walks, as list items ready to render.

The rows are read in one short transaction; the queue's thread links are asked of Slack after it
ends (no network call while a pooled connection is held).
"""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession

from bot.psa.models import ticket_from_snapshot
from bot.rendering.lists import MAX_ITEMS, ActiveWalkItem, QueueItem
from bot.runtime import Runtime
from bot.slack_messages import permalinks
from bot.walks.actors import Actor
from bot.walks.cards import ticket_header, ticket_header_of
from bot.walks.labels import escalation_category_label, walking_label
from storage.queries import escalations, sessions
from storage.queries.escalations import QueuedEscalation


async def escalation_queue_items(runtime: Runtime, client: AsyncWebClient, actor: Actor) -> list[QueueItem]:
    async with runtime.db.begin() as db:
        rows = await escalations.escalation_queue(db, actor.account_id)
    return await _queue_items(client, rows)


async def active_walk_items(runtime: Runtime, actor: Actor) -> list[ActiveWalkItem]:
    async with runtime.db.begin() as db:
        return await _active_walk_items(db, actor)


async def home_items(
    runtime: Runtime, client: AsyncWebClient, actor: Actor
) -> tuple[list[ActiveWalkItem], list[QueueItem] | None]:
    """App Home's two lists: the actor's active walks and, for engineers, the queue (one transaction)."""
    async with runtime.db.begin() as db:
        walks = await _active_walk_items(db, actor)
        rows = await escalations.escalation_queue(db, actor.account_id) if actor.is_engineer else None
    return walks, (await _queue_items(client, rows) if rows is not None else None)


async def _queue_items(client: AsyncWebClient, rows: list[QueuedEscalation]) -> list[QueueItem]:
    shown = [(row.channel_id, row.message_ts) for row in rows[:MAX_ITEMS]]  # the rest are only counted
    links = await permalinks(client, shown) + [None] * (len(rows) - len(shown))
    return [
        QueueItem(
            session_id=str(row.session_id),
            ticket_label=ticket_header_of(ticket_from_snapshot(row.ticket_snapshot)).label
            if row.ticket_snapshot
            else f"Ticket {row.ticket_id}",
            category_label=escalation_category_label(row.category),
            reason=row.reason or "",
            escalated_at=row.escalated_at,
            picked_up_by=row.picked_up_by,
            thread_link=link,
        )
        for row, link in zip(rows, links, strict=True)
    ]


async def _active_walk_items(db: AsyncSession, actor: Actor) -> list[ActiveWalkItem]:
    rows = await sessions.active_sessions_of_user(db, actor.account_id, actor.user_id)
    return [
        ActiveWalkItem(
            session_id=str(row.id),
            revision=row.revision,
            ticket_label=ticket_header(row).label,
            walking=await walking_label(db, row),
            step_number=len(row.walked_path) + 1,
            last_step_at=row.last_step_at,
        )
        for row in rows
    ]
