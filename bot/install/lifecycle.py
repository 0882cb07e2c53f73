"""A workspace removes walkbot: mark its account inactive (its background work stops), forget its tokens.

The account's data (walks, flows, outbox) is kept: a reinstall picks it up again, and only an admin's
``walkbot accounts delete`` removes it.
"""

from __future__ import annotations

import logging
from typing import Any

from bot.runtime import Runtime
from storage.queries import accounts

log = logging.getLogger(__name__)


async def workspace_uninstalled(runtime: Runtime, team_id: str, enterprise_id: str | None = None) -> None:
    async with runtime.db.begin() as db:
        changed = await accounts.deactivate_team(db, team_id)
    if runtime.installations is not None:
        await runtime.installations.async_delete_all(enterprise_id=enterprise_id, team_id=team_id)
    log.info("team %s uninstalled walkbot%s", team_id, "; account marked inactive" if changed else "")


async def tokens_revoked(
    runtime: Runtime, team_id: str, tokens: dict[str, Any], enterprise_id: str | None = None
) -> None:
    """Only a revoked *bot* token stops the workspace; revoked user tokens are not walkbot's (it asks none)."""
    if tokens.get("bot"):
        await workspace_uninstalled(runtime, team_id, enterprise_id)
