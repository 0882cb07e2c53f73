"""Accounts and users, created on first contact from Slack (or from the CLI before Slack is connected)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import case, delete, func, select, update
from sqlalchemy import literal as sa_literal
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Account, Escalation, FlowProposal, L1WalkSession, PsaOutbox, SlackEvent, Tree, User
from storage.secret_box import SecretBox

# The account the CLI uses before any Slack workspace has talked to walkbot. The first
# workspace that does adopts it, so flows imported on day one belong to that workspace.
LOCAL_TEAM_ID = "local"


async def account_for_team(db: AsyncSession, team_id: str, *, name: str = "") -> Account:
    """The team's account; adopts the CLI's placeholder account, else creates one."""
    account = await db.scalar(select(Account).where(Account.slack_team_id == team_id))
    if account is not None:
        return account
    if team_id != LOCAL_TEAM_ID:
        adopted = await db.scalar(
            update(Account)
            .where(Account.slack_team_id == LOCAL_TEAM_ID)
            .where(~select(Account.id).where(Account.slack_team_id != LOCAL_TEAM_ID).exists())
            .values(slack_team_id=team_id, name=name)
            .returning(Account)
        )
        if adopted is not None:
            return adopted
    await db.execute(
        insert(Account)
        .values(id=uuid.uuid4(), slack_team_id=team_id, name=name)
        .on_conflict_do_nothing(index_elements=["slack_team_id"])
    )
    return await db.scalar(select(Account).where(Account.slack_team_id == team_id))


async def account_and_user(db: AsyncSession, team_id: str, slack_user_id: str) -> tuple[Account | None, User | None]:
    """Both rows of a request's actor in one round trip (the common case: both exist)."""
    row = (
        await db.execute(
            select(Account, User)
            .outerjoin(User, (User.account_id == Account.id) & (User.slack_user_id == slack_user_id))
            .where(Account.slack_team_id == team_id)
        )
    ).first()
    return (row[0], row[1]) if row is not None else (None, None)


async def cli_account(db: AsyncSession, team_id: str | None = None) -> Account:
    """The account a terminal command acts on: the named team, the only workspace, or the local placeholder."""
    if team_id:
        return await account_for_team(db, team_id)
    accounts = list(await db.scalars(select(Account).order_by(Account.created_at).limit(2)))
    if len(accounts) == 1:
        return accounts[0]
    if len(accounts) > 1:
        raise LookupError("several workspaces use this database: pass --team TEAM_ID")
    return await account_for_team(db, LOCAL_TEAM_ID)


async def user_for_slack_id(
    db: AsyncSession,
    account_id: uuid.UUID,
    slack_user_id: str,
    *,
    role: str = "l1",
    display_name: str = "",
    role_source: str = "default",
) -> User:
    """The Slack user's row, created on first contact with ``role``; an existing role is never changed here.

    Read first: every click resolves its user, and only the first contact needs the write.
    """
    query = select(User).where(User.account_id == account_id, User.slack_user_id == slack_user_id)
    existing = await db.scalar(query)
    if existing is not None:
        return existing
    await db.execute(
        insert(User)
        .values(
            id=uuid.uuid4(),
            account_id=account_id,
            slack_user_id=slack_user_id,
            role=role,
            display_name=display_name,
            role_source=role_source,
        )
        .on_conflict_do_nothing(index_elements=["account_id", "slack_user_id"])
    )
    return await db.scalar(query)


async def user_by_id(db: AsyncSession, user_id: uuid.UUID) -> User | None:
    return await db.get(User, user_id)


async def set_engineer_channel(
    db: AsyncSession, account_id: uuid.UUID, channel_id: str, *, source: str = "env"
) -> None:
    """``source`` 'admin' (chosen in Slack) wins over ESCALATION_CHANNEL from then on."""
    await db.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(engineer_channel_id=channel_id, engineer_channel_source=source)
    )


