"""A local fake of the Anthropic Messages API (``POST /v1/messages``), spoken to by the real SDK.

It checks what the real API checks (``x-api-key``, ``anthropic-version``, a JSON body
with ``model``, ``max_tokens`` and ``messages``, a forced tool that exists, at most four
``cache_control`` marks), answers from a queue of scripted replies, and records every
request body in ``requests``. Usage looks like the real thing: the first request with
a given cached prefix reports ``cache_creation_input_tokens``, later ones
``cache_read_input_tokens``.

    async with FakeAnthropic() as fake:
        fake.reply_tool_use({"node_type": "resolve", ...})
        client = NodeBuilderClient(ClaudeSettings(api_key=fake.api_key, base_url=fake.base_url))
"""

from __future__ import annotations

import asyncio
import json
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

API_VERSION = "2023-06-01"


@dataclass
class Scripted:
    status: int = 200
    content: list[dict[str, Any]] | None = None  # None: build a tool_use block from ``tool_input``
    tool_input: dict[str, Any] | None = None
    tool_name: str | None = None  # None: the tool the request forced
    error_type: str | None = None
    error_message: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    usage: dict[str, int] | None = None


def _count_cache_marks(body: dict[str, Any]) -> int:
    count = 0

    def walk(value: Any) -> None:
        nonlocal count
        if isinstance(value, dict):
            if "cache_control" in value:
                count += 1
            for item in value.values():
                walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    walk(body.get("system"))
    walk(body.get("tools"))
    walk(body.get("messages"))
    return count


