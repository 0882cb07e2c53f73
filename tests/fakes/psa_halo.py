"""A fake HaloPSA: OAuth2 client-credentials token endpoint, tickets and actions, strict about what it accepts."""

from __future__ import annotations

import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from tests.fakes.psa_base import BODY, FakePSA, expect, expect_keys, expect_query, expect_type

ACTION_FIELDS = {
    "ticket_id",
    "note",
    "outcome",
    "hiddenfromuser",
    "outcome_id",
    "timetaken",
    "note_html",
    "sendemail",
    "actionby_agent_id",
    "actisbillable",
    "agent_id",
}
NOTE_MAX = 32000


@dataclass
class FakeHalo(FakePSA):
    client_id: str = "walkbot-client"
    client_secret: str = "halo-secret"
    tenant: str | None = "acme"
    token_lifetime: int = 3600
    tickets: dict[int, dict[str, Any]] = field(default_factory=dict)
    actions: list[dict[str, Any]] = field(default_factory=list)
    tokens: dict[str, float] = field(default_factory=dict)  # token -> expiry (monotonic)
    # Agents by id: {"id", "name", "email", "inactive"}; the API application acts as agent 1 ("API").
    agents: dict[int, dict[str, Any]] = field(default_factory=dict)
    statuses: dict[int, str] = field(
        default_factory=lambda: {1: "New", 2: "In Progress", 4: "Escalated", 9: "Resolved"}
    )

    def env(self, **overrides: str) -> dict[str, str]:
        values = {
            "PSA_KIND": "halo",
            "HALO_BASE_URL": self.url,
            "HALO_CLIENT_ID": self.client_id,
            "HALO_CLIENT_SECRET": self.client_secret,
            "HALO_OUTCOME": "Private Note",
        }
        if self.tenant:
            values["HALO_TENANT"] = self.tenant
        values.update(overrides)
        return values

    def add_ticket(self, ticket_id: int, summary: str, **fields: Any) -> None:
        self.tickets[ticket_id] = {"id": ticket_id, "summary": summary, **fields}

    def actions_on(self, ticket_id: int) -> list[dict[str, Any]]:
        return [a for a in self.actions if a["ticket_id"] == ticket_id]

    @property
    def token_requests(self) -> int:
        return len(self.requests_to("POST", "/auth/token"))

    def revoke_tokens(self) -> None:
        self.tokens.clear()

    # ── protocol ──
    def add_routes(self, router: web.UrlDispatcher) -> None:
        router.add_post("/auth/token", self.token)
        router.add_get("/api/Tickets/{id}", self.get_ticket)
        router.add_post("/api/Tickets", self.update_tickets)
        router.add_post("/api/Actions", self.add_actions)
        router.add_get("/api/Actions", self.list_actions)
        router.add_get("/api/Agent", self.list_agents)
        router.add_get("/api/Status", self.list_statuses)

    def check_auth(self, request: web.Request) -> web.Response | None:
        if request.path == "/auth/token":
            return None
        auth = request.headers.get("Authorization", "")
        expect(auth.startswith("Bearer "), "API calls need Authorization: Bearer <token>")
        expiry = self.tokens.get(auth[7:])
        if self.reject_credentials or expiry is None or expiry < time.monotonic():
            return self.json({"message": "Unauthorized"}, status=401)
        return None

    async def token(self, request: web.Request) -> web.Response:
        expect(request.content_type == "application/x-www-form-urlencoded", "the token request must be form-encoded")
        expect_query(request, {"tenant"})
        if self.tenant:
            expect(request.query.get("tenant") == self.tenant, "hosted tenants must pass ?tenant=")
        form = expect_keys(
            request[BODY], required={"grant_type", "client_id", "client_secret"}, allowed={"scope"}, where="token"
        )
        expect(form["grant_type"] == "client_credentials", "grant_type must be client_credentials")
        if (form["client_id"], form["client_secret"]) != (self.client_id, self.client_secret):
            return self.json({"error": "invalid_client"}, status=400)
        token = f"tok-{uuid.uuid4().hex[:12]}"
        self.tokens[token] = time.monotonic() + self.token_lifetime
        return self.json({"access_token": token, "token_type": "Bearer", "expires_in": self.token_lifetime})

    async def get_ticket(self, request: web.Request) -> web.Response:
        expect_query(request, {"includedetails", "includelastaction"})
        raw = request.match_info["id"]
        expect(raw.isdigit(), f"ticket id must be an integer, got {raw!r}")
        ticket = self.tickets.get(int(raw))
        if ticket is None:
            return self.json({"message": f"Ticket {raw} not found"}, status=404)
        return self.json(ticket)

    async def add_actions(self, request: web.Request) -> web.Response:
        expect(request.content_type == "application/json", "Content-Type must be application/json")
        body = request[BODY]
        expect(isinstance(body, list) and body, "POST /api/Actions takes a JSON array of actions")
        created = []
        for action in body:
            expect_keys(action, required={"ticket_id", "outcome"}, allowed=ACTION_FIELDS, where="Action")
            expect("note" in action or "note_html" in action, "Action: note or note_html is required")
            for name, kind in (
                ("ticket_id", int),
                ("note", str),
                ("note_html", str),
                ("outcome", str),
                ("hiddenfromuser", bool),
                ("sendemail", bool),
                ("actionby_agent_id", int),
                ("actisbillable", bool),
            ):
                expect_type(action, name, kind, "Action")
            expect(
                isinstance(action.get("timetaken", 0), int | float) and action.get("timetaken", 0) >= 0,
                "timetaken must be a number of hours",
            )
            for name in ("note", "note_html"):
                expect(len(action.get(name) or "") <= NOTE_MAX, f"{name} is longer than {NOTE_MAX}")
            if action["ticket_id"] not in self.tickets:
                return self.json({"message": f"Ticket {action['ticket_id']} not found"}, status=404)
            author = action.get("actionby_agent_id")
            if author is not None and (author not in self.agents or self.agents[author].get("inactive")):
                return self.json({"message": f"Agent {author} not found"}, status=400)
            if "agent_id" in action:  # what a careless client sends: Halo moves the ticket to that agent
                self.tickets[action["ticket_id"]]["agent_id"] = action["agent_id"]
            stored = {"id": 700 + len(self.actions), "who_agentid": author or 1, **action}
            self.actions.append(stored)
            created.append(stored)
        return self.json(created[0] if len(created) == 1 else created, status=201)

    async def list_actions(self, request: web.Request) -> web.Response:
        expect_query(request, {"ticket_id", "excludesys", "count", "agentonly"})
        raw = request.query.get("ticket_id", "")
        expect(raw.isdigit(), "GET /api/Actions needs ticket_id")
        actions = self.actions_on(int(raw))
        return self.json({"record_count": len(actions), "actions": actions})

    async def update_tickets(self, request: web.Request) -> web.Response:
        body = request[BODY]
        expect(isinstance(body, list) and body, "POST /api/Tickets takes a JSON array")
        for ticket in body:
            allowed = {"status_id", "priority_id", "team", "agent_id"}
            expect_keys(ticket, required={"id"}, allowed=allowed, where="Ticket")
            for name in ("id", "status_id", "agent_id"):
                expect_type(ticket, name, int, "Ticket")
            if "status_id" in ticket and ticket["status_id"] not in self.statuses:
                return self.json({"message": f"Status {ticket['status_id']} not found"}, status=400)
            if "agent_id" in ticket and (ticket["agent_id"] not in self.agents):
                return self.json({"message": f"Agent {ticket['agent_id']} not found"}, status=400)
            self.tickets[ticket["id"]].update({k: v for k, v in ticket.items() if k != "id"})
        return self.json(body[0], status=201)

    async def list_agents(self, request: web.Request) -> web.Response:
        expect_query(request, {"search", "includeenabled", "includedisabled", "team_id"})
        search = request.query.get("search", "").lower()
        found = [a for a in self.agents.values() if search in (a.get("name", "") + " " + a.get("email", "")).lower()]
        if request.query.get("includedisabled") != "true":
            found = [a for a in found if not a.get("inactive")]
        return self.json(found)

    async def list_statuses(self, request: web.Request) -> web.Response:
        expect_query(request, {"type", "excludepending", "excludeclosed"})
        return self.json([{"id": i, "name": n} for i, n in self.statuses.items()])