async def set_ai_categories(db: AsyncSession, account_id: uuid.UUID, categories: list[str]) -> None:
    await db.execute(update(Account).where(Account.id == account_id).values(ai_categories=list(categories)))


async def save_profile(
    db: AsyncSession,
    account_id: uuid.UUID,
    slack_user_id: str,
    *,
    display_name: str,
    real_name: str,
    email: str | None,
    deleted: bool,
) -> User:
    """Cache what Slack said about the user (creating the row on first sight); returns the row."""
    user = await user_for_slack_id(db, account_id, slack_user_id)
    user.display_name = display_name
    user.real_name = real_name
    user.email = email
    user.deleted = deleted
    user.profile_checked_at = datetime.now(UTC)
    await db.flush()
    return user


async def set_floor_denies(db: AsyncSession, account_id: uuid.UUID, phrases: list[str]) -> None:
    await db.execute(update(Account).where(Account.id == account_id).values(floor_denies=list(phrases)))


async def floor_denies(db: AsyncSession, account_id: uuid.UUID) -> list[str]:
    """The account's extra denied phrases (empty when it added none)."""
    value = await db.scalar(select(Account.floor_denies).where(Account.id == account_id))
    return [str(p) for p in value or ()]


async def users_of(db: AsyncSession, account_id: uuid.UUID) -> list[User]:
    """The account's users, admins first, then engineers, then by name."""
    order = case({"admin": 0, "engineer": 1}, value=User.role, else_=2)
    return list(
        await db.scalars(
            select(User).where(User.account_id == account_id).order_by(order, User.display_name, User.slack_user_id)
        )
    )


async def set_role_by_admin(db: AsyncSession, account_id: uuid.UUID, slack_user_id: str, role: str) -> User:
    """An admin's choice (Slack or CLI): kept across restarts, unlike a role that came from the env lists."""
    user = await user_for_slack_id(db, account_id, slack_user_id, role=role)
    user.role = role
    user.role_source = "admin"
    await db.flush()
    return user


async def apply_env_roles(db: AsyncSession, admins: frozenset[str], engineers: frozenset[str]) -> list[User]:
    """Make every account's users match WALKBOT_ADMINS / WALKBOT_ENGINEERS: listed ids get the listed role
    (admin wins over engineer), and a role that came from the lists goes back to l1 once its id leaves them.
    Deactivated users are left alone. Returns the users whose role changed."""
    listed = admins | engineers
    target = case((User.slack_user_id.in_(admins), "admin"), else_="engineer") if admins else sa_literal("engineer")
    changed: list[User] = []
    if listed:
        changed += list(
            await db.scalars(
                update(User)
                .where(User.slack_user_id.in_(listed), User.deleted.is_(False))
                .where((User.role != target) | (User.role_source != "env"))
                .values(role=target, role_source="env")
                .returning(User)
            )
        )
    demote = update(User).where(User.role_source == "env")
    if listed:
        demote = demote.where(User.slack_user_id.not_in(listed))
    changed += list(await db.scalars(demote.values(role="l1", role_source="default").returning(User)))
    return changed


async def apply_env_channel(db: AsyncSession, channel_id: str) -> int:
    """ESCALATION_CHANNEL for every account whose channel an admin has not chosen in Slack."""
    result = await db.execute(
        update(Account)
        .where(Account.engineer_channel_source.is_distinct_from("admin"))
        .where(Account.engineer_channel_id.is_distinct_from(channel_id) | Account.engineer_channel_source.is_(None))
        .values(engineer_channel_id=channel_id, engineer_channel_source="env")
    )
    return result.rowcount


# ---- install lifecycle (OAuth) ------------------------------------------------------------------


async def record_install(db: AsyncSession, team_id: str, team_name: str, installer_slack_id: str) -> Account:
    """The workspace's account after an "Add to Slack": created (or reactivated, data intact), named after the
    workspace, with the installer as an admin."""
    account = await account_for_team(db, team_id, name=team_name)
    await db.execute(
        update(Account).where(Account.id == account.id).values(active=True, deactivated_at=None, name=team_name)
    )
    await set_role_by_admin(db, account.id, installer_slack_id, "admin")  # kept across restarts
    await db.refresh(account)
    return account


