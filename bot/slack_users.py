"""Who a Slack user is: ``users.info`` reduced to what walkbot shows (names, email, deactivated).

Slack answers ``missing_scope`` when the app was installed without ``users:read``; that is an
install problem worth one clear log line, not a crash: callers fall back to what they know.
Email comes only with ``users:read.email`` and is simply absent without it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

log = logging.getLogger(__name__)

SLACKBOT_ID = "USLACKBOT"  # Slackbot: users.info answers is_bot false for it, yet it is no person


@dataclass(frozen=True)
class SlackProfile:
    slack_user_id: str
    display_name: str  # what people see in Slack: the display name, else the real name, else the handle
    real_name: str
    email: str | None
    deleted: bool
    is_bot: bool = False  # an app's bot user, or Slackbot: never a person walkbot gives a role to


def profile_of(user: dict[str, Any]) -> SlackProfile:
    """A Slack user object (users.info's ``user``, a ``user_change`` event's ``user``) as a profile."""
    profile = user.get("profile") or {}
    real_name = str(profile.get("real_name") or user.get("real_name") or "").strip()
    display = str(profile.get("display_name") or "").strip() or real_name or str(user.get("name") or "").strip()
    return SlackProfile(
        slack_user_id=str(user.get("id") or ""),
        display_name=display[:200],
        real_name=real_name[:200],
        email=(str(profile["email"])[:254] or None) if profile.get("email") else None,
        deleted=bool(user.get("deleted")),
        is_bot=bool(user.get("is_bot")) or user.get("id") == SLACKBOT_ID,
    )


async def fetch_profile(client: AsyncWebClient, slack_user_id: str) -> SlackProfile | None:
    """The user's profile, or None when Slack can't say (unknown user, missing scope, outage); logged."""
    found = await look_up(client, slack_user_id)
    return found if isinstance(found, SlackProfile) else None


async def look_up(client: AsyncWebClient, slack_user_id: str) -> SlackProfile | str:
    """The user's profile, or Slack's error code (``user_not_found``: not a member of this workspace;
    ``missing_scope``; ``no answer: …`` for a transport failure); failures are logged."""
    try:
        response = await client.users_info(user=slack_user_id)
    except SlackApiError as exc:
        data = exc.response.data if exc.response is not None and isinstance(exc.response.data, dict) else {}
        error = str(data.get("error", "unknown_error"))
        if error == "missing_scope":
            log.warning(
                "users.info needs the %s scope: reinstall the app from slack-manifest.yml so people are named",
                data.get("needed", "users:read"),
            )
        else:
            log.info("users.info %s failed: %s", slack_user_id, error)
        return error
    except Exception as exc:  # a transport failure must not stop a walk; the name is filled in later
        log.info("users.info %s failed: %s", slack_user_id, type(exc).__name__)
        return f"no answer: {type(exc).__name__}"
    return profile_of(response.get("user") or {})
