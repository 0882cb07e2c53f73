"""Bolt's request built from aiohttp's, with the form body URL-decoded in C instead of in Python.

Slack sends an interactive payload as one form field, ``payload=<URL-encoded JSON>``, and a click on a walk card
carries the whole card back: about 6 KB with some 900 ``%XX`` escapes. Bolt decodes it with ``urllib``'s
``parse_qsl``, whose ``unquote`` loops in Python over every escape (about 0.4 ms of a click's CPU, more than
the rest of Bolt's parsing together). Here an ASCII value is decoded by codecs written in C, with the same
result byte for byte (``tests/bot/test_slack_requests.py`` compares both on odd input); anything else
(non-ASCII text, a backslash, a ``%`` that starts no escape) goes through ``urllib`` as before.

The raw body is kept as it came: Bolt's signature check hashes it.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import unquote

from aiohttp import web
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.request.async_internals import build_async_context
from slack_bolt.request.async_request import AsyncBoltRequest


def unquote_plus(value: str) -> str:
    """``urllib.parse.unquote`` of ``value`` with ``+`` as a space, as ``parse_qsl`` decodes a name or a value.

    An ASCII value without backslashes becomes ``\\xHH`` escapes for the ``unicode_escape`` codec, whose bytes
    (Latin-1 maps each character to its byte) are then read as UTF-8 with errors replaced, as ``unquote`` reads
    them. A ``%`` not followed by two hex digits makes the codec fail, and ``unquote`` decides instead."""
    value = value.replace("+", " ")
    if "%" not in value:
        return value
    if value.isascii() and "\\" not in value:
        try:
            escaped = value.replace("%", "\\x").encode("ascii").decode("unicode_escape")
        except UnicodeDecodeError:
            pass
        else:
            return escaped.encode("latin-1").decode("utf-8", "replace")
    return unquote(value)


def parse_form(body: str) -> list[tuple[str, str]]:
    """``urllib.parse.parse_qsl(body, keep_blank_values=True)``, as Bolt calls it, with ``unquote_plus``."""
    fields = []
    for name_value in body.split("&") if body else ():
        if not name_value:
            continue
        name, _, value = name_value.partition("=")
        fields.append((unquote_plus(name), unquote_plus(value)))
    return fields


def parse_body(body: str, content_type: str | None) -> dict[str, Any]:
    """Bolt's ``slack_bolt.request.internals.parse_body``, step for step, on ``parse_form``."""
    if not body:
        return {}
    if content_type == "application/json" or body.startswith("{"):
        return json.loads(body)
    if "payload" in body:
        payload = dict(parse_form(body)).get("payload")
        return json.loads(payload) if payload is not None else {}
    return dict(parse_form(body))


class FormDecodedBoltRequest(AsyncBoltRequest):
    """An ``AsyncBoltRequest`` whose body ``parse_body`` parsed. Bolt's own constructor is given an empty body
    (it parses nothing then) and sets everything else as it always does."""

    def __init__(self, *, body: str, query: str, headers: Any) -> None:
        super().__init__(body="", query=query, headers=headers)
        self.raw_body = body
        self.body = parse_body(body, self.content_type)
        self.context = build_async_context(AsyncBoltContext({}), self.body)


async def to_bolt_request(request: web.Request) -> AsyncBoltRequest:
    """``slack_bolt.adapter.aiohttp.to_bolt_request``, building a ``FormDecodedBoltRequest``."""
    return FormDecodedBoltRequest(body=await request.text(), query=request.query_string, headers=request.headers)
