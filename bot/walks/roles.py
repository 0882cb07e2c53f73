"""Roles and the engineers' channel: re-applied from the environment at start-up, changed by admins.

Precedence, in one place:
- ``WALKBOT_ADMINS`` / ``WALKBOT_ENGINEERS`` are re-applied at every start: a listed id gets the
  listed role (promoted even if it used walkbot before), and a role that came from the lists is
  dropped to ``l1`` once the id leaves them. An admin's change (``/walk role``, ``walkbot users role``)
  sticks across restarts for ids the lists don't name; for listed ids the lists win at the next start.
- ``ESCALATION_CHANNEL`` is re-applied at every start too, unless an admin chose the channel in Slack
  (``/walk channel``): that choice wins until an admin changes it again.

Roles are read from the database on every request (no per-process cache), so a change made in
one process or from the CLI takes effect on the next click everywhere.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass

from slack_sdk.web.async_client import AsyncWebClient
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.slack_users import SlackProfile, look_up
from bot.walks.actors import Actor
from bot.walks.role_names import ROLE_LABELS, ROLES
from storage.models import User
from storage.queries import accounts
from storage.queries.accounts import cli_account

log = logging.getLogger(__name__)


class RoleRefused(ValueError):
    """The change can't be made; the message says why and what to do instead. ``slack_unanswered``: Slack could
    not say who the person is (an error or no answer, not a verdict), so the terminal may offer ``--unchecked``."""

    def __init__(self, message: str, *, slack_unanswered: bool = False) -> None:
        super().__init__(message)
        self.slack_unanswered = slack_unanswered


async def apply_configured(db: async_sessionmaker[AsyncSession], settings: Settings) -> list[str]:
    """Start-up: bring every account in line with the env lists and ESCALATION_CHANNEL. Returns what changed."""
    changes: list[str] = []
    async with db.begin() as session:
        for user in await accounts.apply_env_roles(session, settings.admin_user_ids, settings.engineer_user_ids):
            changes.append(f"{user.slack_user_id} is now {ROLE_LABELS[user.role]} (WALKBOT_ADMINS/ENGINEERS)")
        channel = settings.slack.escalation_channel
        if channel and await accounts.apply_env_channel(session, channel):
            changes.append(f"engineers' channel is now {channel} (ESCALATION_CHANNEL)")
    for change in changes:
        log.info("configuration applied: %s", change)
    return changes


@dataclass(frozen=True)
class RoleChange:
    slack_user_id: str
    role: str
    previous: str | None


def role_named(role: str) -> str:
    """``role`` as stored; raises RoleRefused naming the roles there are."""
    role = role.strip().lower()
    if role not in ROLES:
        raise RoleRefused(f"`{role}` is not a role: use one of {', '.join(ROLES)}.")
    return role


async def change_role(db: AsyncSession, account_id: uuid.UUID, slack_user_id: str, role: str) -> RoleChange:
    """Give ``slack_user_id`` ``role`` (kept across restarts). Raises RoleRefused with what to do instead."""
    role = role_named(role)
    existing = {u.slack_user_id: u for u in await accounts.users_of(db, account_id)}.get(slack_user_id)
    if existing is not None and existing.deleted:
        raise RoleRefused(f"{slack_user_id} was deactivated in Slack; reactivate them in Slack first.")
    previous = existing.role if existing is not None else None
    user = await accounts.set_role_by_admin(db, account_id, slack_user_id, role)
    return RoleChange(user.slack_user_id, role, previous)


async def change_role_in_slack(
    db: async_sessionmaker[AsyncSession], client: AsyncWebClient, actor: Actor, slack_user_id: str, role: str
) -> str:
    """``/walk role @someone ROLE`` and the roles section of ``/walk settings``, admins only.

    Slack is asked who ``slack_user_id`` is first (outside the transaction): a bot, Slackbot, a deactivated
    user or someone outside this workspace gets no role. Returns what to tell the admin; raises RoleRefused
    with what to do instead."""
    if not actor.is_admin:
        raise RoleRefused("Only walkbot admins can change roles. Ask one, or see `walkbot users list`.")
    if slack_user_id == actor.slack_user_id and role != "admin":
        raise RoleRefused("You can't remove your own admin role; ask another admin (or use `walkbot users role`).")
    refused = person_refusal(slack_user_id, await look_up(client, slack_user_id))
    if refused is not None:
        raise refused
    async with db.begin() as session:
        change = await change_role(session, actor.account_id, slack_user_id, role)
    return f"<@{change.slack_user_id}> is now {ROLE_LABELS[change.role]}."


def person_refusal(slack_user_id: str, found: SlackProfile | str, *, who: str | None = None) -> RoleRefused | None:
    """Why ``slack_user_id`` can't be given a role (what Slack answered about them), or None for a person.
    ``who`` names them (a Slack mention by default; the terminal shows the plain id)."""
    who = who or f"<@{slack_user_id}>"
    if isinstance(found, str):
        if found == "user_not_found":
            return RoleRefused(f"{who} is not a member of this workspace, so walkbot can't give them a role.")
        return RoleRefused(
            f"walkbot could not check who {who} is (Slack said `{found}`), so no role was changed. "
            "Try again in a minute; if it keeps happening, a Slack admin may need to reinstall walkbot (users:read).",
            slack_unanswered=True,
        )
    if found.is_bot:
        return RoleRefused(f"{who} is a bot, not a person: roles are for the people who walk and pick up tickets.")
    if found.deleted:
        return RoleRefused(f"{who} was deactivated in Slack; reactivate them in Slack first.")
    return None


async def role_holders(db: async_sessionmaker[AsyncSession], actor: Actor) -> dict[str, list[str]]:
    """Slack ids of the account's admins and engineers (people who left Slack are not listed), for the settings modal."""
    async with db.begin() as session:
        users = await accounts.users_of(session, actor.account_id)
    holders: dict[str, list[str]] = {"admin": [], "engineer": []}
    for user in users:
        if user.role in holders and not user.deleted:
            holders[user.role].append(user.slack_user_id)
    return holders


