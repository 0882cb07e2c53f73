"""A fake ConnectWise Manage REST 3.0 API: tickets and ticket notes, strict about what it accepts."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.psa_base import BODY, FakePSA, Violation, expect, expect_keys, expect_query, expect_type

CODEBASE = "v4_6_release"
VENDOR_JSON = "application/vnd.connectwise.com+json; version=2022.1; charset=utf-8"
NOTE_FIELDS = {
    "ticketId",
    "text",
    "detailDescriptionFlag",
    "internalAnalysisFlag",
    "resolutionFlag",
    "issueFlag",
    "member",
    "contact",
    "customerUpdatedFlag",
    "processNotifications",
    "internalFlag",
    "externalFlag",
}
FLAGS = ("detailDescriptionFlag", "internalAnalysisFlag", "resolutionFlag")


@dataclass
class FakeConnectWise(FakePSA):
    company: str = "acme"
    public_key: str = "pubkey"
    private_key: str = "privkey"
    client_id: str = "11111111-2222-3333-4444-555555555555"
    content_type: str = VENDOR_JSON
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def api_url(self) -> str:
        return f"{self.url}/{CODEBASE}/apis/3.0"

    def env(self, **overrides: str) -> dict[str, str]:
        """The environment that points walkbot at this fake."""
        values = {
            "PSA_KIND": "connectwise",
            "CW_BASE_URL": self.api_url,
            "CW_COMPANY": self.company,
            "CW_PUBLIC_KEY": self.public_key,
            "CW_PRIVATE_KEY": self.private_key,
            "CW_CLIENT_ID": self.client_id,
        }
        values.update(overrides)
        return values

    def add_ticket(self, ticket_id: int, summary: str, *, description: str | None = None, **refs: str) -> None:
        """``refs``: board, status, type, subType, item, priority, company, contact names."""
        ticket: dict[str, Any] = {"id": ticket_id, "summary": summary, "recordType": "ServiceTicket"}
        for name, value in refs.items():
            ticket[name] = {"id": len(value), "name": value, "_info": {}}
        if "company" in refs:
            ticket["company"]["identifier"] = refs["company"].replace(" ", "")
        self.tickets[ticket_id] = ticket
        self.notes[ticket_id] = []
        if description is not None:
            self._store_note(ticket_id, {"text": description, "detailDescriptionFlag": True})

    def _store_note(self, ticket_id: int, body: dict[str, Any]) -> dict[str, Any]:
        note_id = 1000 + sum(len(n) for n in self.notes.values())
        note = {"id": note_id, "ticketId": ticket_id, "text": body["text"], "dateCreated": "2026-01-01T00:00:00Z"}
        for flag in FLAGS:
            note[flag] = bool(body.get(flag, False))
        self.notes[ticket_id].append(note)
        return note

    def posted_notes(self, ticket_id: int) -> list[dict[str, Any]]:
        return [n for n in self.notes.get(ticket_id, []) if not n["detailDescriptionFlag"]]

    # ── protocol ──
    def add_routes(self, router: web.UrlDispatcher) -> None:
        base = f"/{CODEBASE}/apis/3.0/service/tickets/{{id}}"
        router.add_get(base, self.get_ticket)
        router.add_patch(base, self.patch_ticket)
        router.add_get(base + "/notes", self.list_notes)
        router.add_post(base + "/notes", self.add_note)

    def check_auth(self, request: web.Request) -> web.Response | None:
        auth = request.headers.get("Authorization", "")
        if not auth.startswith("Basic ") or "clientId" not in request.headers:
            raise Violation("Basic Authorization and clientId headers are required on every call")
        try:
            login = base64.b64decode(auth[6:], validate=True).decode()
        except ValueError:
            raise Violation("Authorization is not valid base64") from None
        expect("+" in login.split(":", 1)[0], "Basic login must be company+publicKey")
        accept = request.headers.get("Accept", "")
        expect(
            accept.startswith(("application/json", "application/vnd.connectwise.com+json")), f"bad Accept {accept!r}"
        )
        wanted = f"{self.company}+{self.public_key}:{self.private_key}"
        if self.reject_credentials or login != wanted or request.headers["clientId"] != self.client_id:
            return self.json({"code": "Unauthorized", "message": "Unauthorized"}, status=401)
        return None

    def _ticket(self, request: web.Request) -> int | web.Response:
        raw = request.match_info["id"]
        expect(raw.isdigit(), f"ticket id must be an integer, got {raw!r}")
        if int(raw) not in self.tickets:
            return self.json({"code": "NotFound", "message": f"Ticket ID {raw} not found"}, status=404)
        return int(raw)

    async def get_ticket(self, request: web.Request) -> web.Response:
        expect_query(request, {"fields"})
        ticket_id = self._ticket(request)
        return ticket_id if isinstance(ticket_id, web.Response) else self.json(self.tickets[ticket_id])

    async def list_notes(self, request: web.Request) -> web.Response:
        expect_query(request, {"conditions", "orderBy", "page", "pageSize", "fields"})
        ticket_id = self._ticket(request)
        if isinstance(ticket_id, web.Response):
            return ticket_id
        notes = list(self.notes[ticket_id])
        conditions = request.query.get("conditions")
        if conditions is not None:
            expect(conditions == "detailDescriptionFlag = true", f"unsupported conditions {conditions!r}")
            notes = [n for n in notes if n["detailDescriptionFlag"]]
        order = request.query.get("orderBy", "id asc")
        expect(order in ("id asc", "id desc"), f"unsupported orderBy {order!r}")
        notes.sort(key=lambda n: n["id"], reverse=order == "id desc")
        page, size = request.query.get("page", "1"), request.query.get("pageSize", "25")
        expect(page.isdigit() and int(page) >= 1, "page must be a positive integer")
        expect(size.isdigit() and 1 <= int(size) <= 1000, "pageSize must be 1..1000")
        start = (int(page) - 1) * int(size)
        return self.json(notes[start : start + int(size)])

    async def add_note(self, request: web.Request) -> web.Response:
        expect(
            request.content_type == "application/json",
            f"Content-Type must be application/json, got {request.content_type}",
        )
        ticket_id = self._ticket(request)
        if isinstance(ticket_id, web.Response):
            return ticket_id
        body = expect_keys(request[BODY], required={"text"}, allowed=NOTE_FIELDS, where="ServiceNote")
        expect_type(body, "text", str, "ServiceNote")
        for flag in FLAGS:
            expect_type(body, flag, bool, "ServiceNote")
        expect(any(body.get(flag) for flag in FLAGS), "at least one of detail/internal/resolution flags must be true")
        return self.json(self._store_note(ticket_id, body), status=201)

    async def patch_ticket(self, request: web.Request) -> web.Response:
        ticket_id = self._ticket(request)
        if isinstance(ticket_id, web.Response):
            return ticket_id
        ops = request[BODY]
        expect(isinstance(ops, list) and ops, "PATCH body must be a JSON-Patch array")
        for op in ops:
            expect_keys(op, required={"op", "path", "value"}, allowed=set(), where="patch operation")
            expect(op["op"] in ("replace", "add"), f"unsupported op {op['op']!r}")
            expect(op["path"].lstrip("/") == "status", f"this fake only patches status, not {op['path']!r}")
            value = op["value"]
            expect(isinstance(value, dict) and ("name" in value or "id" in value), "status must be {id} or {name}")
            self.tickets[ticket_id]["status"] = {"id": value.get("id", 0), "name": value.get("name")}
        return self.json(self.tickets[ticket_id])
