"""What can go wrong with a Claude call, in words a technician can act on."""

from __future__ import annotations

from typing import Any


class AIUnavailable(Exception):
    """Claude could not answer (rate limit, timeout, overload, bad key, network).

    ``message`` is shown on the walk card as is; ``retryable`` decides whether the
    card offers "Try again" next to "Continue ad-hoc". ``usage`` holds tokens already
    spent in this build (an earlier attempt), so the session can still record them.
    """

    def __init__(
        self,
        message: str,
        retryable: bool,
        *,
        kind: str = "error",
        status: int | None = None,
        usage: dict[str, int] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.retryable = retryable
        self.kind = kind
        self.status = status
        self.usage: dict[str, int] = dict(usage or {})


class AIInvalidOutput(Exception):
    """Claude answered twice with a step that cannot be shown (wrong shape, too long, bad options).

    The walk offers ad-hoc instead; ``usage`` covers both calls so the cost is recorded.
    """

    def __init__(self, message: str, *, problems: list[str] | None = None, usage: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = list(problems or [])
        self.usage: dict[str, int] = dict(usage or {})
