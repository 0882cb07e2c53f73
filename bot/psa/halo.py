"""HaloPSA: OAuth2 client credentials, tickets, and notes as ticket actions.

The bearer token is cached until shortly before it expires; a 401 on an API call means
it was revoked or rotated early, so the client fetches a new one and tries once more.

Halo renders actions as HTML, so notes go in ``note_html`` (``note`` keeps the plain text the
outbox searches for its marker). ``hiddenfromuser`` follows the note's internal flag and
``sendemail`` is always false; the outcome's own "email the end user" default must be off too
(docs/psa.md). The author is ``actionby_agent_id``: ``agent_id`` would reassign the ticket.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import aiohttp

from bot.config.psa import HaloSettings
from bot.psa.client import marker
from bot.psa.errors import PSAAuthError, PSAError
from bot.psa.html_text import html_to_text, text_to_html
from bot.psa.http import VendorHTTP, contains_marker, require_number
from bot.psa.models import Assignment, FoundNote, NoteReceipt, NoteWrite, Ticket, TimeEntryWrite
from bot.psa.note_size import fit_note

LABEL = "HaloPSA"
EXPIRY_MARGIN = 30.0  # seconds: renew a little early so a token never expires mid-call
# Halo's API documents no maximum for an action's note; walkbot caps it where Autotask does (docs/psa.md).
NOTE_MAX = 32000


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
            description=html_to_text(data.get("details")),
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
        text, limit = fit_note(note.text, NOTE_MAX), NOTE_MAX
        while len(text_to_html(text)) > NOTE_MAX:  # the HTML is longer than the text it carries
            limit -= 2000
            text = fit_note(note.text, limit)
        action: dict[str, Any] = {
            "ticket_id": number,
            "note": text,
            "note_html": text_to_html(text),
            "outcome": self.settings.outcome,
            "hiddenfromuser": note.internal,
            "sendemail": False,
        }
        if note.member_id:
            action["actionby_agent_id"] = int(note.member_id)
        data = await self._call("POST", "/Actions", ticket_id, json_body=[action])
        created = data[0] if isinstance(data, list) and data else data
        return NoteReceipt(note_id=str(created["id"]), as_member=bool(note.member_id))

    async def find_note(self, ticket_id: str, marker_key: str) -> FoundNote | None:
        number = require_number(ticket_id, LABEL)
        data = await self._call("GET", "/Actions", ticket_id, params={"ticket_id": number, "excludesys": "true"})
        wanted = marker(marker_key)
        for action in (data or {}).get("actions") or []:
            if contains_marker(action.get("note"), wanted) or contains_marker(action.get("note_html"), wanted):
                return FoundNote(note_id=str(action["id"]))
        return None

    async def set_status(
        self, ticket_id: str, status: str, *, as_member: str | None = None, resolution: str | None = None
    ) -> None:
        number = int(require_number(ticket_id, LABEL))
        ticket = {"id": number, "status_id": await self._status_id(status)}
        await self._call("POST", "/Tickets", ticket_id, json_body=[ticket])

    async def _status_id(self, status: str) -> int:
        problem = await self.check_status(status)
        if problem:
            raise PSAError(problem + ": fix it with `walkbot accounts writeback`")
        return int(status)

    async def check_status(self, status: str) -> str | None:
        """None when ``status`` is the id of a status in Halo's status list."""
        if not str(status).isdigit():
            return f"HaloPSA statuses are ids, not {status!r}"
        statuses = await self._call("GET", "/Status", "status")
        known = {str(s["id"]): s.get("name", "") for s in statuses or [] if isinstance(s, dict)}
        if str(status) not in known:
            listed = ", ".join(f"{i} ({name})" for i, name in known.items())
            return f"HaloPSA has no status {status}; its statuses are {listed}"
        return None

    async def assign(self, ticket_id: str, assignment: Assignment) -> None:
        """The ticket's agent is ``agent_id`` on the ticket itself (never on an action)."""
        number = int(require_number(ticket_id, LABEL))
        ticket: dict[str, Any] = {"id": number}
        if assignment.member_id:
            ticket["agent_id"] = int(assignment.member_id)
        if assignment.status:
            ticket["status_id"] = await self._status_id(assignment.status)
        if len(ticket) > 1:
            await self._call("POST", "/Tickets", ticket_id, json_body=[ticket])

    async def find_member(self, email: str) -> str | None:
        agents = await self._call("GET", "/Agent", "agent", params={"search": email, "includeenabled": "true"})
        for agent in agents if isinstance(agents, list) else []:
            if str(agent.get("email", "")).lower() == email.lower() and not agent.get("inactive"):
                return str(agent["id"])
        return None

    async def add_resolution(self, ticket_id: str, note: NoteWrite) -> NoteReceipt:
        """Halo has no resolution section walkbot writes to; the walk log carries the resolution."""
        raise PSAError("HaloPSA has no resolution section for walkbot to write to")

    async def find_time_entry(self, ticket_id: str, marker_key: str) -> str | None:
        found = await self.find_note(ticket_id, marker_key)
        return found.note_id if found else None

    async def add_time_entry(self, ticket_id: str, entry: TimeEntryWrite) -> str:
        """Halo logs time on an action (``timetaken``, hours), hidden from the user and emailing no one."""
        number = int(require_number(ticket_id, LABEL))
        action: dict[str, Any] = {
            "ticket_id": number,
            "note": entry.notes,
            "note_html": text_to_html(entry.notes),
            "outcome": self.settings.outcome,
            "hiddenfromuser": True,
            "sendemail": False,
            "timetaken": round(entry.hours, 2),
            "actisbillable": entry.billable,
        }
        if entry.member_id:
            action["actionby_agent_id"] = int(entry.member_id)
        data = await self._call("POST", "/Actions", ticket_id, json_body=[action])
        created = data[0] if isinstance(data, list) and data else data
        return str(created["id"])

    async def close(self) -> None:
        """The HTTP session belongs to the runtime, which closes it."""


def _text(value: Any) -> str | None:
    return None if value is None or value == "" else str(value)
