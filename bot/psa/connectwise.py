"""ConnectWise Manage (REST 3.0): tickets, their notes, and a status change on resolve.

Auth is Basic ``{company}+{publicKey}:{privateKey}`` plus the ``clientId`` header on every
call. GET /service/tickets/{id} does not return the initial description: it lives on the
ticket's first note flagged ``detailDescriptionFlag``.
"""

from __future__ import annotations

import base64
from typing import Any

import aiohttp

from bot.config.psa import ConnectWiseSettings
from bot.psa.client import marker
from bot.psa.http import VendorHTTP, contains_marker, require_number
from bot.psa.models import FoundNote, NoteReceipt, NoteWrite, Ticket

LABEL = "ConnectWise"
ACCEPT = "application/vnd.connectwise.com+json; version=2022.1"
NOTES_PAGE = 100
NOTES_MAX_PAGES = 10


class ConnectWiseClient:
    kind = "connectwise"

    def __init__(self, settings: ConnectWiseSettings, http: aiohttp.ClientSession, *, timeout: float = 10.0) -> None:
        self.settings = settings
        self.api = VendorHTTP(
            http,
            label=LABEL,
            timeout=timeout,
            credentials_hint="CW_COMPANY, CW_PUBLIC_KEY, CW_PRIVATE_KEY and CW_CLIENT_ID",
        )
        login = f"{settings.company}+{settings.public_key}:{settings.private_key}"
        self._headers = {
            "Authorization": "Basic " + base64.b64encode(login.encode()).decode(),
            "clientId": settings.client_id,
            "Accept": ACCEPT,
        }

    async def _call(self, method: str, path: str, ticket_id: str, **kwargs: Any) -> Any:
        url = f"{self.settings.api_url}{path}"
        return await self.api.call(method, url, headers=self._headers, ticket_id=ticket_id, **kwargs)

    async def get_ticket(self, ticket_id: str) -> Ticket:
        number = require_number(ticket_id, LABEL)
        data = await self._call("GET", f"/service/tickets/{number}", ticket_id)
        first = await self._call(
            "GET",
            f"/service/tickets/{number}/notes",
            ticket_id,
            params={"conditions": "detailDescriptionFlag = true", "orderBy": "id asc", "pageSize": "1"},
        )
        description = first[0].get("text") if isinstance(first, list) and first else None
        return Ticket(
            id=str(data.get("id", number)),
            kind="psa",
            psa=self.kind,
            summary=data.get("summary") or "",
            description=description,
            company=_name(data.get("company")),
            contact=_name(data.get("contact")),
            board=_name(data.get("board")),
            type=_name(data.get("type")),
            subtype=_name(data.get("subType")),
            priority=_name(data.get("priority")),
            status=_name(data.get("status")),
            url=self.ticket_url(number),
        )

    def ticket_url(self, number: str) -> str:
        return f"{self.settings.web_url}ConnectWise.aspx?locale=en_US&routeTo=ServiceFV&recid={number}"

    async def add_note(self, ticket_id: str, note: NoteWrite) -> NoteReceipt:
        number = require_number(ticket_id, LABEL)
        body = {
            "text": note.text,
            # ConnectWise needs at least one of the three flags set; a public non-resolution note is "discussion".
            "detailDescriptionFlag": not note.internal and not note.resolution,
            "internalAnalysisFlag": note.internal,
            "resolutionFlag": note.resolution,
        }
        data = await self._call("POST", f"/service/tickets/{number}/notes", ticket_id, json_body=body)
        return NoteReceipt(note_id=str(data["id"]))

    async def find_note(self, ticket_id: str, marker_key: str) -> FoundNote | None:
        number = require_number(ticket_id, LABEL)
        wanted = marker(marker_key)
        for page in range(1, NOTES_MAX_PAGES + 1):
            notes = await self._call(
                "GET",
                f"/service/tickets/{number}/notes",
                ticket_id,
                params={"orderBy": "id desc", "page": str(page), "pageSize": str(NOTES_PAGE)},
            )
            notes = notes if isinstance(notes, list) else []
            for note in notes:
                if contains_marker(note.get("text"), wanted):
                    return FoundNote(note_id=str(note["id"]))
            if len(notes) < NOTES_PAGE:
                return None
        return None

    async def set_status(self, ticket_id: str, status: str) -> None:
        number = require_number(ticket_id, LABEL)
        patch = [{"op": "replace", "path": "status", "value": {"name": status}}]
        await self._call("PATCH", f"/service/tickets/{number}", ticket_id, json_body=patch)

    async def close(self) -> None:
        """The HTTP session belongs to the runtime, which closes it."""


def _name(ref: Any) -> str | None:
    """ConnectWise references look like {"id": 1, "name": "Help Desk"} (companies may only have "identifier")."""
    if isinstance(ref, dict):
        return ref.get("name") or ref.get("identifier")
    return None