def _tokens(value: Any) -> int:
    return max(1, len(json.dumps(value)) // 4) if value else 0


class FakeAnthropic:
    def __init__(self, api_key: str = "sk-ant-fake-key") -> None:
        self.api_key = api_key
        self.requests: list[dict[str, Any]] = []  # every accepted request body, in arrival order
        self.headers: list[dict[str, str]] = []
        self.rejected: list[str] = []  # why requests were answered 400/401 before any script ran
        self._script: deque[Scripted] = deque()
        self._cached_prefixes: set[str] = set()
        self._runner: web.AppRunner | None = None
        self._counter = 0
        self.base_url = ""

    # ── lifecycle ──
    async def start(self) -> FakeAnthropic:
        app = web.Application()
        app.router.add_post("/v1/messages", self._messages)
        self._runner = web.AppRunner(app, shutdown_timeout=0.1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self

    async def close(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None

    async def __aenter__(self) -> FakeAnthropic:
        return await self.start()

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    # ── scripting ──
    def reply_tool_use(
        self,
        tool_input: dict[str, Any],
        *,
        name: str | None = None,
        usage: dict[str, int] | None = None,
        delay: float = 0.0,
    ) -> None:
        """Answer the next request with one tool_use block (the forced tool unless ``name`` says otherwise)."""
        self._script.append(Scripted(tool_input=tool_input, tool_name=name, usage=usage, delay=delay))

    def reply_text(self, text: str) -> None:
        """Answer with plain text and no tool call (a model ignoring tool_choice)."""
        self._script.append(Scripted(content=[{"type": "text", "text": text}]))

    def fail_rate_limited(self, retry_after: int = 20) -> None:
        self._error(429, "rate_limit_error", "Number of request tokens has exceeded your per-minute rate limit",
                    headers={"retry-after": str(retry_after)})  # fmt: skip

    def fail_server_error(self) -> None:
        self._error(500, "api_error", "Internal server error")

    def fail_overloaded(self) -> None:
        self._error(529, "overloaded_error", "Overloaded")

    def fail_unauthorized(self) -> None:
        self._error(401, "authentication_error", "invalid x-api-key")

    def hang(self, seconds: float) -> None:
        """Take ``seconds`` before answering (longer than the client timeout: the client gives up)."""
        self._script.append(Scripted(delay=seconds, tool_input={}))

    def _error(self, status: int, error_type: str, message: str, headers: dict[str, str] | None = None) -> None:
        self._script.append(
            Scripted(status=status, error_type=error_type, error_message=message, headers=dict(headers or {}))
        )

    @property
    def pending(self) -> int:
        """Scripted replies not used yet."""
        return len(self._script)

    # ── the endpoint ──
    def _error_response(self, status: int, error_type: str, message: str, headers: dict[str, str] | None = None):
        return web.json_response(
            {"type": "error", "error": {"type": error_type, "message": message}},
            status=status,
            headers={"request-id": f"req_fake_{self._counter}", **(headers or {})},
        )

    def _invalid(self, body: Any) -> str | None:
        if not isinstance(body, dict):
            return "body must be a JSON object"
        if not isinstance(body.get("model"), str) or not body["model"]:
            return "model: field required"
        if not isinstance(body.get("max_tokens"), int) or body["max_tokens"] < 1:
            return "max_tokens: field required"
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            return "messages: at least one message is required"
        for message in messages:
            if (
                not isinstance(message, dict)
                or message.get("role") not in ("user", "assistant")
                or not message.get("content")
            ):
                return "messages: each message needs a role and content"
        tools = body.get("tools") or []
        names = {t.get("name") for t in tools if isinstance(t, dict)}
        if any(not isinstance(t, dict) or "input_schema" not in t for t in tools):
            return "tools: each tool needs a name and an input_schema"
        choice = body.get("tool_choice")
        if isinstance(choice, dict) and choice.get("type") == "tool" and choice.get("name") not in names:
            return f"tool_choice: tool {choice.get('name')!r} not found in tools"
        if _count_cache_marks(body) > 4:
            return "A maximum of 4 blocks with cache_control may be provided"
        return None

    async def _messages(self, request: web.Request) -> web.StreamResponse:
        self._counter += 1
        if request.headers.get("x-api-key") != self.api_key:
            self.rejected.append("bad api key")
            return self._error_response(401, "authentication_error", "invalid x-api-key")
        if not request.headers.get("anthropic-version"):
            self.rejected.append("missing anthropic-version")
            return self._error_response(400, "invalid_request_error", "anthropic-version: header is required")
        try:
            body = await request.json()
        except json.JSONDecodeError:
            body = None
        problem = self._invalid(body)
        if problem:
            self.rejected.append(problem)
            return self._error_response(400, "invalid_request_error", problem)
        self.requests.append(body)
        self.headers.append(dict(request.headers))
        if not self._script:
            return self._error_response(500, "api_error", "FakeAnthropic: no scripted reply left for this request")
        scripted = self._script.popleft()
        if scripted.delay:
            await asyncio.sleep(scripted.delay)
        if scripted.error_type:
            return self._error_response(
                scripted.status, scripted.error_type, scripted.error_message, headers=scripted.headers
            )
        return web.json_response(self._message(body, scripted), headers={"request-id": f"req_fake_{self._counter}"})

    def _message(self, body: dict[str, Any], scripted: Scripted) -> dict[str, Any]:
        if scripted.content is not None:
            content, stop_reason = scripted.content, "end_turn"
        else:
            forced = (body.get("tool_choice") or {}).get("name")
            content = [
                {
                    "type": "tool_use",
                    "id": f"toolu_fake_{self._counter:04d}",
                    "name": scripted.tool_name or forced or "tool",
                    "input": scripted.tool_input or {},
                }
            ]
            stop_reason = "tool_use"
        return {
            "id": f"msg_fake_{self._counter:04d}",
            "type": "message",
            "role": "assistant",
            "model": body["model"],
            "content": content,
            "stop_reason": stop_reason,
            "stop_sequence": None,
            "usage": scripted.usage or self._usage(body, content),
        }

    def _usage(self, body: dict[str, Any], content: list[dict[str, Any]]) -> dict[str, int]:
        """Real-looking counts: the cache-marked prefix (tools, system) is created once, then read."""
        prefix = {"tools": body.get("tools"), "system": body.get("system")}
        prefix_tokens = _tokens(prefix) if _count_cache_marks(prefix) else 0
        key = json.dumps(prefix, sort_keys=True)
        created = read = 0
        if prefix_tokens:
            if key in self._cached_prefixes:
                read = prefix_tokens
            else:
                created = prefix_tokens
                self._cached_prefixes.add(key)
        uncached = _tokens(body.get("messages")) + (0 if prefix_tokens else _tokens(prefix))
        return {
            "input_tokens": uncached,
            "output_tokens": _tokens(content),
            "cache_creation_input_tokens": created,
            "cache_read_input_tokens": read,
        }
