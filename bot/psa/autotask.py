"""Autotask (REST v1.0): zone discovery, tickets with their picklist labels, ticket notes, status.

Each Autotask database lives in one zone; ``zoneInformation?user=`` says which (asked once
per process). Every other call goes to ``{zone url}V1.0/…`` with the ``ApiIntegrationCode``,
``UserName`` and ``Secret`` headers. Tickets carry picklist numbers (queue, issue type,
priority, status); their labels come from ``Tickets/entityInformation/fields``, read once.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from datetime import UTC, datetime
from typing import Any

import aiohttp

from bot.config.psa import AutotaskSettings
from bot.psa.client import marker
from bot.psa.errors import PSAAuthError, PSAError, PSARateLimited, PSAUnavailable, TicketNotFound
from bot.psa.html_text import html_to_text
from bot.psa.http import VendorHTTP, require_number
from bot.psa.models import Assignment, FoundNote, NoteReceipt, NoteWrite, Ticket, TimeEntryWrite, on_behalf_of
from bot.psa.note_size import fit_note

log = logging.getLogger(__name__)

LABEL = "Autotask"
TICKET_NUMBER = re.compile(r"^T\d{8}\.\d{4,}$")  # what technicians copy from the UI, e.g. T20240311.0042
NOTE_MAX = 32000  # TicketNotes.description length limit (Autotask REST entity reference)
PUBLISH_ALL, PUBLISH_INTERNAL = 1, 2  # TicketNotes.publish picklist: All Autotask Users / Internal Only
TITLE_MAX = 250
RESOLUTION_MAX = 32000  # Tickets.resolution
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

    async def _call(
        self, method: str, path: str, ticket_id: str | None = None, *, as_resource: str | None = None, **kwargs: Any
    ) -> Any:
        api, _ = await self._zone_urls()
        headers = dict(self._headers)
        if "json_body" in kwargs:
            headers["Content-Type"] = "application/json"
        if as_resource:
            headers["ImpersonationResourceId"] = str(as_resource)
        return await self.api.call(method, api + path, headers=headers, ticket_id=ticket_id, **kwargs)

    async def _write_as(
        self,
        resource: str | None,
        method: str,
        path: str,
        ticket_id: str,
        body: dict[str, Any],
        *,
        fallback_body: dict[str, Any] | None = None,
    ) -> tuple[Any, bool]:
        """A write made as ``resource`` (ImpersonationResourceId). When Autotask refuses the impersonation
        (the API user's security level does not allow it, or the resource's level can't be impersonated),
        the write is made as the API user instead, with ``fallback_body`` when given.
        Returns (Autotask's answer, whether it was written as the resource)."""
        if resource:
            try:
                return await self._call(method, path, ticket_id, as_resource=resource, json_body=body), True
            except PSAError as exc:
                if "impersonat" not in exc.vendor_detail.lower():
                    raise
                log.warning("Autotask refused to impersonate resource %s; writing as the API user", resource)
        return await self._call(method, path, ticket_id, json_body=fallback_body or body), False

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
            description=html_to_text(item.get("description")),
            company=await self._company_name(item.get("companyID")),
            contact=await self._contact_name(item.get("contactID")),
            board=label("queueID"),
            type=label("issueType"),
            subtype=label("subIssueType"),
            priority=label("priority"),
            status=label("status"),
            url=f"{web}Autotask/AutotaskExtend/ExecuteCommand.aspx?Code=OpenTicketDetail&TicketID={item['id']}",
            number=item.get("ticketNumber") or None,
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
            "description": fit_note(note.text, NOTE_MAX),
            "noteType": self.settings.note_type,
            # Published to all users only when the note says it is public; the walk log never is.
            "publish": PUBLISH_INTERNAL if note.internal else PUBLISH_ALL,
        }
        # Written as the API user after all, the note must still say who did the work.
        fallback = {**body, "description": fit_note(on_behalf_of(note.author_name) + note.text, NOTE_MAX)}
        data, as_member = await self._write_as(
            note.member_id, "POST", f"Tickets/{number}/Notes", ticket_id, body, fallback_body=fallback
        )
        return NoteReceipt(note_id=str(data["itemId"]), as_member=as_member)

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

    async def set_status(
        self, ticket_id: str, status: str, *, as_member: str | None = None, resolution: str | None = None
    ) -> None:
        """Made as the technician's resource when possible; ``resolution`` fills Tickets.resolution, which a
        desk that requires one to complete a ticket insists on."""
        number = int(require_number(ticket_id, LABEL))
        body: dict[str, Any] = {"id": number, "status": await self._status_number(status)}
        if resolution:
            body["resolution"] = resolution[:RESOLUTION_MAX]
        await self._write_as(as_member, "PATCH", "Tickets", ticket_id, body)

    async def _status_number(self, status: str) -> int:
        problem = await self.check_status(status)
        if problem:
            raise PSAError(problem + ": fix it with `walkbot accounts writeback`")
        return int(status)

    async def check_status(self, status: str) -> str | None:
        """None when ``status`` is a value of the global Tickets.status picklist."""
        if not str(status).isdigit():
            return f"Autotask statuses are picklist numbers, not {status!r}"
        labels = (await self._picklist_labels()).get("status", {})
        if str(status) not in labels:
            known = ", ".join(f"{v} ({label})" for v, label in labels.items())
            return f"Autotask has no ticket status {status}; its statuses are {known}"
        return None

    async def find_member(self, email: str) -> str | None:
        search = {
            "filter": [
                {"op": "eq", "field": "email", "value": email},
                {"op": "eq", "field": "isActive", "value": True},
            ]
        }
        data = await self._call("GET", "Resources/query", "resource", params={"search": json.dumps(search)})
        items = (data or {}).get("items") or []
        return str(items[0]["id"]) if items else None

    async def _service_desk_role(self, resource_id: str) -> int:
        """An active role of the resource: its default service desk role when that is active."""
        resource = await self._optional_item(f"Resources/{int(resource_id)}") or {}
        search = {
            "filter": [
                {"op": "eq", "field": "resourceID", "value": int(resource_id)},
                {"op": "eq", "field": "isActive", "value": True},
            ]
        }
        data = await self._call("GET", "ResourceRoles/query", "resource", params={"search": json.dumps(search)})
        roles = [int(r["roleID"]) for r in (data or {}).get("items") or []]
        default = resource.get("defaultServiceDeskRoleID")
        if default in roles:
            return int(default)
        if roles:
            return roles[0]
        raise PSAError(f"Autotask resource {resource_id} has no active role; give them one under Admin > Resources")

    async def assign(self, ticket_id: str, assignment: Assignment) -> None:
        """assignedResourceID and assignedResourceRoleID are only accepted together."""
        number = int(require_number(ticket_id, LABEL))
        body: dict[str, Any] = {"id": number}
        if assignment.member_id:
            body["assignedResourceID"] = int(assignment.member_id)
            body["assignedResourceRoleID"] = await self._service_desk_role(assignment.member_id)
        if assignment.status:
            body["status"] = await self._status_number(assignment.status)
        if len(body) > 1:
            await self._write_as(assignment.member_id, "PATCH", "Tickets", ticket_id, body)

    async def find_time_entry(self, ticket_id: str, marker_key: str) -> str | None:
        number = int(require_number(ticket_id, LABEL))
        search = {
            "filter": [
                {"op": "eq", "field": "ticketID", "value": number},
                {"op": "contains", "field": "summaryNotes", "value": marker(marker_key)},
            ]
        }
        data = await self._call("GET", "TimeEntries/query", ticket_id, params={"search": json.dumps(search)})
        items = (data or {}).get("items") or []
        return str(items[0]["id"]) if items else None

    async def add_time_entry(self, ticket_id: str, entry: TimeEntryWrite) -> str:
        """Time belongs to a resource: without one (no mapping) there is nothing Autotask will accept."""
        if not entry.member_id:
            raise PSAError(
                f"Autotask time needs the technician's resource; link {entry.author_name or 'them'} with "
                "`walkbot users link SLACK_ID RESOURCE_ID`, then `walkbot outbox retry`"
            )
        if not str(entry.work_type or "").isdigit():
            raise PSAError(
                "Autotask time needs a work type (billing code id): set it with `walkbot accounts writeback`"
            )
        number = int(require_number(ticket_id, LABEL))
        ticket = await self._ticket_item(ticket_id)
        start, end = datetime.fromisoformat(entry.started_at), datetime.fromisoformat(entry.ended_at)
        body: dict[str, Any] = {
            "ticketID": number,
            "resourceID": int(entry.member_id),
            "roleID": await self._service_desk_role(entry.member_id),
            "dateWorked": start.astimezone(UTC).strftime("%Y-%m-%dT00:00:00Z"),
            "startDateTime": _at_time(start),
            "endDateTime": _at_time(end),
            "hoursWorked": max(0.01, round(entry.hours, 2)),
            "summaryNotes": entry.notes,
            "billingCodeID": int(str(entry.work_type)),
            "isNonBillable": not entry.billable,
        }
        if entry.billable and ticket.get("contractID"):
            body["contractID"] = int(ticket["contractID"])
        data, _ = await self._write_as(entry.member_id, "POST", "TimeEntries", ticket_id, body)
        return str(data["itemId"])

    async def close(self) -> None:
        """The HTTP session belongs to the runtime, which closes it."""


def _at_time(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
