"""The Claude integration: settings, and one client that makes the two kinds of paid call.

``NodeBuilderClient`` is the only code that talks to the Anthropic API. It sends one
request per call (``max_retries=0``: retrying is the technician's choice on the card,
so a rate limit never silently doubles the bill), maps SDK errors to ``AIUnavailable``
with a message a technician can act on, and returns token usage with every answer.
Tests point ``base_url`` at ``tests.fakes.anthropic.FakeAnthropic``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import anthropic

from bot.ai.errors import AIInvalidOutput, AIUnavailable
from bot.ai.prompts import CLASSIFY_TOOL_NAME, NODE_TOOL_NAME, BuildContext, classify_request, node_request
from bot.config.claude import ClaudeSettings

__all__ = [
    "AIInvalidOutput",
    "AIUnavailable",
    "ClassifyReply",
    "ClaudeClient",
    "ClaudeSettings",
    "ModelReply",
    "NodeBuilderClient",
    "USAGE_KEYS",
    "add_usage",
]

USAGE_KEYS: tuple[str, ...] = (
    "input_tokens",
    "output_tokens",
    "cache_read_input_tokens",
    "cache_creation_input_tokens",
)


def add_usage(*usages: Mapping[str, Any] | None) -> dict[str, int]:
    """Sum token counts key by key (how a session's ``ai_usage`` grows call after call)."""
    total = dict.fromkeys(USAGE_KEYS, 0)
    for usage in usages:
        for key, value in (usage or {}).items():
            if isinstance(value, int):
                total[key] = total.get(key, 0) + value
    return total


@dataclass(frozen=True)
class ModelReply:
    """Claude's answer to a next-step request: the tool input (None when it did not call the tool) and usage."""

    tool_input: dict[str, Any] | None
    usage: dict[str, int] = field(default_factory=dict)
    stop_reason: str | None = None
    model: str | None = None


@dataclass(frozen=True)
class ClassifyReply:
    """The category key Claude chose (unchecked: the caller validates it against the allowlist) and usage."""

    category: str | None
    usage: dict[str, int] = field(default_factory=dict)


def _usage(message: Any) -> dict[str, int]:
    usage = getattr(message, "usage", None)
    return {key: int(getattr(usage, key, None) or 0) for key in USAGE_KEYS}


def _tool_input(message: Any, tool_name: str) -> dict[str, Any] | None:
    for block in getattr(message, "content", None) or ():
        if getattr(block, "type", None) == "tool_use" and getattr(block, "name", None) == tool_name:
            data = getattr(block, "input", None)
            return dict(data) if isinstance(data, dict) else None
    return None


def _unavailable(error: anthropic.APIError, timeout_seconds: float) -> AIUnavailable:
    """Turn an SDK error into words for the card. Never includes the key or the request."""
    if isinstance(error, anthropic.APITimeoutError):
        return AIUnavailable(
            f"Claude did not answer within {timeout_seconds:g} seconds. Try again, or continue ad-hoc.",
            True,
            kind="timeout",
        )
    if isinstance(error, anthropic.APIConnectionError):
        return AIUnavailable(
            "Could not reach Claude (network error). Try again, or continue ad-hoc.", True, kind="network"
        )
    status = getattr(error, "status_code", None)
    if isinstance(error, anthropic.RateLimitError):
        retry_after = error.response.headers.get("retry-after") if error.response is not None else None
        wait = f" in {retry_after} seconds" if retry_after and retry_after.isdigit() else " in a minute"
        return AIUnavailable(
            f"Claude is rate limited right now. Try again{wait}, or continue ad-hoc.",
            True,
            kind="rate_limited",
            status=status,
        )
    if isinstance(error, anthropic.AuthenticationError | anthropic.PermissionDeniedError):
        return AIUnavailable(
            "Claude rejected the API key. Ask an admin to check ANTHROPIC_API_KEY; continue ad-hoc for now.",
            False,
            kind="auth",
            status=status,
        )
    if isinstance(error, anthropic.OverloadedError) or status in (503, 529):
        return AIUnavailable(
            "Claude is overloaded right now. Try again in a minute, or continue ad-hoc.",
            True,
            kind="overloaded",
            status=status,
        )
    if isinstance(status, int) and status >= 500:
        return AIUnavailable(
            f"Claude had a server error ({status}). Try again, or continue ad-hoc.", True, kind="server", status=status
        )
    return AIUnavailable(
        f"Claude refused the request ({status or 'error'}). Continue ad-hoc and tell an admin.",
        False,
        kind="bad_request",
        status=status,
    )


class ClaudeClient(Protocol):
    """What walkbot asks of Claude: the settings it runs with, and the two kinds of paid call."""

    settings: ClaudeSettings

    async def propose_node(self, context: BuildContext) -> ModelReply: ...

    async def classify(self, ticket_text: str, categories: Sequence[str]) -> ClassifyReply: ...

    async def close(self) -> None: ...


class NodeBuilderClient:
    """One paid call per method call: ``propose_node`` (main model) and ``classify`` (fast model)."""

    def __init__(self, settings: ClaudeSettings) -> None:
        self.settings = settings
        self._client = anthropic.AsyncAnthropic(
            api_key=settings.api_key,
            base_url=settings.base_url,
            timeout=settings.timeout_seconds,
            max_retries=0,
        )

    async def _create(self, request: dict[str, Any]) -> Any:
        try:
            return await self._client.messages.create(**request)
        except anthropic.APIError as error:
            raise _unavailable(error, self.settings.timeout_seconds) from error

    async def propose_node(self, context: BuildContext) -> ModelReply:
        message = await self._create(node_request(self.settings.model, self.settings.max_tokens, context))
        return ModelReply(
            tool_input=_tool_input(message, NODE_TOOL_NAME),
            usage=_usage(message),
            stop_reason=getattr(message, "stop_reason", None),
            model=getattr(message, "model", None),
        )

    async def classify(self, ticket_text: str, categories: Sequence[str]) -> ClassifyReply:
        message = await self._create(classify_request(self.settings.fast_model, ticket_text, categories))
        data = _tool_input(message, CLASSIFY_TOOL_NAME) or {}
        category = data.get("category")
        return ClassifyReply(category=category if isinstance(category, str) else None, usage=_usage(message))

    async def close(self) -> None:
        await self._client.close()
