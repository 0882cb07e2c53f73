"""A fake ConnectWise Manage REST 3.0 API: tickets and ticket notes, strict about what it accepts."""

from __future__ import annotations

import base64
import re
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
EMAIL_FLAGS = (
    "emailContactFlag",
    "emailResourceFlag",
    "emailCcFlag",
    "addToDetailDescriptionFlag",
    "addToInternalAnalysisFlag",
    "addToResolutionFlag",
)
TIME_FIELDS = {
    "chargeToType",
    "chargeToId",
    "member",
    "timeStart",
    "timeEnd",
    "notes",
    "workType",
    "billableOption",
    "agreement",
    "actualHours",
    *EMAIL_FLAGS,
}
CONDITION = re.compile(r'(\w+) = ("(?:[^"\\]|\\.)*"|\d+|true|false)')
TIME = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
NOTE_MAX = 32000  # what walkbot caps a note at; the fake refuses anything longer


@dataclass
class FakeConnectWise(FakePSA):
    company: str = "acme"
    public_key: str = "pubkey"
    private_key: str = "privkey"
    client_id: str = "11111111-2222-3333-4444-555555555555"
    content_type: str = VENDOR_JSON
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    notes: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    # Members by id: {"id", "identifier", "primaryEmail", "inactiveFlag"}; the API user is "walkbot".
    members: dict[int, dict[str, Any]] = field(default_factory=dict)
    # Boards by id: {"id", "name", "statuses": {status id: name}}; a ticket's status must be one of its board's.
    boards: dict[int, dict[str, Any]] = field(
        default_factory=lambda: {
            1: {
                "id": 1,
                "name": "Help Desk",
                "statuses": {11: "New", 12: "Escalated", 13: "In Progress", 14: "Completed"},
            },
            2: {"id": 2, "name": "Projects", "statuses": {21: "New", 24: "Completed"}},
        }
    )
    work_types: set[str] = field(default_factory=lambda: {"Remote Support", "Onsite"})
    agreements: set[int] = field(default_factory=lambda: {501})
    time_entries: list[dict[str, Any]] = field(default_factory=list)
    customer_emails: list[str] = field(default_factory=list)  # what a notifying board would have mailed

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
        board = self._board_named(refs.get("board") or "Help Desk")
        ticket["board"] = {"id": board["id"], "name": board["name"]}
        if "status" in refs:
            status_id = next((i for i, n in board["statuses"].items() if n == refs["status"]), 0)
            ticket["status"] = {"id": status_id, "name": refs["status"]}
        if "company" in refs:
            ticket["company"]["identifier"] = refs["company"].replace(" ", "")
        self.tickets[ticket_id] = ticket
        self.notes[ticket_id] = []
        if description is not None:
            self._store_note(
                ticket_id, {"text": description, "detailDescriptionFlag": True, "processNotifications": False}
            )

    def _board_named(self, name: str) -> dict[str, Any]:
        """The board of that name; a board a test names that the fake lacks gets the Help Desk statuses."""
        for board in self.boards.values():
            if board["name"] == name:
                return board
        board_id = max(self.boards, default=0) + 1
        self.boards[board_id] = {"id": board_id, "name": name, "statuses": dict(self.boards[1]["statuses"])}
        return self.boards[board_id]

    def _store_note(self, ticket_id: int, body: dict[str, Any]) -> dict[str, Any]:
        note_id = 1000 + sum(len(n) for n in self.notes.values())
        note = {"id": note_id, "ticketId": ticket_id, "text": body["text"], "dateCreated": "2026-01-01T00:00:00Z"}
        for flag in FLAGS:
            note[flag] = bool(body.get(flag, False))
        member = self.members.get((body.get("member") or {}).get("id"))
        note["member"] = {"id": member["id"], "identifier": member["identifier"]} if member else None
        note["createdBy"] = member["identifier"] if member else "walkbot"
        note["processNotifications"] = body.get("processNotifications", True)  # CW's default: notify
        if note["processNotifications"]:
            self.customer_emails.append(body["text"])  # a board that emails contacts on notes would send this
        self.notes[ticket_id].append(note)
        return note

    def posted_notes(self, ticket_id: int) -> list[dict[str, Any]]:
        return [n for n in self.notes.get(ticket_id, []) if not n["detailDescriptionFlag"]]

    # ── protocol ──
    def add_routes(self, router: web.UrlDispatcher) -> None:
        api = f"/{CODEBASE}/apis/3.0"
        base = f"{api}/service/tickets/{{id}}"
        router.add_get(base, self.get_ticket)
        router.add_patch(base, self.patch_ticket)
        router.add_get(base + "/notes", self.list_notes)
        router.add_post(base + "/notes", self.add_note)
        router.add_get(api + "/system/members", self.list_members)
        router.add_get(api + "/service/boards", self.list_boards)
        router.add_get(api + "/service/boards/{id}/statuses", self.list_board_statuses)
        router.add_get(api + "/time/entries", self.list_time_entries)
        router.add_post(api + "/time/entries", self.add_time_entry)

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
        expect_type(body, "processNotifications", bool, "ServiceNote")
        expect(any(body.get(flag) for flag in FLAGS), "at least one of detail/internal/resolution flags must be true")
        expect(len(body["text"]) <= NOTE_MAX, f"text is longer than {NOTE_MAX}")
        if "member" in body:
            member = body["member"]
            expect(isinstance(member, dict) and isinstance(member.get("id"), int), "member must be {id: int}")
            if member["id"] not in self.members or self.members[member["id"]].get("inactiveFlag"):
                return self.json({"code": "InvalidObject", "message": f"member {member['id']} not found"}, status=400)
        return self.json(self._store_note(ticket_id, body), status=201)

    async def patch_ticket(self, request: web.Request) -> web.Response:
        ticket_id = self._ticket(request)
        if isinstance(ticket_id, web.Response):
            return ticket_id
        ops = request[BODY]
        expect(isinstance(ops, list) and ops, "PATCH body must be a JSON-Patch array")
        ticket = self.tickets[ticket_id]
        changes: dict[str, Any] = {}
        for op in ops:
            expect_keys(op, required={"op", "path", "value"}, allowed=set(), where="patch operation")
            expect(op["op"] in ("replace", "add"), f"unsupported op {op['op']!r}")
            path, value = op["path"].lstrip("/"), op["value"]
            expect(path in ("status", "owner"), f"this fake only patches status and owner, not {op['path']!r}")
            expect(isinstance(value, dict) and ("name" in value or "id" in value), f"{path} must be {{id}} or {{name}}")
            if path == "status":
                statuses = self.boards[ticket["board"]["id"]]["statuses"]
                found = [i for i, n in statuses.items() if i == value.get("id") or n == value.get("name")]
                if not found:
                    # What ConnectWise answers for a status of another board (or none).
                    return self.json(
                        {"code": "InvalidObject", "message": "Status not found on the ticket's board"}, status=400
                    )
                changes["status"] = {"id": found[0], "name": statuses[found[0]]}
            else:
                member = self.members.get(value.get("id"))
                if member is None or member.get("inactiveFlag"):
                    return self.json({"code": "InvalidObject", "message": "Owner member not found"}, status=400)
                changes["owner"] = {"id": member["id"], "identifier": member["identifier"]}
        ticket.update(changes)
        return self.json(ticket)

    # ── members, boards, time ──
    @staticmethod
    def _conditions(request: web.Request) -> dict[str, Any]:
        """The ``a = "x" and b = 3 and c = false`` subset of ConnectWise conditions that walkbot sends."""
        raw = request.query.get("conditions")
        if raw is None:
            return {}
        wanted: dict[str, Any] = {}
        for part in raw.split(" and "):
            match = CONDITION.fullmatch(part.strip())
            expect(match is not None, f"unsupported conditions {raw!r}")
            name, value = match.group(1), match.group(2)
            if value.startswith('"'):
                wanted[name] = value[1:-1].replace('\\"', '"')
            elif value in ("true", "false"):
                wanted[name] = value == "true"
            else:
                wanted[name] = int(value)
        return wanted

    async def list_members(self, request: web.Request) -> web.Response:
        expect_query(request, {"conditions", "fields", "page", "pageSize"})
        wanted = self._conditions(request)
        expect(set(wanted) <= {"primaryEmail", "inactiveFlag", "identifier"}, f"unsupported member conditions {wanted}")
        found = [
            m
            for m in self.members.values()
            if all(
                (m.get(k, False) if k == "inactiveFlag" else m.get(k)) == v
                if k != "primaryEmail"
                else (m.get(k) or "").lower() == v.lower()
                for k, v in wanted.items()
            )
        ]
        return self.json([{"id": m["id"], "identifier": m["identifier"]} for m in found])

    async def list_boards(self, request: web.Request) -> web.Response:
        expect_query(request, {"conditions", "fields", "page", "pageSize"})
        return self.json([{"id": b["id"], "name": b["name"]} for b in self.boards.values()])

    async def list_board_statuses(self, request: web.Request) -> web.Response:
        expect_query(request, {"conditions", "fields", "page", "pageSize"})
        raw = request.match_info["id"]
        expect(raw.isdigit(), f"board id must be an integer, got {raw!r}")
        board = self.boards.get(int(raw))
        if board is None:
            return self.json({"code": "NotFound", "message": f"Board {raw} not found"}, status=404)
        wanted = self._conditions(request)
        expect(set(wanted) <= {"name"}, f"unsupported status conditions {wanted}")
        statuses = [{"id": i, "name": n} for i, n in board["statuses"].items()]
        return self.json([s for s in statuses if "name" not in wanted or s["name"] == wanted["name"]])

    async def list_time_entries(self, request: web.Request) -> web.Response:
        expect_query(request, {"conditions", "fields", "orderBy", "page", "pageSize"})
        wanted = self._conditions(request)
        expect(set(wanted) <= {"chargeToType", "chargeToId"}, f"unsupported time entry conditions {wanted}")
        entries = [e for e in self.time_entries if all(e.get(k) == v for k, v in wanted.items())]
        return self.json(sorted(entries, key=lambda e: e["id"], reverse=request.query.get("orderBy") == "id desc"))

    async def add_time_entry(self, request: web.Request) -> web.Response:
        expect(request.content_type == "application/json", "Content-Type must be application/json")
        body = expect_keys(
            request[BODY], required={"chargeToType", "chargeToId", "timeStart"}, allowed=TIME_FIELDS, where="TimeEntry"
        )
        expect(body["chargeToType"] in ("ServiceTicket", "ProjectTicket", "ChargeCode", "Activity"), "bad chargeToType")
        expect_type(body, "chargeToId", int, "TimeEntry")
        for name in ("timeStart", "timeEnd"):
            expect(
                name not in body or TIME.fullmatch(str(body[name])) is not None, f"{name} must be yyyy-MM-ddTHH:mm:ssZ"
            )
        for flag in EMAIL_FLAGS:
            expect_type(body, flag, bool, "TimeEntry")
        if body.get("billableOption") is not None:
            expect(body["billableOption"] in ("Billable", "DoNotBill", "NoCharge", "NoDefault"), "bad billableOption")
        if body["chargeToId"] not in self.tickets:
            return self.json({"code": "InvalidObject", "message": "chargeToId is not a ticket"}, status=400)
        member = (body.get("member") or {}).get("id")
        if member is not None and member not in self.members:
            return self.json({"code": "InvalidObject", "message": f"member {member} not found"}, status=400)
        work_type = (body.get("workType") or {}).get("name")
        if work_type is not None and work_type not in self.work_types:
            return self.json({"code": "InvalidObject", "message": f"work type {work_type!r} not found"}, status=400)
        agreement = (body.get("agreement") or {}).get("id")
        if agreement is not None and agreement not in self.agreements:
            return self.json({"code": "InvalidObject", "message": f"agreement {agreement} not found"}, status=400)
        entry = {"id": 9000 + len(self.time_entries), **body, "member": {"id": member} if member else None}
        self.time_entries.append(entry)
        if body.get("addToDetailDescriptionFlag", True) is not False:
            self._store_note(body["chargeToId"], {"text": body.get("notes", ""), "detailDescriptionFlag": True})
        return self.json(entry, status=201)