async def deactivate_team(db: AsyncSession, team_id: str) -> bool:
    """Slack says the app is gone from this workspace: stop its work, keep its data. False if unknown/inactive."""
    changed = await db.execute(
        update(Account)
        .where(Account.slack_team_id == team_id, Account.active)
        .values(active=False, deactivated_at=func.now())
    )
    return changed.rowcount > 0


async def find_account(db: AsyncSession, team_id: str) -> Account | None:
    return await db.scalar(select(Account).where(Account.slack_team_id == team_id))


async def all_accounts(db: AsyncSession) -> list[Account]:
    return list(await db.scalars(select(Account).order_by(Account.created_at)))


async def team_of_account(db: AsyncSession, account_id: uuid.UUID) -> str | None:
    return await db.scalar(select(Account.slack_team_id).where(Account.id == account_id))


async def delete_account(db: AsyncSession, account: Account) -> dict[str, int]:
    """Every row of the account (``walkbot accounts delete``), children first: walks and escalations point at
    users with ON DELETE RESTRICT, so they go before the users. Returns rows deleted per table."""
    counts: dict[str, int] = {}
    for model in (Escalation, PsaOutbox, FlowProposal, L1WalkSession, Tree, User):
        result = await db.execute(delete(model).where(model.account_id == account.id))
        counts[model.__tablename__] = result.rowcount
    result = await db.execute(delete(SlackEvent).where(SlackEvent.team_id == account.slack_team_id))
    counts[SlackEvent.__tablename__] = result.rowcount
    await db.execute(delete(Account).where(Account.id == account.id))
    return counts


# ---- PSA credentials, sealed --------------------------------------------------------------------


async def reseal_psa_secrets(db: AsyncSession, box: SecretBox) -> int:
    """Every account's sealed PSA credentials re-sealed with the newest key; returns how many accounts."""
    rows = (
        await db.execute(
            select(Account.id, Account.psa_secrets).where(Account.psa_secrets.is_not(None)).with_for_update()
        )
    ).all()
    for account_id, sealed in rows:
        await db.execute(update(Account).where(Account.id == account_id).values(psa_secrets=box.reseal(sealed)))
    return len(rows)


async def set_psa_connection(
    db: AsyncSession, account_id: uuid.UUID, kind: str, settings: dict[str, Any], sealed_secrets: str | None
) -> None:
    """The account's PSA: vendor, its non-secret settings, and its credentials already sealed by the caller."""
    await db.execute(
        update(Account)
        .where(Account.id == account_id)
        .values(psa_kind=kind, psa_settings=dict(settings), psa_secrets=sealed_secrets)
    )


@dataclass(frozen=True)
class StoredPSA:
    """An account's PSA as stored: which vendor, its settings, its sealed credentials."""

    kind: str
    settings: dict[str, Any]
    sealed_secrets: str | None

    @property
    def configured(self) -> bool:
        """Set from Slack or the CLI (an account that never chose falls back to the environment's PSA)."""
        return bool(self.settings) or self.sealed_secrets is not None or self.kind != "none"


async def stored_psa(db: AsyncSession, account_id: uuid.UUID) -> StoredPSA | None:
    row = (
        await db.execute(
            select(Account.psa_kind, Account.psa_settings, Account.psa_secrets).where(Account.id == account_id)
        )
    ).first()
    return StoredPSA(row[0], dict(row[1] or {}), row[2]) if row is not None else None


async def role_of(db: AsyncSession, account_id: uuid.UUID, slack_user_id: str) -> str | None:
    return await db.scalar(select(User.role).where(User.account_id == account_id, User.slack_user_id == slack_user_id))


async def account_by_id(db: AsyncSession, account_id: uuid.UUID) -> Account | None:
    return await db.get(Account, account_id)
