"""A fake Autotask REST API: zone discovery, tickets, picklists, ticket notes, strict about what it accepts."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.psa_base import BODY, FakePSA, expect, expect_keys, expect_query, expect_type

NOTE_FIELDS = {
    "ticketID",
    "title",
    "description",
    "noteType",
    "publish",
    "createdByContactID",
    "impersonatorCreatorResourceID",
}
NOTE_TYPES = {1, 2, 3, 13}
PUBLISH = {1, 2, 4}  # All Autotask Users, Internal Only, Internal Project Team
NOTE_MAX = 32000
PICKLIST = {
    "queueID": {"5": "Help Desk", "8": "Network"},
    "issueType": {"11": "Hardware"},
    "subIssueType": {"21": "Printer"},
    "priority": {"1": "High", "2": "Medium"},
    "status": {"1": "New", "5": "Complete", "8": "In Progress", "11": "Escalated"},
}


@dataclass
class FakeAutotask(FakePSA):
    username: str = "walkbot@acme.example"
    secret: str = "s3cret"
    integration_code: str = "INTEGRATIONCODE"
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: list[dict[str, Any]] = field(default_factory=list)
    companies: dict[int, dict[str, Any]] = field(default_factory=lambda: {7: {"id": 7, "companyName": "Acme Dental"}})
    # Resources by id: {"id", "email", "isActive", "impersonable"}; impersonable means the resource's
    # security level allows impersonation (the API user's own level must allow it too: ``can_impersonate``).
    resources: dict[int, dict[str, Any]] = field(default_factory=dict)
    can_impersonate: bool = True
    # ResourceRoles rows: {"resourceID", "roleID", "isActive"}.
    resource_roles: list[dict[str, Any]] = field(default_factory=list)
    billing_codes: set[int] = field(default_factory=lambda: {29682801})  # active work types
    contracts: set[int] = field(default_factory=lambda: {300})
    time_entries: list[dict[str, Any]] = field(default_factory=list)
    contacts: dict[int, dict[str, Any]] = field(
        default_factory=lambda: {9: {"id": 9, "firstName": "Dana", "lastName": "Ortiz"}}
    )

    def env(self, **overrides: str) -> dict[str, str]:
        values = {
            "PSA_KIND": "autotask",
            "AT_BASE_URL": self.url,
            "AT_USERNAME": self.username,
            "AT_SECRET": self.secret,
            "AT_INTEGRATION_CODE": self.integration_code,
            "AT_NOTE_TYPE": "1",
        }
        values.update(overrides)
        return values

    def add_ticket(self, ticket_id: int, title: str, **fields: Any) -> None:
        ticket = {"id": ticket_id, "ticketNumber": f"T20260101.{ticket_id:04d}", "title": title, "description": None}
        ticket.update(fields)
        self.tickets[ticket_id] = ticket

    def notes_on(self, ticket_id: int) -> list[dict[str, Any]]:
        return [n for n in self.notes if n["ticketID"] == ticket_id]

    @property
    def zone_lookups(self) -> int:
        return len(self.requests_to("GET", "zoneInformation"))

    # ── protocol ──
    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_get("/atservicesrest/v1.0/zoneInformation", self.zone_information)
        api = "/ATServicesRest/V1.0"
        router.add_get(api + "/Tickets/entityInformation/fields", self.ticket_fields)
        router.add_get(api + "/Tickets/query", self.query_tickets)
        router.add_get(api + "/Tickets/{id}", self.get_ticket)
        router.add_patch(api + "/Tickets", self.update_ticket)
        router.add_post(api + "/Tickets/{id}/Notes", self.add_note)
        router.add_get(api + "/TicketNotes/query", self.query_notes)
        router.add_get(api + "/Companies/{id}", self.get_company)
        router.add_get(api + "/Resources/query", self.query_resources)
        router.add_get(api + "/Resources/{id}", self.get_resource)
        router.add_get(api + "/ResourceRoles/query", self.query_resource_roles)
        router.add_get(api + "/TimeEntries/query", self.query_time_entries)
        router.add_post(api + "/TimeEntries", self.add_time_entry)
        router.add_get(api + "/Contacts/{id}", self.get_contact)

    def check_auth(self, request: web.Request) -> web.Response | None:
        if request.path.startswith("/atservicesrest/"):
            return None  # zone discovery is anonymous
        names = ("ApiIntegrationCode", "UserName", "Secret")
        expect(all(n in request.headers for n in names), "ApiIntegrationCode, UserName and Secret headers are required")
        given = tuple(request.headers[n] for n in names)
        if self.reject_credentials or given != (self.integration_code, self.username, self.secret):
            return self.json({"errors": ["Unauthorized"]}, status=401)
        impersonating = request.headers.get("ImpersonationResourceId")
        if impersonating is not None:
            expect(impersonating.isdigit(), "ImpersonationResourceId must be a resource id")
            resource = self.resources.get(int(impersonating))
            if not self.can_impersonate or resource is None or not resource.get("impersonable", True):
                # Autotask answers a refused impersonation with a 500 whose message names it.
                return self.json(
                    {"errors": [f"Impersonation of resource {impersonating} is not allowed for this API user"]},
                    status=500,
                )
        return None

    @staticmethod
    def acting_resource(request: web.Request) -> int | None:
        raw = request.headers.get("ImpersonationResourceId")
        return int(raw) if raw else None

    async def zone_information(self, request: web.Request) -> web.Response:
        expect_query(request, {"user"})
        if request.query.get("user") != self.username:
            return self.json({"errors": ["Zone information could not be determined"]}, status=404)
        return self.json(
            {"zoneName": "Fake Zone", "url": f"{self.url}/ATServicesRest/", "webUrl": f"{self.url}/", "ci": 0}
        )

    async def ticket_fields(self, request: web.Request) -> web.Response:
        fields = [
            {
                "name": name,
                "dataType": "integer",
                "isPickList": True,
                "picklistValues": [{"value": v, "label": label, "isActive": True} for v, label in values.items()],
            }
            for name, values in PICKLIST.items()
        ]
        fields.append({"name": "title", "dataType": "string", "isPickList": False, "picklistValues": None})
        return self.json({"fields": fields})

    async def get_ticket(self, request: web.Request) -> web.Response:
        raw = request.match_info["id"]
        expect(raw.isdigit(), f"ticket id must be an integer, got {raw!r}")
        return self.json({"item": self.tickets.get(int(raw))})

    def _search(self, request: web.Request) -> list[dict[str, Any]]:
        expect_query(request, {"search"})
        try:
            search = json.loads(request.query["search"])
        except (KeyError, ValueError):
            expect(False, "search must be a JSON query")
        filters = expect_keys(search, required={"filter"}, allowed={"IncludeFields", "MaxRecords"}, where="search")
        expect(isinstance(filters["filter"], list) and filters["filter"], "filter must be a non-empty array")
        for item in filters["filter"]:
            expect_keys(item, required={"op", "field", "value"}, allowed={"udf"}, where="filter")
            expect(item["op"] in ("eq", "contains"), f"unsupported op {item['op']!r}")
            expect(isinstance(item["value"], str | int | bool), "filter values are strings, numbers or booleans")
        return filters["filter"]

    @staticmethod
    def _matches(row: dict[str, Any], filters: list[dict[str, Any]]) -> bool:
        for f in filters:
            value = row.get(f["field"])
            if f["op"] == "eq" and value != f["value"]:
                return False
            if f["op"] == "contains" and (not isinstance(value, str) or f["value"] not in value):
                return False
        return True

    def _page(self, items: list[dict[str, Any]]) -> web.Response:
        details = {"count": len(items), "requestCount": 500, "prevPageUrl": None, "nextPageUrl": None}
        return self.json({"items": items, "pageDetails": details})

    async def query_tickets(self, request: web.Request) -> web.Response:
        filters = self._search(request)
        return self._page([t for t in self.tickets.values() if self._matches(t, filters)])

    async def query_notes(self, request: web.Request) -> web.Response:
        filters = self._search(request)
        expect(any(f["field"] == "ticketID" and isinstance(f["value"], int) for f in filters), "filter by ticketID")
        return self._page([n for n in self.notes if self._matches(n, filters)])

    async def add_note(self, request: web.Request) -> web.Response:
        expect(
            request.content_type == "application/json",
            f"Content-Type must be application/json, got {request.content_type}",
        )
        raw = request.match_info["id"]
        expect(raw.isdigit(), f"ticket id must be an integer, got {raw!r}")
        where = "TicketNote"
        body = expect_keys(
            request[BODY], required={"description", "noteType", "publish"}, allowed=NOTE_FIELDS, where=where
        )
        for name, kind in (
            ("ticketID", int),
            ("title", str),
            ("description", str),
            ("noteType", int),
            ("publish", int),
        ):
            expect_type(body, name, kind, where)
        expect(body.get("ticketID", int(raw)) == int(raw), "ticketID must match the ticket in the path")
        expect(body["noteType"] in NOTE_TYPES, f"noteType {body['noteType']} is not a picklist value")
        expect(body["publish"] in PUBLISH, f"publish {body['publish']} is not a picklist value")
        expect(len(body["description"]) <= NOTE_MAX, f"description is longer than {NOTE_MAX}")
        expect(len(body.get("title") or "") <= 250, "title is longer than 250")
        if int(raw) not in self.tickets:
            return self.json({"errors": [f"Ticket {raw} not found"]}, status=404)
        note = {"id": 5000 + len(self.notes), "ticketID": int(raw), **{k: body[k] for k in body if k != "ticketID"}}
        note["creatorResourceID"] = self.acting_resource(request)  # None: the API user
        self.notes.append(note)
        return self.json({"itemId": note["id"]})

    async def update_ticket(self, request: web.Request) -> web.Response:
        expect(request.content_type == "application/json", "Content-Type must be application/json")
        allowed = {"status", "queueID", "priority", "assignedResourceID", "assignedResourceRoleID", "resolution"}
        body = expect_keys(request[BODY], required={"id"}, allowed=allowed, where="Ticket")
        for name in body:
            expect_type(body, name, str if name == "resolution" else int, "Ticket")
        if body["id"] not in self.tickets:
            return self.json({"errors": [f"Ticket {body['id']} not found"]}, status=404)
        if ("assignedResourceID" in body) != ("assignedResourceRoleID" in body):
            return self.json({"errors": ["assignedResourceID and assignedResourceRoleID must be set together"]}, 500)
        if "status" in body and str(body["status"]) not in PICKLIST["status"]:
            return self.json({"errors": [f"Value {body['status']} is not a valid status"]}, status=500)
        if "assignedResourceID" in body and not self._active_role(
            body["assignedResourceID"], body["assignedResourceRoleID"]
        ):
            return self.json({"errors": ["The resource does not have the given active role"]}, status=500)
        self.tickets[body["id"]].update({k: v for k, v in body.items() if k != "id"})
        self.tickets[body["id"]]["lastActivityResourceID"] = self.acting_resource(request)
        return self.json({"itemId": body["id"]})

    def _active_role(self, resource_id: int, role_id: int) -> bool:
        resource = self.resources.get(resource_id)
        return bool(resource and resource.get("isActive", True)) and any(
            r["resourceID"] == resource_id and r["roleID"] == role_id and r.get("isActive", True)
            for r in self.resource_roles
        )

    async def query_resources(self, request: web.Request) -> web.Response:
        filters = self._search(request)
        # Autotask compares text case-insensitively.
        lowered = [{**f, "value": f["value"].lower()} if f["field"] == "email" else f for f in filters]
        found = [
            r
            for r in self.resources.values()
            if self._matches({"isActive": True, **r, "email": str(r.get("email", "")).lower()}, lowered)
        ]
        return self._page(found)

    async def get_resource(self, request: web.Request) -> web.Response:
        return await self._item(request, self.resources)

    async def query_resource_roles(self, request: web.Request) -> web.Response:
        filters = self._search(request)
        return self._page(
            [r for r in ({"isActive": True, **r} for r in self.resource_roles) if self._matches(r, filters)]
        )

    async def query_time_entries(self, request: web.Request) -> web.Response:
        filters = self._search(request)
        return self._page([t for t in self.time_entries if self._matches(t, filters)])

    async def add_time_entry(self, request: web.Request) -> web.Response:
        expect(request.content_type == "application/json", "Content-Type must be application/json")
        required = {"resourceID", "roleID", "dateWorked", "hoursWorked", "summaryNotes", "billingCodeID", "ticketID"}
        allowed = {"startDateTime", "endDateTime", "isNonBillable", "contractID", "internalNotes", "timeEntryType"}
        body = expect_keys(request[BODY], required=required, allowed=allowed, where="TimeEntry")
        for name in ("resourceID", "roleID", "billingCodeID", "ticketID", "contractID"):
            expect_type(body, name, int, "TimeEntry")
        expect(isinstance(body["hoursWorked"], int | float) and 0 < body["hoursWorked"] <= 24, "hoursWorked 0..24")
        expect(isinstance(body["summaryNotes"], str) and body["summaryNotes"], "summaryNotes is required for tickets")
        if body["ticketID"] not in self.tickets:
            return self.json({"errors": [f"Ticket {body['ticketID']} not found"]}, status=500)
        if not self._active_role(body["resourceID"], body["roleID"]):
            return self.json({"errors": ["roleID is not an active role of the resource"]}, status=500)
        if body["billingCodeID"] not in self.billing_codes:
            return self.json({"errors": [f"billingCodeID {body['billingCodeID']} is not an active work type"]}, 500)
        if "contractID" in body and body["contractID"] not in self.contracts:
            return self.json({"errors": [f"contractID {body['contractID']} not found"]}, status=500)
        entry = {"id": 7000 + len(self.time_entries), **body, "creatorResourceID": self.acting_resource(request)}
        self.time_entries.append(entry)
        return self.json({"itemId": entry["id"]})

    async def get_company(self, request: web.Request) -> web.Response:
        return await self._item(request, self.companies)

    async def get_contact(self, request: web.Request) -> web.Response:
        return await self._item(request, self.contacts)

    async def _item(self, request: web.Request, table: dict[int, dict[str, Any]]) -> web.Response:
        raw = request.match_info["id"]
        expect(raw.isdigit(), f"id must be an integer, got {raw!r}")
        return self.json({"item": table.get(int(raw))})
