"""The engineers' escalation queue and a technician's active walks, as list items ready to render."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.rendering.lists import ActiveWalkItem, QueueItem
from bot.walks.actors import Actor
from bot.walks.cards import ticket_header, ticket_header_of
from bot.walks.labels import escalation_category_label, walking_label
from bot.walks.tickets import ticket_from_snapshot
from storage.queries import escalations, sessions


async def escalation_queue_items(db: AsyncSession, actor: Actor, *, permalink=None) -> list[QueueItem]:
    items = []
    for row in await escalations.escalation_queue(db, actor.account_id):
        link = (
            await permalink(row.channel_id, row.message_ts) if permalink and row.channel_id and row.message_ts else None
        )
        items.append(
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
        )
    return items


async def active_walk_items(db: AsyncSession, actor: Actor) -> list[ActiveWalkItem]:
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
