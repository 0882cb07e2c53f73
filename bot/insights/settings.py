"""An account's report settings: the timezone days are counted in, and the weekly digest's channel (off by default)."""

from __future__ import annotations

import re
import uuid

from sqlalchemy.ext.asyncio import AsyncSession

from bot.insights.period import zone
from storage.queries import insights

CHANNEL_ID = re.compile(r"^[CG][A-Z0-9]{6,}$")


async def change_report_settings(
    db: AsyncSession, account_id: uuid.UUID, *, timezone: str | None, digest_channel_id: str | None
) -> tuple[str | None, str | None]:
    """Set what is given (None keeps, '' clears); returns the settings now in force. Bad values are refused."""
    current_tz, current_channel = await insights.report_settings(db, account_id)
    if timezone is not None:
        current_tz = None if timezone.strip() in ("", "UTC") else timezone.strip()
        zone(current_tz)  # refuses an unknown name with what to write instead
    if digest_channel_id is not None:
        channel = digest_channel_id.strip().lstrip("#")
        if channel and not CHANNEL_ID.match(channel):
            raise LookupError(f"{digest_channel_id!r} is not a channel id: copy it from the channel's details (C…).")
        current_channel = channel or None
    await insights.set_report_settings(db, account_id, timezone=current_tz, digest_channel_id=current_channel)
    return current_tz, current_channel
