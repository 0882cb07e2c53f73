"""A list item's section (and a context line) as the dict Slack's block models would build, without the models.

``slack_sdk.models`` validate every field and walk every attribute on each ``to_dict()``: drawing a 20-item
escalation list that way took ~4 ms of CPU, the most of anything the request did at a million walks after its
one SQL round trip (bench/README.md, "Scale"). Items differ only in their text and their button's value, so the
models build each kind of button once per process (checking its text and action id) and every item copies it;
the text is clipped to Slack's limit and the value checked against it here, as the models would.
"""

from __future__ import annotations

import functools
from typing import Any

from slack_sdk.models.blocks import ButtonElement

from bot.rendering.text import CONTEXT_TEXT, SECTION_TEXT, clip

BUTTON_VALUE = 2000  # Slack's limit for a button's value


@functools.cache
def _button(text: str, action_id: str) -> dict[str, Any]:
    return ButtonElement(text=text, action_id=action_id, value="-").to_dict()


def item_section(text: str, button: tuple[str, str, str] | None = None) -> dict[str, Any]:
    """A mrkdwn section (``text`` clipped to Slack's limit), with ``button`` = (text, action id, value) beside it."""
    block: dict[str, Any] = {"text": {"text": clip(text, SECTION_TEXT), "type": "mrkdwn"}, "type": "section"}
    if button is not None:
        label, action_id, value = button
        if len(value) > BUTTON_VALUE:
            raise ValueError(f"a button's value is at most {BUTTON_VALUE} characters: {value[:40]}…")
        template = _button(label, action_id)
        block["accessory"] = {**template, "text": dict(template["text"]), "value": value}
    return block


def context_line(text: str) -> dict[str, Any]:
    """A context block of one mrkdwn line (clipped to Slack's limit)."""
    return {"elements": [{"text": clip(text, CONTEXT_TEXT), "type": "mrkdwn"}], "type": "context"}
