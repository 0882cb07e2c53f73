"""Who a PSA write is made as: the Slack user's PSA member, from the cache or found by their email.

The lookup runs in the outbox worker, outside any transaction (read the user, ask the PSA, then
record what was found). A person with no PSA account is looked up again only after a day, and an
admin's ``walkbot users link`` always wins over what an email lookup finds.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.queries import psa_members
from storage.queries.accounts import cli_account, stored_psa

RECHECK_AFTER = timedelta(days=1)


async def psa_member_for(
    db: async_sessionmaker[AsyncSession], client: Any, account_id: uuid.UUID, slack_user_id: str
) -> str | None:
    """The member id to write as, or None to write as the API user (the note then names the person)."""
    if not slack_user_id:
        return None
    async with db() as session:
        user = await psa_members.user_of(session, account_id, slack_user_id)
    if user is None:
        return None
    if user.psa_member_kind == client.kind:
        if user.psa_member_id:
            return user.psa_member_id
        checked = user.psa_member_checked_at
        if checked is not None and datetime.now(UTC) - checked < RECHECK_AFTER:
            return None
    email = user.email  # cached from the Slack profile (users.info, users:read.email)
    if not email:
        return None
    found = await client.find_member(email)
    async with db.begin() as session:
        await psa_members.record_lookup(session, user.id, client.kind, found)
    return found


@dataclass(frozen=True)
class MemberLink:
    """What ``walkbot users link`` did: the PSA it linked for (``none``: the workspace has none, nothing stored)."""

    kind: str
    linked: bool  # False: no PSA, or walkbot has never seen that Slack user in the workspace


async def link_psa_member(
    db: async_sessionmaker[AsyncSession],
    team: str | None,
    slack_user_id: str,
    member_id: str | None,
    *,
    deployment_kind: str,
) -> MemberLink:
    """``walkbot users link``: write as ``member_id`` (None: the API user) from now on, whatever the email
    matches. The link is for the workspace's own PSA when it has one (set from Slack or ``walkbot accounts
    psa``), else the deployment's (``PSA_KIND``), the one its notes are written to."""
    async with db.begin() as session:
        account = await cli_account(session, team)
        stored = await stored_psa(session, account.id)
        kind = stored.kind if stored is not None and stored.configured else deployment_kind
        if kind == "none":
            return MemberLink(kind, linked=False)
        return MemberLink(kind, await psa_members.link(session, account.id, slack_user_id, kind, member_id))
