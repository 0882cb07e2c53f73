"""Autotask (REST v1.0): zone discovery, tickets with their picklist labels, ticket notes, status.

Each Autotask database lives in one zone; ``zoneInformation?user=`` says which (asked once
per process). Every other call goes to ``{zone url}V1.0/…`` with the ``ApiIntegrationCode``,
``UserName`` and ``Secret`` headers. Tickets carry picklist numbers (queue, issue type,
priority, status); their labels come from ``Tickets/entityInformation/fields``, read once.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import aiohttp

from bot.config.psa import AutotaskSettings
from bot.psa.client import marker
from bot.psa.errors import PSAAuthError, PSAError, PSARateLimited, PSAUnavailable, TicketNotFound
from bot.psa.http import VendorHTTP, require_number
from bot.psa.models import FoundNote, NoteReceipt, NoteWrite, Ticket

LABEL = "Autotask"
TICKET_NUMBER = re.compile(r"^T\d{8}\.\d{4,}$")  # what technicians copy from the UI, e.g. T20240311.0042
NOTE_MAX = 32000  # TicketNotes.description length limit
TITLE_MAX = 250
PICKLISTS = {"queueID", "issueType", "subIssueType", "priority", "status"}


class AutotaskClient:
    kind = "autotask"

    def __init__(self, settings: AutotaskSettings, http: aiohttp.ClientSession, *, timeout: float = 10.0) -> None:
        self.settings = settings
        self.api = VendorHTTP(
            http, label=LABEL, timeout=timeout, credentials_hint="AT_USERNAME, AT_SECRET and AT_INTEGRATION_CODE"
        )
        self._headers = {
            "ApiIntegrationCode": settings.integration_code,
            "UserName": settings.username,
            "Secret": settings.secret,
        }
        self._zone: tuple[str, str] | None = None  # (api base ending in V1.0/, web UI base)
        self._zone_lock = asyncio.Lock()
        self._labels: dict[str, dict[str, str]] | None = None

    async def _zone_urls(self) -> tuple[str, str]:
        async with self._zone_lock:
            if self._zone is None:
                url = f"{self.settings.base_url}/atservicesrest/v1.0/zoneInformation"
                try:
                    data = await self.api.call("GET", url, headers={}, params={"user": self.settings.username})
                except (PSAUnavailable, PSARateLimited):
                    raise
                except PSAError:
                    raise PSAAuthError(
                        f"Autotask does not know the API user in AT_USERNAME ({self.settings.username}): check it"
                    ) from None
                if not isinstance(data, dict) or not data.get("url"):
                    raise PSAError("Autotask zone discovery gave no zone URL; check AT_BASE_URL and AT_USERNAME")
                api = data["url"].rstrip("/") + "/V1.0/"
                web = (data.get("webUrl") or "https://ww1.autotask.net/").rstrip("/") + "/"
                self._zone = (api, web)
            return self._zone

    async def _call(self, method: str, path: str, ticket_id: str | None = None, **kwargs: Any) -> Any:
        api, _ = await self._zone_urls()
        headers = dict(self._headers)
        if "json_body" in kwargs:
            headers["Content-Type"] = "application/json"
        return await self.api.call(method, api + path, headers=headers, ticket_id=ticket_id, **kwargs)

    async def _ticket_item(self, ticket_id: str) -> dict[str, Any]:
        cleaned = ticket_id.strip()
        if TICKET_NUMBER.match(cleaned):
            search = {"filter": [{"op": "eq", "field": "ticketNumber", "value": cleaned}]}
            data = await self._call("GET", "Tickets/query", ticket_id, params={"search": json.dumps(search)})
            items = (data or {}).get("items") or []
            item = items[0] if items else None
        else:
            number = require_number(ticket_id, LABEL)
            item = ((await self._call("GET", f"Tickets/{number}", ticket_id)) or {}).get("item")
        if not item:
            raise TicketNotFound(f"ticket {ticket_id} was not found in Autotask")
        return item

    async def get_ticket(self, ticket_id: str) -> Ticket:
        item = await self._ticket_item(ticket_id)
        labels = await self._picklist_labels()
        _, web = await self._zone_urls()

        def label(field: str) -> str | None:
            value = item.get(field)
            return None if value is None else labels.get(field, {}).get(str(value), str(value))

        return Ticket(
            id=str(item["id"]),
            kind="psa",
            psa=self.kind,
            summary=item.get("title") or "",
            description=item.get("description"),
            company=await self._company_name(item.get("companyID")),
            contact=await self._contact_name(item.get("contactID")),
            board=label("queueID"),
            type=label("issueType"),
            subtype=label("subIssueType"),
            priority=label("priority"),
            status=label("status"),
            url=f"{web}Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID={item['id']}",
        )

    async def _picklist_labels(self) -> dict[str, dict[str, str]]:
        if self._labels is None:
            data = await self._call("GET", "Tickets/entityInformation/fields")
            labels: dict[str, dict[str, str]] = {}
            for field in (data or {}).get("fields") or []:
                if field.get("name") in PICKLISTS and field.get("isPickList"):
                    labels[field["name"]] = {str(v["value"]): v["label"] for v in field.get("picklistValues") or []}
            self._labels = labels
        return self._labels

    async def _company_name(self, company_id: Any) -> str | None:
        if company_id is None:
            return None
        item = await self._optional_item(f"Companies/{int(company_id)}")
        return item.get("companyName") if item else None

    async def _contact_name(self, contact_id: Any) -> str | None:
        if contact_id is None:
            return None
        item = await self._optional_item(f"Contacts/{int(contact_id)}")
        if not item:
            return None
        return " ".join(p for p in (item.get("firstName"), item.get("lastName")) if p) or None

    async def _optional_item(self, path: str) -> dict[str, Any] | None:
        """Company and contact are decoration on the card: a missing one is not worth failing the lookup."""
        try:
            return ((await self._call("GET", path, "ref")) or {}).get("item")
        except TicketNotFound:
            return None

    async def add_note(self, ticket_id: str, note: NoteWrite) -> NoteReceipt:
        number = int(require_number(ticket_id, LABEL))
        body = {
            "ticketID": number,
            "title": note.title[:TITLE_MAX],
            "description": fit(note.text, NOTE_MAX),
            "noteType": self.settings.note_type,
            "publish": self.settings.note_publish,
        }
        data = await self._call("POST", f"Tickets/{number}/Notes", ticket_id, json_body=body)
        return NoteReceipt(note_id=str(data["itemId"]))

    async def find_note(self, ticket_id: str, marker_key: str) -> FoundNote | None:
        number = int(require_number(ticket_id, LABEL))
        search = {
            "filter": [
                {"op": "eq", "field": "ticketID", "value": number},
                {"op": "contains", "field": "description", "value": marker(marker_key)},
            ]
        }
        data = await self._call("GET", "TicketNotes/query", ticket_id, params={"search": json.dumps(search)})
        items = (data or {}).get("items") or []
        return FoundNote(note_id=str(items[0]["id"])) if items else None

    async def set_status(self, ticket_id: str, status: str) -> None:
        number = int(require_number(ticket_id, LABEL))
        if not str(status).isdigit():
            raise PSAError(f"Autotask statuses are numbers; set PSA_STATUS_ON_RESOLVE to one, not {status!r}")
        await self._call("PATCH", "Tickets", ticket_id, json_body={"id": number, "status": int(status)})

    async def close(self) -> None:
        """The HTTP session belongs to the runtime, which closes it."""


def fit(text: str, limit: int) -> str:
    """Cut an over-long note in the middle, keeping its last line: the marker the outbox searches for."""
    if len(text) <= limit:
        return text
    head, _, last = text.rpartition("\n")
    cut = "\n… (cut to fit Autotask's note limit)\n"
    return head[: limit - len(cut) - len(last)] + cut + last
