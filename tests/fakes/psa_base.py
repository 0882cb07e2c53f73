"""What every fake PSA shares: a real HTTP server on 127.0.0.1, a record of every request,
strict checking (anything the vendor would not accept is answered 400 and listed in
``violations``), and switches to fail the way real PSAs fail: 5xx, 429, slow, 401, down.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web


@dataclass
class Recorded:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any  # parsed JSON, a form dict, or None


@dataclass
class Failure:
    status: int
    retry_after: str | None = None
    path_contains: str | None = None


BODY = web.RequestKey("body", object)  # the parsed request body, read once by the middleware


class Violation(Exception):
    pass


@dataclass
class FakePSA:
    content_type: str = "application/json; charset=utf-8"
    requests: list[Recorded] = field(default_factory=list)
    violations: list[str] = field(default_factory=list)
    delay: float = 0.0  # seconds every request waits before answering (timeouts)
    reject_credentials: bool = False  # answer every authenticated call 401
    port: int = 0
    # Hold each POST until this many POSTs have arrived (10 s at most): makes two workers provably overlap.
    hold_posts: int = 0

    def __post_init__(self) -> None:
        self._failures: list[Failure] = []
        self._posts_seen = 0
        self._release = asyncio.Event()
        self._runner: web.AppRunner | None = None
        self._site: web.TCPSite | None = None
        self.app = web.Application(middlewares=[self._middleware])
        self.add_routes(self.app.router)

    # ── lifecycle ──
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakePSA:
        self._runner = web.AppRunner(self.app, handle_signals=False)
        await self._runner.setup()
        await self._listen()
        return self

    async def _listen(self) -> None:
        assert self._runner is not None
        self._site = web.TCPSite(self._runner, "127.0.0.1", self.port)
        await self._site.start()
        self.port = self._site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def go_down(self) -> None:
        """Refuse new connections and drop kept-alive ones, as a PSA in an outage does."""
        assert self._runner is not None and self._site is not None
        await self._site.stop()
        for connection in list(self._runner.server.connections):  # type: ignore[union-attr]
            connection.force_close()
        self._site = None

    async def come_back(self) -> None:
        await self._listen()

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()

    # ── failure switches ──
    def fail_next(self, status: int, *, times: int = 1, retry_after: str | None = None, path: str | None = None):
        self._failures += [Failure(status, retry_after, path)] * times

    # ── helpers for vendor fakes ──
    def add_routes(self, router: web.UrlDispatcher) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def check_auth(self, request: web.Request) -> web.Response | None:
        """None to let the request through; a response (usually 401) to stop it."""
        return None

    def json(self, data: Any, status: int = 200) -> web.Response:
        return web.Response(body=json.dumps(data).encode(), status=status, headers={"Content-Type": self.content_type})

    def requests_to(self, method: str, path_contains: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and path_contains in r.path]

    @web.middleware
    async def _middleware(self, request: web.Request, handler) -> web.StreamResponse:
        raw = await request.read()
        body: Any = None
        if raw:
            if request.content_type == "application/x-www-form-urlencoded":
                body = dict(await request.post())
            else:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw.decode(errors="replace")
        self.requests.append(Recorded(request.method, request.path, dict(request.query), dict(request.headers), body))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.hold_posts and request.method == "POST":
            self._posts_seen += 1
            if self._posts_seen >= self.hold_posts:
                self._release.set()
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._release.wait(), 10)
        for index, failure in enumerate(self._failures):
            if failure.path_contains is None or failure.path_contains in request.path:
                del self._failures[index]
                headers = {"Retry-After": failure.retry_after} if failure.retry_after is not None else {}
                return web.json_response(
                    {"message": f"injected {failure.status}"}, status=failure.status, headers=headers
                )
        try:
            denied = self.check_auth(request)
            if denied is not None:
                return denied
            request[BODY] = body
            return await handler(request)
        except Violation as exc:
            self.violations.append(f"{request.method} {request.path}: {exc}")
            return web.json_response({"message": str(exc)}, status=400)


def expect(condition: bool, message: str) -> None:
    if not condition:
        raise Violation(message)


def expect_keys(body: Any, *, required: set[str], allowed: set[str], where: str) -> dict[str, Any]:
    expect(isinstance(body, dict), f"{where}: body must be a JSON object, got {type(body).__name__}")
    missing = required - body.keys()
    unknown = body.keys() - allowed - required
    expect(not missing, f"{where}: missing {sorted(missing)}")
    expect(not unknown, f"{where}: unknown fields {sorted(unknown)}")
    return body


def expect_type(body: dict[str, Any], name: str, kind: type, where: str) -> None:
    if name not in body:
        return
    value = body[name]
    ok = isinstance(value, kind) and not (kind is int and isinstance(value, bool))
    expect(ok, f"{where}: {name} must be {kind.__name__}, got {type(value).__name__}")


def expect_query(request: web.Request, allowed: set[str]) -> None:
    unknown = set(request.query) - allowed
    expect(not unknown, f"unknown query parameters {sorted(unknown)}")
