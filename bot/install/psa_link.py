"""The one-time link to the PSA credentials page: signed, expiring in minutes, bound to the admin who asked.

Block Kit has no masked input, so credentials are never typed into a Slack modal. ``/walk settings`` hands the
admin a link instead; its token is Fernet-sealed with WALKBOT_SECRET_KEY (so it can't be forged or read),
carries its issue time (so it expires), names the account and the admin (re-checked on use), and holds a
nonce that the save claims once (so a second use, or a leaked link after use, is refused).
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

from cryptography.fernet import InvalidToken

from storage.secret_box import SecretBox

LINK_MINUTES = 10
PAGE_PATH = "/psa/setup"


class LinkRefused(Exception):
    """The link is forged, expired or used; the message says what to do (safe to show)."""


@dataclass(frozen=True)
class LinkClaims:
    account_id: uuid.UUID
    slack_user_id: str
    nonce: str

    @property
    def claim_id(self) -> str:
        """The slack_events id a save claims, so the link works once."""
        return f"psa-link:{self.nonce}"


def issue_link(box: SecretBox, public_url: str, account_id: uuid.UUID, slack_user_id: str) -> str:
    claims = {"a": str(account_id), "u": slack_user_id, "n": uuid.uuid4().hex}
    token = box.seal(json.dumps(claims))
    return f"{public_url}{PAGE_PATH}?{urlencode({'t': token})}"


def read_link(box: SecretBox, token: str, *, ttl_minutes: int = LINK_MINUTES) -> LinkClaims:
    try:
        raw = box.fernet.decrypt(token.encode(), ttl=ttl_minutes * 60)
        claims = json.loads(raw)
        return LinkClaims(uuid.UUID(claims["a"]), str(claims["u"]), str(claims["n"]))
    except (InvalidToken, ValueError, KeyError, TypeError):
        raise LinkRefused(
            f"This link is not valid or has expired (links last {ttl_minutes} minutes). "
            "Open /walk settings in Slack for a new one."
        ) from None
