"""Who is clicking: the account of the request's team and the user, created on first contact.

Every service starts here, so every query after it is scoped to the team that sent the
request: a payload from one workspace can never touch another's walk.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ai.categories import ALL_CATEGORIES
from bot.config import Settings
from bot.runtime import Runtime
from storage.models import Account, User
from storage.queries import accounts
from storage.queries.sessions import ClickedWalk


class ActorRefused(Exception):
    """walkbot does not serve this sender; the message tells them why and what to do."""


@dataclass(frozen=True)
class Actor:
    account_id: uuid.UUID
    team_id: str
    user_id: uuid.UUID
    slack_user_id: str
    role: str  # l1 | engineer | admin
    engineer_channel_id: str | None
    ai_categories: tuple[str, ...]
    # Slack's users.info was read for this user (names cached on the users row): no call needed.
    profile_checked: bool = False

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_engineer(self) -> bool:
        return self.role in ("engineer", "admin")


def first_contact_role(settings: Settings, slack_user_id: str) -> str:
    if slack_user_id in settings.admin_user_ids:
        return "admin"
    if slack_user_id in settings.engineer_user_ids:
        return "engineer"
    return "l1"


async def resolve_actor(db: AsyncSession, settings: Settings, team_id: str, slack_user_id: str) -> Actor:
    account, user = await accounts.account_and_user(db, team_id, slack_user_id)
    if (
        account is not None
        and user is not None
        and (account.engineer_channel_id or not settings.slack.escalation_channel)
    ):
        return actor_of(account, user)
    account = account or await accounts.account_for_team(db, team_id)
    if account.engineer_channel_id is None and settings.slack.escalation_channel:
        # Single-workspace bootstrap: ESCALATION_CHANNEL seeds the account's engineer channel.
        await accounts.set_engineer_channel(db, account.id, settings.slack.escalation_channel)
        account.engineer_channel_id = settings.slack.escalation_channel
    if user is None:
        role = first_contact_role(settings, slack_user_id)
        user = await accounts.user_for_slack_id(
            db, account.id, slack_user_id, role=role, role_source="default" if role == "l1" else "env"
        )
    return actor_of(account, user)


def actor_of(account: Account, user: User) -> Actor:
    return Actor(
        account_id=account.id,
        team_id=account.slack_team_id,
        user_id=user.id,
        slack_user_id=user.slack_user_id,
        role=user.role,
        engineer_channel_id=account.engineer_channel_id,
        ai_categories=tuple(account.ai_categories or ()),
        profile_checked=user.profile_checked_at is not None,
    )


def actor_of_clicked(settings: Settings, clicked: ClickedWalk) -> Actor | None:
    """The clicker read with the walk (``sessions.clicked_walk``); None when ``resolve_actor`` has work to do
    first (the single-workspace bootstrap of the engineers' channel)."""
    if clicked.engineer_channel_id is None and settings.slack.escalation_channel:
        return None
    return Actor(
        account_id=clicked.account_id,
        team_id=clicked.team_id,
        user_id=clicked.user_id,
        slack_user_id=clicked.slack_user_id,
        role=clicked.role,
        engineer_channel_id=clicked.engineer_channel_id,
        ai_categories=clicked.ai_categories,
        profile_checked=clicked.profile_checked,
    )


@dataclass(frozen=True)
class Clicker:
    """Who sent a request, before their rows are read: a hot path resolves it inside its own transaction."""

    team_id: str
    slack_user_id: str


async def actor_for(runtime: Runtime, team_id: str, slack_user_id: str) -> Actor:
    """The actor of one request, in its own short transaction (first contact creates the rows)."""
    async with runtime.db.begin() as db:
        return await resolve_actor(db, runtime.settings, team_id, slack_user_id)


async def floor_denies_of(runtime: Runtime, actor: Actor) -> list[str]:
    """The account's extra safety-floor phrases, for the settings modal."""
    async with runtime.db.begin() as db:
        return list(await accounts.floor_denies(db, actor.account_id))


async def save_settings(
    runtime: Runtime, actor: Actor, keys: list[str], floor_denies: list[str], engineer_channel: str | None
) -> None:
    """`/walk settings` saved: the categories AI-guided walks may be offered in (unknown keys are dropped),
    the extra floor denies and the engineers' channel (both already checked), in one transaction."""
    async with runtime.db.begin() as db:
        await accounts.set_ai_categories(db, actor.account_id, [k for k in keys if k in ALL_CATEGORIES])
        await accounts.set_floor_denies(db, actor.account_id, floor_denies)
        if engineer_channel and engineer_channel != actor.engineer_channel_id:
            await accounts.set_engineer_channel(db, actor.account_id, engineer_channel, source="admin")
