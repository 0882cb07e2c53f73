"""HaloPSA: OAuth2 client credentials, tickets, and notes as ticket actions.

The bearer token is cached until shortly before it expires; a 401 on an API call means
it was revoked or rotated early, so the client fetches a new one and tries once more.
"""

from __future__ import annotations

import asyncio
import html
import re
import time
from typing import Any

import aiohttp

from bot.config.psa import HaloSettings
from bot.psa.client import marker
from bot.psa.errors import PSAAuthError, PSAError
from bot.psa.http import VendorHTTP, contains_marker, require_number
from bot.psa.models import FoundNote, NoteReceipt, NoteWrite, Ticket

LABEL = "HaloPSA"
EXPIRY_MARGIN = 30.0  # seconds: renew a little early so a token never expires mid-call
TAG = re.compile(r"<[^>]+>")


class HaloClient:
    kind = "halo"

    def __init__(
        self, settings: HaloSettings, http: aiohttp.ClientSession, *, timeout: float = 10.0, clock=time.monotonic
    ) -> None:
        self.settings = settings
        self.api = VendorHTTP(
            http, label=LABEL, timeout=timeout, credentials_hint="HALO_CLIENT_ID and HALO_CLIENT_SECRET"
        )
        self._clock = clock
        self._token: str | None = None
        self._expires_at = 0.0
        self._token_lock = asyncio.Lock()

    async def _bearer(self, *, renew: bool = False) -> str:
        async with self._token_lock:
            if renew or self._token is None or self._clock() >= self._expires_at:
                await self._fetch_token()
            assert self._token is not None
            return self._token

    async def _fetch_token(self) -> None:
        params = {"tenant": self.settings.tenant} if self.settings.tenant else None
        form = {
            "grant_type": "client_credentials",
            "client_id": self.settings.client_id,
            "client_secret": self.settings.client_secret,
            "scope": "all",
        }
        try:
            data = await self.api.call(
                "POST",
                f"{self.settings.auth_url}/token",
                headers={"Accept": "application/json"},
                params=params,
                form=form,
            )
        except PSAError as exc:
            # Halo answers a wrong client id/secret with 400 invalid_client (OAuth2), not 401.
            if "invalid_client" in str(exc) or "invalid_grant" in str(exc) or isinstance(exc, PSAAuthError):
                raise PSAAuthError(
                    f"{LABEL} rejected walkbot's API credentials: check HALO_CLIENT_ID, HALO_CLIENT_SECRET and HALO_TENANT"
                ) from None
            raise
        if not isinstance(data, dict) or not data.get("access_token"):
            raise PSAError(f"{LABEL} gave no access token; check HALO_AUTH_URL")
        self._token = data["access_token"]
        self._expires_at = self._clock() + float(data.get("expires_in") or 3600) - EXPIRY_MARGIN

    async def _call(self, method: str, path: str, ticket_id: str, **kwargs: Any) -> Any:
        url = f"{self.settings.base_url}/api{path}"
        for renew in (False, True):
            headers = {"Authorization": f"Bearer {await self._bearer(renew=renew)}", "Accept": "application/json"}
            try:
                return await self.api.call(method, url, headers=headers, ticket_id=ticket_id, **kwargs)
            except PSAAuthError as exc:
                if exc.status != 401 or renew:
                    raise
        raise AssertionError("unreachable")  # pragma: no cover

    async def get_ticket(self, ticket_id: str) -> Ticket:
        number = require_number(ticket_id, LABEL)
        data = await self._call("GET", f"/Tickets/{number}", ticket_id, params={"includedetails": "true"})
        if not isinstance(data, dict) or not data.get("id"):
            raise PSAError(f"ticket {ticket_id} was not found in {LABEL}")
        return Ticket(
            id=str(data["id"]),
            kind="psa",
            psa=self.kind,
            summary=data.get("summary") or "",
            description=_plain(data.get("details")),
            company=data.get("client_name") or None,
            contact=data.get("user_name") or None,
            board=data.get("team") or None,
            type=data.get("category_1") or None,
            subtype=data.get("category_2") or None,
            priority=_text(data.get("priority_name") or data.get("priority_id")),
            status=_text(data.get("status_name") or data.get("status_id")),
            url=f"{self.settings.base_url}/tickets?id={data['id']}",
        )

    async def add_note(self, ticket_id: str, note: NoteWrite) -> NoteReceipt:
        number = int(require_number(ticket_id, LABEL))
        action = {
            "ticket_id": number,
            "note": note.text,
            "outcome": self.settings.outcome,
            "hiddenfromuser": note.internal,
        }
        data = await self._call("POST", "/Actions", ticket_id, json_body=[action])
        created = data[0] if isinstance(data, list) and data else data
        return NoteReceipt(note_id=str(created["id"]))

    async def find_note(self, ticket_id: str, marker_key: str) -> FoundNote | None:
        number = require_number(ticket_id, LABEL)
        data = await self._call("GET", "/Actions", ticket_id, params={"ticket_id": number, "excludesys": "true"})
        wanted = marker(marker_key)
        for action in (data or {}).get("actions") or []:
            if contains_marker(action.get("note"), wanted):
                return FoundNote(note_id=str(action["id"]))
        return None

    async def set_status(self, ticket_id: str, status: str) -> None:
        number = int(require_number(ticket_id, LABEL))
        if not str(status).isdigit():
            raise PSAError(f"HaloPSA statuses are ids; set PSA_STATUS_ON_RESOLVE to a number, not {status!r}")
        await self._call("POST", "/Tickets", ticket_id, json_body=[{"id": number, "status_id": int(status)}])

    async def close(self) -> None:
        """The HTTP session belongs to the runtime, which closes it."""


def _plain(details: Any) -> str | None:
    """Halo stores the description as HTML; the card and the flow ranking want words."""
    if not isinstance(details, str) or not details.strip():
        return None
    text = TAG.sub(" ", details.replace("<br>", "\n").replace("</p>", "\n"))
    return "\n".join(" ".join(line.split()) for line in html.unescape(text).splitlines() if line.strip()) or None


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
