"""Which walks a report covers, from what an operator typed: ``30d``, ``2w``, ``12h`` or a date.

Days and weeks are counted in the account's timezone (UTC unless it sets one): ``2026-11-01``
means midnight there, and "this week" starts on Monday at midnight there.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

_DURATION = re.compile(r"^(\d{1,4})\s*([hdw])$")
_UNITS = {"h": "hours", "d": "days", "w": "weeks"}


class BadPeriod(ValueError):
    """What was typed is not a period; the message says what is."""


def zone(name: str | None) -> ZoneInfo:
    """The account's timezone; UTC when unset. A bad name is refused with what to write instead."""
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        raise BadPeriod(f"{name!r} is not a timezone name; use an IANA name such as Europe/London or UTC.") from None


def since_from(text: str, now: datetime, tz_name: str | None = None) -> datetime:
    """The start of the period ``text`` names, ending ``now``."""
    value = text.strip().lower()
    if match := _DURATION.match(value):
        return now - timedelta(**{_UNITS[match.group(2)]: int(match.group(1))})
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise BadPeriod(f"{text!r} is not a period: write 30d, 2w, 12h or a date like 2026-11-01.") from None
    return datetime.combine(day, time(0), tzinfo=zone(tz_name)).astimezone(UTC)


def week_start(now: datetime, tz_name: str | None = None) -> datetime:
    """Monday 00:00 of ``now``'s week, in the account's timezone."""
    local = now.astimezone(zone(tz_name))
    monday = local.date() - timedelta(days=local.weekday())
    return datetime.combine(monday, time(0), tzinfo=local.tzinfo).astimezone(UTC)
