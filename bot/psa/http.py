"""One place that turns a vendor's HTTP answer into JSON or a typed PSAError.

Every call has a timeout; a short 429 is waited out in the call (the click or the outbox
worker barely notices), a long one becomes PSARateLimited so the outbox backs off instead.
Messages name the vendor and the variable to check, never a credential.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any

import aiohttp

from bot.psa.errors import PSAAuthError, PSAError, PSARateLimited, PSAUnavailable, TicketNotFound

log = logging.getLogger(__name__)

INLINE_RETRY_LIMIT = 5.0  # seconds of Retry-After we are willing to wait inside one call
INLINE_RETRIES = 2


def longest_call_seconds(timeout: float) -> float:
    """The longest one ``VendorHTTP.call`` can take: every try timing out, and the 429 waits between them."""
    return timeout * (INLINE_RETRIES + 1) + INLINE_RETRY_LIMIT * INLINE_RETRIES


class VendorHTTP:
    def __init__(self, http: aiohttp.ClientSession, *, label: str, timeout: float, credentials_hint: str) -> None:
        self.http = http
        self.label = label
        self.timeout = aiohttp.ClientTimeout(total=timeout)
        self.credentials_hint = credentials_hint

    async def call(
        self,
        method: str,
        url: str,
        *,
        headers: Mapping[str, str],
        params: Mapping[str, str] | None = None,
        json_body: Any = None,
        form: Mapping[str, str] | None = None,
        ticket_id: str | None = None,
    ) -> Any:
        """The parsed JSON body (None when empty); raises a PSAError subclass for anything but 2xx."""
        for attempt in range(INLINE_RETRIES + 1):
            try:
                async with self.http.request(
                    method,
                    url,
                    headers=headers,
                    params=params,
                    json=json_body,
                    data=form,
                    timeout=self.timeout,
                    allow_redirects=False,
                ) as response:
                    body = await response.read()
                    status = response.status
                    retry_after = parse_retry_after(response.headers.get("Retry-After"))
            except TimeoutError:
                raise PSAUnavailable(
                    f"{self.label} did not answer within {self.timeout.total:g} s; try again in a few minutes"
                ) from None
            except aiohttp.ClientError as exc:
                log.info("%s %s failed: %s", method, _without_query(url), type(exc).__name__)
                raise PSAUnavailable(f"{self.label} is unreachable right now; try again in a few minutes") from None
            if 200 <= status < 300:
                return _parse_json(body, self.label)
            if status == 429:
                if retry_after is not None and retry_after <= INLINE_RETRY_LIMIT and attempt < INLINE_RETRIES:
                    await asyncio.sleep(retry_after)
                    continue
                wait = f" for {retry_after:g} s" if retry_after is not None else ""
                raise PSARateLimited(f"{self.label} is rate-limiting walkbot{wait}; try again shortly", retry_after)
            raise self.error_for(status, body, ticket_id)
        raise AssertionError("unreachable")  # pragma: no cover

    def error_for(self, status: int, body: bytes, ticket_id: str | None) -> PSAError:
        detail = _vendor_message(body)
        error = self._error_for(status, detail, ticket_id)
        error.vendor_detail = detail
        return error

    def _error_for(self, status: int, detail: str, ticket_id: str | None) -> PSAError:
        if status in (401, 403):
            return PSAAuthError(
                f"{self.label} rejected walkbot's API credentials: check {self.credentials_hint}", status=status
            )
        if status == 404 and ticket_id is not None:
            return TicketNotFound(f"ticket {ticket_id} was not found in {self.label}")
        if status >= 500:
            said = f" ({detail})" if detail else ""
            return PSAUnavailable(f"{self.label} answered {status}{said}; try again in a few minutes")
        return PSAError(f"{self.label} refused the request ({status}){': ' + detail if detail else ''}")


def parse_retry_after(value: str | None) -> float | None:
    """Retry-After is either seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - datetime.now(UTC)).total_seconds())


def _parse_json(body: bytes, label: str) -> Any:
    """Vendors label JSON oddly (ConnectWise: application/vnd.connectwise.com+json), so parse by content."""
    if not body.strip():
        return None
    try:
        return json.loads(body)
    except ValueError:
        raise PSAError(f"{label} answered with something that is not JSON; check its base URL") from None


def _vendor_message(body: bytes) -> str:
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    if isinstance(data, dict):
        for key in ("message", "error_description", "error"):
            if isinstance(data.get(key), str):
                return data[key][:200]
        errors = data.get("errors")
        if isinstance(errors, list) and errors:
            return str(errors[0])[:200]
    return ""


def _without_query(url: str) -> str:
    return url.split("?", 1)[0]


def require_number(ticket_id: str, label: str) -> str:
    """PSA ticket ids are numbers; anything else never reaches a URL path."""
    cleaned = ticket_id.strip().lstrip("#")
    if not cleaned.isdigit():
        raise TicketNotFound(f"ticket {ticket_id} was not found in {label}: {label} ticket numbers are digits")
    return cleaned


def contains_marker(text: Any, marker: str) -> bool:
    return isinstance(text, str) and marker in text
