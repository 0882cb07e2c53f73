"""Who holds a walk now: its technician, or the last person who took it over.

Shared by the ownership rule (who may act) and the card (who it names), so both read the same answer.
"""

from __future__ import annotations

import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import L1WalkSession
from storage.queries import sessions

# ``acting_as`` after a take-over: the walk is carried on by someone covering for its technician.
COVERAGE = "l1_coverage"
TAKEN_OVER_EVENT = "taken_over"


async def holder_of(db: AsyncSession, session: L1WalkSession) -> uuid.UUID:
    """The user who may act on the walk now: the last one to take it over, else its technician."""
    if session.acting_as != COVERAGE:
        return session.created_by_user_id
    event = await sessions.last_event(db, session.id, TAKEN_OVER_EVENT)
    return uuid.UUID(event.detail["user_id"]) if event is not None else session.created_by_user_id