async def change_channel_in_slack(db: async_sessionmaker[AsyncSession], actor: Actor, channel_id: str) -> str:
    """``/walk channel #engineers``, admins only; wins over ESCALATION_CHANNEL from now on."""
    if not actor.is_admin:
        return "Only walkbot admins can change the engineers' channel."
    async with db.begin() as session:
        await accounts.set_engineer_channel(session, actor.account_id, channel_id, source="admin")
    return (
        f"Handoff cards now go to <#{channel_id}> (this wins over ESCALATION_CHANNEL). "
        "Invite @walkbot there if it isn't yet."
    )


# ── from the terminal (``walkbot users``, ``walkbot accounts channel``): the operator acts as an admin ──


async def users_of_workspace(db: async_sessionmaker[AsyncSession], team: str | None) -> list[User]:
    """Everyone who has used walkbot in the workspace named by ``team`` (or the only one)."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        return list(await accounts.users_of(session, account.id))


async def change_role_from_terminal(
    db: async_sessionmaker[AsyncSession],
    team: str | None,
    slack_user_id: str,
    role: str,
    *,
    client: AsyncWebClient | None = None,
) -> RoleChange:
    """``walkbot users role``. With the workspace's ``client``, Slack is asked who ``slack_user_id`` is first,
    outside the transaction, as ``/walk role`` does: a bot, Slackbot, a deactivated user or a stranger gets no
    role. Raises RoleRefused with what to do instead, LookupError for no such workspace."""
    role_named(role)
    if client is not None:
        refused = person_refusal(slack_user_id, await look_up(client, slack_user_id), who=slack_user_id)
        if refused is not None:
            raise refused
    async with db.begin() as session:
        account = await cli_account(session, team)
        return await change_role(session, account.id, slack_user_id, role)


async def engineer_channel_of_workspace(
    db: async_sessionmaker[AsyncSession], team: str | None, channel_id: str | None = None
) -> str | None:
    """The engineers' channel; with ``channel_id``, set first (like choosing it in ``/walk settings``, it wins
    over ESCALATION_CHANNEL from now on). Raises ValueError for what is not a channel id."""
    if channel_id is not None and not channel_id.startswith(("C", "G")):
        raise ValueError(f"{channel_id} is not a channel id (they start with C or G)")
    async with db.begin() as session:
        account = await cli_account(session, team)
        if channel_id:
            await accounts.set_engineer_channel(session, account.id, channel_id, source="admin")
            return channel_id
        return account.engineer_channel_id
