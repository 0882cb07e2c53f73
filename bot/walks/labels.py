"""Short human labels for tickets, walks and categories, shared by cards, lists and notes."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ai.categories import ALL_CATEGORIES
from bot.engine.kinds import KIND_LABELS, PROPOSABLE_KINDS, SessionKind
from bot.flows.categories import ESCALATION_CATEGORIES
from bot.walks.stepping import published_version
from storage.models import L1WalkSession


def escalation_category_label(key: str | None) -> str:
    if not key:
        return "Uncategorised"
    return ESCALATION_CATEGORIES.get(key, key.replace("_", " ").capitalize())


def problem_category_label(key: str | None) -> str:
    """A ticket category as /walk settings shows it ("peripherals" -> "Peripheral reconnect")."""
    if not key or key == "uncategorised":
        return "Uncategorised"
    return ALL_CATEGORIES.get(key, key.replace("_", " ").capitalize())


async def walking_label(db: AsyncSession, session: L1WalkSession) -> str:
    if session.session_kind in PROPOSABLE_KINDS:  # walks that follow no flow are named by their kind
        return KIND_LABELS[session.session_kind]
    if session.flow_id is not None:
        found = await published_version(db, session.account_id, session.flow_id)
        if found is not None:
            return f"{found[0].title} (v{found[1]})"
    return KIND_LABELS[SessionKind.PROPOSAL]
