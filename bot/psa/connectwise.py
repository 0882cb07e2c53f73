"""ConnectWise Manage (REST 3.0): tickets, their notes, and a status change on resolve.

Auth is Basic ``{company}+{publicKey}:{privateKey}`` plus the ``clientId`` header on every
call. GET /service/tickets/{id} does not return the initial description: it lives on the
ticket's first note flagged ``detailDescriptionFlag``.

Notes never email anyone: the walk log is an Internal Analysis note and every note is sent
with ``processNotifications: false`` (a board's "notify contact" workflow would otherwise mail
the walk log to the customer). Only the technician's own resolution text, and only when the
account allows it, goes in the Resolution section.
"""

from __future__ import annotations

import base64
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import aiohttp

from bot.config.psa import ConnectWiseSettings
from bot.psa.client import marker
from bot.psa.errors import PSAError
from bot.psa.html_text import html_to_text
from bot.psa.http import VendorHTTP, contains_marker, require_number
from bot.psa.models import Assignment, FoundNote, NoteReceipt, NoteWrite, Ticket, TimeEntryWrite
from bot.psa.note_size import fit_note

LABEL = "ConnectWise"
ACCEPT = "application/vnd.connectwise.com+json; version=2022.1"
NOTES_PAGE = 100
NOTES_MAX_PAGES = 10
# ServiceNote.text has no maximum in ConnectWise's published schema; walkbot caps it where Autotask
# does, so a pathological walk never makes a note the desk cannot scroll (see docs/psa.md).
NOTE_MAX = 32000


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
        description = html_to_text(first[0].get("text")) if isinstance(first, list) and first else None
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
        body: dict[str, Any] = {
            "text": fit_note(note.text, NOTE_MAX),
            # Exactly one section: the walk log is Internal Analysis; resolution text goes to Resolution only.
            "detailDescriptionFlag": False,
            "internalAnalysisFlag": not note.resolution,
            "resolutionFlag": note.resolution,
            "processNotifications": False,
        }
        if note.member_id:
            body["member"] = {"id": int(note.member_id)}
        data = await self._call("POST", f"/service/tickets/{number}/notes", ticket_id, json_body=body)
        return NoteReceipt(note_id=str(data["id"]), as_member=bool(note.member_id))

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

    async def add_resolution(self, ticket_id: str, note: NoteWrite) -> NoteReceipt:
        """The technician's resolution text, once: a retry finds the same text already in the Resolution section."""
        number = require_number(ticket_id, LABEL)
        notes = await self._call(
            "GET",
            f"/service/tickets/{number}/notes",
            ticket_id,
            params={"orderBy": "id desc", "pageSize": str(NOTES_PAGE)},
        )
        for existing in notes if isinstance(notes, list) else []:
            if existing.get("resolutionFlag") and existing.get("text") == note.text:
                return NoteReceipt(note_id=str(existing["id"]))
        return await self.add_note(ticket_id, replace(note, resolution=True, internal=False))

    async def find_member(self, email: str) -> str | None:
        members = await self._call(
            "GET",
            "/system/members",
            "member",
            params={"conditions": f'primaryEmail = "{_quoted(email)}" and inactiveFlag = false', "fields": "id"},
        )
        return str(members[0]["id"]) if isinstance(members, list) and members else None

    async def _board_status(self, ticket_id: str, number: str, status: str) -> dict[str, int]:
        """Statuses belong to a board: the ticket's board's status of that name, by id."""
        ticket = await self._call("GET", f"/service/tickets/{number}", ticket_id, params={"fields": "id,board"})
        board = (ticket or {}).get("board") or {}
        found = await self._call(
            "GET",
            f"/service/boards/{int(board.get('id', 0))}/statuses",
            "board",
            params={"conditions": f'name = "{_quoted(status)}"', "fields": "id,name"},
        )
        if not isinstance(found, list) or not found:
            raise PSAError(
                f"ConnectWise board {board.get('name') or board.get('id')} has no status {status!r}: "
                "fix the status in `walkbot accounts writeback`"
            )
        return {"id": int(found[0]["id"])}

    async def set_status(
        self, ticket_id: str, status: str, *, as_member: str | None = None, resolution: str | None = None
    ) -> None:
        """ConnectWise has no impersonation: the status change is the API member's (the note names the person)."""
        number = require_number(ticket_id, LABEL)
        patch = [{"op": "replace", "path": "status", "value": await self._board_status(ticket_id, number, status)}]
        await self._call("PATCH", f"/service/tickets/{number}", ticket_id, json_body=patch)

    async def assign(self, ticket_id: str, assignment: Assignment) -> None:
        number = require_number(ticket_id, LABEL)
        patch: list[dict[str, Any]] = []
        if assignment.member_id:
            patch.append({"op": "replace", "path": "owner", "value": {"id": int(assignment.member_id)}})
        if assignment.status:
            status = await self._board_status(ticket_id, number, assignment.status)
            patch.append({"op": "replace", "path": "status", "value": status})
        if patch:
            await self._call("PATCH", f"/service/tickets/{number}", ticket_id, json_body=patch)

    async def check_status(self, status: str) -> str | None:
        """None when at least one board has the status; otherwise what to fix. Boards lacking it are named."""
        boards = await self._call("GET", "/service/boards", "board", params={"fields": "id,name", "pageSize": "1000"})
        having, lacking = [], []
        for board in boards if isinstance(boards, list) else []:
            found = await self._call(
                "GET",
                f"/service/boards/{int(board['id'])}/statuses",
                "board",
                params={"conditions": f'name = "{_quoted(status)}"', "fields": "id"},
            )
            (having if found else lacking).append(board.get("name") or str(board["id"]))
        if not having:
            return f"no ConnectWise board has a status named {status!r}"
        if lacking:
            return f"status {status!r} is missing on board(s) {', '.join(lacking)}; tickets there can't be moved to it"
        return None

    async def find_time_entry(self, ticket_id: str, marker_key: str) -> str | None:
        number = require_number(ticket_id, LABEL)
        entries = await self._call(
            "GET",
            "/time/entries",
            ticket_id,
            params={
                "conditions": f'chargeToType = "ServiceTicket" and chargeToId = {int(number)}',
                "orderBy": "id desc",
                "pageSize": str(NOTES_PAGE),
            },
        )
        wanted = marker(marker_key)
        for entry in entries if isinstance(entries, list) else []:
            if contains_marker(entry.get("notes"), wanted):
                return str(entry["id"])
        return None

    async def add_time_entry(self, ticket_id: str, entry: TimeEntryWrite) -> str:
        number = require_number(ticket_id, LABEL)
        ticket = await self._call("GET", f"/service/tickets/{number}", ticket_id, params={"fields": "id,agreement"})
        body: dict[str, Any] = {
            "chargeToType": "ServiceTicket",
            "chargeToId": int(number),
            "timeStart": _cw_time(entry.started_at),
            "timeEnd": _cw_time(entry.ended_at),
            "notes": entry.notes,
            "billableOption": "Billable" if entry.billable else "DoNotBill",
            # Otherwise the entry's notes are copied into the ticket's discussion and mailed to the contact.
            "emailContactFlag": False,
            "emailResourceFlag": False,
            "emailCcFlag": False,
            "addToDetailDescriptionFlag": False,
            "addToInternalAnalysisFlag": False,
            "addToResolutionFlag": False,
        }
        if entry.member_id:
            body["member"] = {"id": int(entry.member_id)}
        if entry.work_type:
            body["workType"] = {"name": entry.work_type}
        agreement = (ticket or {}).get("agreement")
        if entry.billable and isinstance(agreement, dict) and agreement.get("id"):
            body["agreement"] = {"id": int(agreement["id"])}
        data = await self._call("POST", "/time/entries", ticket_id, json_body=body)
        return str(data["id"])

    async def close(self) -> None:
        """The HTTP session belongs to the runtime, which closes it."""


def _name(ref: Any) -> str | None:
    """ConnectWise references look like {"id": 1, "name": "Help Desk"} (companies may only have "identifier")."""
    if isinstance(ref, dict):
        return ref.get("name") or ref.get("identifier")
    return None


def _quoted(value: str) -> str:
    """A value inside a ConnectWise conditions string literal."""
    return value.replace("\\", "\\\\").replace('"', '\\"')


def _cw_time(iso: str) -> str:
    """ConnectWise wants UTC as 2024-03-11T10:00:00Z (no fractions, no offset)."""
    return datetime.fromisoformat(iso).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
