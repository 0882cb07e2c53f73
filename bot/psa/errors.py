"""Typed PSA failures. Each message is something a technician can act on and never holds a secret."""

from __future__ import annotations


class PSAError(Exception):
    """Any PSA failure; ``str(exc)`` is safe to show in Slack and to log."""

    # The vendor's own error text (first message of its error body), for clients that react to one refusal.
    vendor_detail: str = ""


class TicketNotFound(PSAError):
    pass


class PSAAuthError(PSAError):
    """The PSA rejected walkbot's credentials (401/403): an administrator must fix configuration."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class PSAUnavailable(PSAError):
    """Unreachable, timed out or 5xx: worth retrying later."""


class PSARateLimited(PSAError):
    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after
