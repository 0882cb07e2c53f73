"""People as walkbot names them: Slack profiles resolved once (``users.info``) and cached on the users row.

PSA notes and handoff cards are read outside Slack, where ``<@U123>`` means nothing: they name
people by display name. The profile is fetched before a transaction opens (never inside one)
and only for a user whose row has never been checked.
"""

from __future__ import annotations

import uuid

from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime import Runtime
from bot.slack_users import SlackProfile, fetch_profile, profile_of
from bot.walks.actors import Actor
from storage.models import User
from storage.queries import accounts, sessions


def name_of(user: User | None) -> str:
    """The name a person goes by: display name, else real name, else (profile unknown) their Slack id."""
    if user is None:
        return "unknown"
    return user.display_name or user.real_name or user.slack_user_id


async def remember_profile(runtime: Runtime, client: AsyncWebClient, actor: Actor) -> None:
    """Resolve the actor's Slack profile once; later calls cost nothing (``actor.profile_checked``)."""
    if actor.profile_checked:
        return
    profile = await fetch_profile(client, actor.slack_user_id)
    if profile is None:
        return  # asked again next time: a missing scope fixed by a reinstall then takes effect
    async with runtime.db.begin() as db:
        await save(db, actor.account_id, profile)


async def save(db, account_id: uuid.UUID, profile: SlackProfile) -> User:
    return await accounts.save_profile(
        db,
        account_id,
        profile.slack_user_id,
        display_name=profile.display_name,
        real_name=profile.real_name,
        email=profile.email,
        deleted=profile.deleted,
    )


LEFT_NOTE = (
    ":wave: {name} was deactivated in Slack, so this walk is open to take-over: "
    "anyone who carries it on clicks *Take over* on the card."
)


async def user_changed(runtime: Runtime, client: AsyncWebClient, team_id: str, user: dict) -> None:
    """Slack's ``user_change``: refresh the cached profile; a deactivated user loses their role and
    their active walks become open to take-over (said in each walk's thread)."""
    profile = profile_of(user)
    if not profile.slack_user_id:
        return
    async with runtime.db.begin() as db:
        account = await accounts.account_for_team(db, team_id)
        row = await save(db, account.id, profile)
        opened = []
        if profile.deleted:
            row.role = "l1"
            for session in await sessions.active_sessions_of_user(db, account.id, row.id):
                await sessions.log_event(db, session.id, "technician_left", {"technician": profile.slack_user_id})
                opened.append((session.channel_id, session.message_ts))
    for channel_id, ts in opened:
        await runtime.channels.thread_note(client, channel_id, ts, LEFT_NOTE.format(name=name_of(row)))
