"""Slack's answer to a walk card's step click, sent as soon as the click is known to be Slack's.

Slack shows the clicker a spinner until the app answers the click's request with 200 (and gives up after
3 seconds). Bolt answers once the listener has called ``ack()``: after its middleware, listener matching and
argument building, and only when its runner next polls for the ack (every 10 ms); on a busy process each of
those waits its turn on the event loop behind other clicks' work. A step click needs nothing from any of
them to be answered: the step listener acks first thing, with an empty body. So once its signature is
checked (as Bolt checks it), such a click is answered at once and Bolt dispatches it after the answer,
exactly as it would have (its own checks included; its answer then goes nowhere).

Only ``block_actions`` with one walk-step button qualify; everything else (commands, views, events, other
buttons, a bad or old signature) is answered by Bolt as always.
"""

from __future__ import annotations

from collections.abc import Callable

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_sdk.signature import SignatureVerifier

from bot.rendering.action_ids import WALK_STEP

AckAtOnce = Callable[[AsyncBoltRequest], bool]


def step_clicks_acked_at_once(signing_secret: str | None) -> AckAtOnce | None:
    """Whether a request is a walk-step click to answer before Bolt runs; None without a signing secret
    (Socket Mode: Slack gets no HTTP answer)."""
    if not signing_secret:
        return None
    verifier = SignatureVerifier(signing_secret)

    def ack_at_once(request: AsyncBoltRequest) -> bool:
        body = request.body
        if body.get("type") != "block_actions":
            return False
        actions = body.get("actions")
        if not isinstance(actions, list) or len(actions) != 1 or not isinstance(actions[0], dict):
            return False
        if not WALK_STEP.match(str(actions[0].get("action_id", ""))):
            return False
        timestamp, signature = _header(request, "x-slack-request-timestamp"), _header(request, "x-slack-signature")
        if not timestamp.isdigit() or not signature:
            return False
        return verifier.is_valid(body=request.raw_body, timestamp=timestamp, signature=signature)

    return ack_at_once


def _header(request: AsyncBoltRequest, name: str) -> str:
    values = request.headers.get(name)
    return values[0] if values else ""
